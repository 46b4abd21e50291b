"""Matrix Machines: verified NumPy implementations of the neural-network math in the book.

Every module is written from scratch in NumPy so that it can be read top to bottom.
One shape convention holds everywhere: a dense layer maps ``n_in`` features to
``n_out`` features with ``W`` of shape ``(n_out, n_in)`` (one row per neuron) and
``b`` of shape ``(n_out,)``; a batch ``X`` has shape ``(N, n_in)`` (one row per
example) and the layer computes ``Z = X @ W.T + b`` of shape ``(N, n_out)``.
"""

__version__ = "0.1.0"
