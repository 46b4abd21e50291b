r"""Dense (fully connected) layers and activation layers.

Shape convention (the same in every chapter): a dense layer maps ``n_in`` input
features to ``n_out`` outputs with

- ``W`` of shape ``(n_out, n_in)``: one row per neuron, one column per input feature;
- ``b`` of shape ``(n_out,)``: one bias per neuron;
- a batch ``X`` of shape ``(N, n_in)``: one row per example;
- pre-activations :math:`Z = X W^\top + b` of shape ``(N, n_out)``.

Taught in chapter 1 (forward pass) and chapter 5 (backward pass).
"""

from __future__ import annotations

import numpy as np

from lib._validate import as_float_array

__all__ = ["dense_forward", "dense_parameter_count"]


def dense_forward(X, W, b):
    r"""Pre-activations of a dense layer, :math:`Z = X W^\top + b`.

    A single example may be given as a vector ``x`` of shape ``(n_in,)``; the
    result is then the vector :math:`z = Wx + b` of shape ``(n_out,)``.

    Parameters
    ----------
    X : array_like of shape (N, n_in) or (n_in,)
        A batch of examples, one per row, or one example.
    W : array_like of shape (n_out, n_in)
        Weights, one row per neuron.
    b : array_like of shape (n_out,)
        Biases, one per neuron.

    Returns
    -------
    ndarray of shape (N, n_out) or (n_out,)

    Raises
    ------
    ValueError
        If the shapes do not fit together; the message names them.
    """
    X = as_float_array(X, "X", ndim=(1, 2))
    W = as_float_array(W, "W", ndim=2)
    b = as_float_array(b, "b", ndim=1)
    n_out, n_in = W.shape
    if X.shape[-1] != n_in:
        raise ValueError(
            f"W has shape {W.shape} (expects {n_in} input features) but X has shape "
            f"{X.shape} with {X.shape[-1]} features; W needs one column per input feature"
        )
    if b.shape != (n_out,):
        raise ValueError(f"W has shape {W.shape} ({n_out} neurons) so b needs shape ({n_out},), got {b.shape}")
    return X @ W.T + b


def dense_parameter_count(n_in: int, n_out: int) -> int:
    r"""Number of trainable numbers in a dense layer: :math:`n_{out} n_{in} + n_{out}`.

    Parameters
    ----------
    n_in, n_out : int
        Input features and neurons (both positive).

    Returns
    -------
    int
        ``n_out * n_in`` weights plus ``n_out`` biases; e.g. 100,480 for 784 -> 128.
    """
    for name, value in (("n_in", n_in), ("n_out", n_out)):
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value}")
    return int(n_out) * int(n_in) + int(n_out)
