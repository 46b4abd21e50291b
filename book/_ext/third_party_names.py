"""Sphinx extension: bare class names of the plotting and widget libraries are not lib's.

The strict build (``-n``) turns every word of a numpydoc type into a class reference.
``Figure``, ``Axes``, ``VBox`` or ``SelectionSlider`` are classes of matplotlib,
ipywidgets and anywidget, which the offline build cannot link to; a bare mention of one
would fail the build. Rather than a hand-kept list of names in ``_config.yml`` (which
breaks whenever a docstring names a widget class nobody listed), this extension reads
the names these libraries export and ignores exactly those, only as ``py:class``
targets. References to the book's own classes and functions still have to resolve.
"""

import importlib
import inspect

MODULES = ("ipywidgets", "anywidget", "traitlets", "matplotlib.figure", "matplotlib.axes",
           "matplotlib.artist", "matplotlib.lines", "matplotlib.patches",
           "matplotlib.collections", "matplotlib.image", "matplotlib.text",
           "matplotlib.colors", "numpy.random", "numpy.typing")


def _class_names() -> set[str]:
    names = set()
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        names.update(name for name, value in vars(module).items()  # aliases too: ArrayLike
                     if not name.startswith("_")
                     and (inspect.isclass(value) or module_name == "numpy.typing"))
    return names


def _ignore_third_party(app, config):
    config.nitpick_ignore = [*config.nitpick_ignore,
                             *(("py:class", name) for name in sorted(_class_names()))]
    # Dotted names of these packages too, as base classes ("Bases: anywidget.AnyWidget")
    # and trait annotations ("t.Any", traitlets' own alias) write them.
    config.nitpick_ignore_regex = [*config.nitpick_ignore_regex,
                                   ("py:.*", r"(anywidget|traitlets|t)\..*")]


def setup(app):
    app.connect("config-inited", _ignore_third_party)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
