"""Interactive explorers, one module per chapter, each a short declaration over
:mod:`lib.widgets.core`: live in Jupyter, responsive in the static HTML book."""
