"""Interactive explorers, one module per chapter.

Each module keeps the computing and drawing in plain functions (testable without a
browser) and wraps them in ipywidgets sliders with one short function. A widget
redraws by updating the artists of one figure, never by creating a new figure per
slider move, so that a callback stays well under 100 ms.
"""
