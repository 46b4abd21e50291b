"""Interactive explorers, one module per chapter, each a short declaration over
:mod:`lib.widgets.core` (controls with the grids they offer, a pure ``compute`` that calls
lib, a ``draw`` that moves the artists of one figure). The core makes them live in
Jupyter and responsive in the static HTML book.
"""
