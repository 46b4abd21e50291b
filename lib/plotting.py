r"""Drawing helpers shared by the chapters and their explorers.

The pictures in this book are mostly of the plane :math:`\mathbb{R}^2`: a grid of
points to evaluate a neuron on, grid lines to watch a layer bend, regions where a
classifier picks one class or another. These helpers build those grids and draw
them, so that every chapter draws them the same way.

Figures are made with :class:`matplotlib.figure.Figure` directly rather than
through ``pyplot``: such a figure is never shown automatically, so an explorer
that redraws one figure on every slider move displays it exactly once.

Computation graphs (boxes, arrows, forward values and gradients) are drawn by
:func:`draw_computation_graph` for chapter 5 (backpropagation), and tables of
results are laid out by :func:`markdown_table` for the chapters to display.

First used in chapter 1 (neurons and layers).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis, XAxis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.transforms import ScaledTranslation
from PIL import Image

from lib._validate import as_float_array, as_labels, check_count, check_finite, check_real
from lib.activations import get_activation

__all__ = [
    "CLASS_COLORS",
    "draw_heatmap",
    "markdown_table",
    "new_figure",
    "figure_to_png",
    "png_output",
    "BlitRenderer",
    "rgba_to_png",
    "plane_grid",
    "grid_lines",
    "draw_grid_lines",
    "draw_decision_regions",
    "draw_labelled_points",
    "draw_activation_curves",
    "image_gallery",
    "boundary_segment",
    "GraphNode",
    "draw_computation_graph",
]

CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
"""One colour per class (matplotlib's ten "tab" colours), used for regions and points."""


def new_figure(figsize=(6.0, 4.0), ncols: int = 1, nrows: int = 1, **subplot_kw):
    """Create a figure and its axes without going through ``pyplot``.

    Parameters
    ----------
    figsize : (float, float), default (6, 4)
        Width and height in inches.
    ncols, nrows : int, default 1
        Number of axes across and down.
    **subplot_kw
        Passed to :meth:`matplotlib.figure.Figure.subplots` (e.g. ``sharey=True``).

    Returns
    -------
    fig : matplotlib.figure.Figure
        Uses the constrained layout engine, so titles and colour bars do not overlap.
    axes : Axes or ndarray of Axes
        A single ``Axes`` when ``nrows == ncols == 1``, else an array of shape
        ``(ncols,)``, ``(nrows,)`` or ``(nrows, ncols)`` as in ``pyplot.subplots``.
    """
    for name, value in (("ncols", ncols), ("nrows", nrows)):
        check_count(value, name)
    size = as_float_array(figsize, "figsize", ndim=1)
    if size.shape != (2,) or not np.all(size > 0):
        raise ValueError(f"figsize must be (width, height) in inches, both > 0, got {figsize!r}")
    fig = Figure(figsize=tuple(size), layout="constrained")
    axes = fig.subplots(nrows=int(nrows), ncols=int(ncols), squeeze=True, **subplot_kw)
    return fig, axes


def figure_to_png(fig: Figure, dpi: float | None = None) -> bytes:
    """Render a figure to PNG bytes.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : float, optional
        Resolution; the figure's own ``dpi`` when omitted.

    Returns
    -------
    bytes
        The PNG file's contents (they start with ``b"\\x89PNG"``).
    """
    _check_figure(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_check_dpi(dpi))
    return buffer.getvalue()


def png_output(png: bytes, text: str = "<figure>") -> dict:
    """Wrap PNG bytes as one Jupyter ``display_data`` output.

    An explorer puts this dictionary into ``ipywidgets.Output.outputs`` to replace
    its picture in a single step (no flicker, and it works with or without a
    running kernel, which keeps widgets testable in plain pytest).

    Parameters
    ----------
    png : bytes
        A PNG file's contents, e.g. from :func:`figure_to_png`.
    text : str, default "<figure>"
        The plain-text stand-in shown where images cannot be.

    Returns
    -------
    dict
        ``{"output_type": "display_data", "data": {"image/png": <base64>, ...}, ...}``.
    """
    if not isinstance(png, bytes) or not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise TypeError(f"png must be the bytes of a PNG file, got {type(png).__name__} "
                        f"{png[:8]!r}" if isinstance(png, bytes) else
                        f"png must be the bytes of a PNG file, got {type(png).__name__}")
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {text!r}")
    encoded = base64.b64encode(png).decode("ascii")
    return {
        "output_type": "display_data",
        "data": {"image/png": encoded, "text/plain": text},
        "metadata": {},
    }


class BlitRenderer:
    """Fast PNG renders of a figure whose static part is drawn once and cached.

    A slider move in an explorer changes a few artists (a curve, an image, a
    title) but a full :meth:`~matplotlib.figure.Figure.savefig` redraws
    everything: laying out and rasterising every piece of text (tick labels,
    colour-bar labels, titles; mathtext is even re-parsed) dominates the cost,
    followed by the default, slow PNG compression. Together they made a move
    take several hundred milliseconds. This class uses blitting instead:

    1. the moving artists are marked ``set_animated(True)``, so that a full draw
       of the canvas skips them and paints only the static part (axes, frames,
       fixed ticks, colour bars, labels), which is copied with
       ``canvas.copy_from_bbox(fig.bbox)`` and kept;
    2. each render restores that copy and draws only the moving artists on top;
    3. the canvas buffer is encoded as PNG by :func:`rgba_to_png` (Pillow at a low
       zlib level: several times faster than ``savefig``'s default encoding).

    Anything can be "moving", including an :class:`~matplotlib.axis.Axis` whose
    limits change on every move: its ticks, tick labels, grid lines and label
    are then redrawn each time, which is still cheap for a few tick labels.
    Such an axis label is pinned at a fixed distance from its axes, leaving room
    for tick labels as wide as ``tick_label_room`` (matplotlib would otherwise
    measure every tick label twice more on each draw to place it). When some
    *static* part changes (e.g. fixed axis limits or a colour bar's range), call
    :meth:`invalidate` or pass a different ``key`` to :meth:`render_png`.

    The cached background fixes the layout, so the constructor lays the figure
    out one last time (with its layout engine, e.g. constrained layout, once the
    axis labels are pinned) and then switches the layout engine off. Set every
    text to a typical value before.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Drawn on an Agg canvas (one is attached if the figure has none).
    animated_artists : iterable of matplotlib.artist.Artist
        The artists that change between renders. They are drawn in order of
        their ``zorder`` (ties keep the given order), after the background.
    dpi : float, optional
        Resolution of the renders; the figure's own ``dpi`` when omitted.
    tick_label_room : str, default "−00.0"
        The widest tick label expected on a moving vertical axis.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> (line,) = ax.plot([0, 1], [0, 1])
    >>> renderer = BlitRenderer(fig, [line])
    >>> line.set_ydata([1, 0])
    >>> renderer.render_png()[:4]
    b'\\x89PNG'
    """

    def __init__(self, fig: Figure, animated_artists, dpi: float | None = None,
                 tick_label_room: str = "\N{MINUS SIGN}00.0"):
        self.fig = _check_figure(fig)
        if isinstance(animated_artists, str) or not hasattr(animated_artists, "__iter__"):
            raise TypeError(f"animated_artists must be a list of artists, got {animated_artists!r}")
        animated_artists = list(animated_artists)
        if not all(isinstance(artist, Artist) for artist in animated_artists):
            raise TypeError("animated_artists must hold matplotlib artists, got "
                            f"{[type(a).__name__ for a in animated_artists]}")
        if dpi is not None:
            fig.set_dpi(_check_dpi(dpi))
        if not isinstance(fig.canvas, FigureCanvasAgg):
            FigureCanvasAgg(fig)
        self.artists = sorted(animated_artists, key=lambda artist: artist.get_zorder())
        fig.draw_without_rendering()  # lays the figure out and places the axis labels
        moving_axes = [artist for artist in self.artists if isinstance(artist, Axis)]
        for axis in moving_axes:
            _pin_axis_label(axis, tick_label_room)
        if moving_axes:
            fig.draw_without_rendering()  # once more, making room for the pinned labels
        fig.set_layout_engine("none")
        for artist in self.artists:
            artist.set_animated(True)
        self._backgrounds: dict = {}

    def invalidate(self) -> None:
        """Forget the cached background(s); the next render redraws the static part."""
        self._backgrounds.clear()

    def render_png(self, key=None, colors: int | None = None, compress_level: int = 1) -> bytes:
        """The current picture as PNG bytes.

        Parameters
        ----------
        key : hashable, optional
            Names the state of the static part: one background is cached per key
            (e.g. per zoom level), so that going back to a state is fast too.
        colors : int, optional
            Palette size of the PNG (see :func:`rgba_to_png`); full colour by default.
        compress_level : int, default 1
            zlib level of the PNG (see :func:`rgba_to_png`).

        Returns
        -------
        bytes
            The same picture as a full draw of the figure at the same dpi.
        """
        canvas = self.fig.canvas
        if key not in self._backgrounds:
            canvas.draw()  # paints everything except the animated artists
            self._backgrounds[key] = canvas.copy_from_bbox(self.fig.bbox)
        canvas.restore_region(self._backgrounds[key])
        renderer = canvas.get_renderer()
        for artist in self.artists:
            if artist.get_visible():
                artist.draw(renderer)
        return rgba_to_png(canvas.buffer_rgba(), compress_level, colors)


def _pin_axis_label(axis: Axis, widest: str) -> None:
    """Fix an axis label at a distance from its axes that suits any tick labels.

    An x axis label keeps the distance the last draw gave it (tick labels all have
    the same height); a y axis label is put beyond tick labels as wide as ``widest``.
    Distances are in pixels, kept through any later change of the axes' position.
    """
    ax, fig = axis.axes, axis.get_figure(root=True)
    renderer = fig.canvas.get_renderer()
    ticks = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]
    side = axis.get_label_position()
    if isinstance(axis, XAxis):
        anchor = 0.0 if side == "bottom" else 1.0
        offset = axis.label.get_position()[1] - (ax.bbox.y0 if anchor == 0 else ax.bbox.y1)
        shift = ScaledTranslation(0.0, offset / fig.dpi, fig.dpi_scale_trans)
        axis.set_label_coords(0.5, anchor, transform=ax.transAxes + shift)
        return
    prop = ticks[0].get_fontproperties() if ticks else axis.label.get_fontproperties()
    width = renderer.get_text_width_height_descent(widest, prop, ismath=False)[0]
    labelpad = axis.labelpad * fig.dpi / 72
    if side == "left":
        gap = ax.bbox.x0 - max((t.get_window_extent(renderer).x1 for t in ticks),
                               default=ax.bbox.x0)
        anchor, offset = 0.0, -(gap + width + labelpad)
    else:
        gap = min((t.get_window_extent(renderer).x0 for t in ticks),
                  default=ax.bbox.x1) - ax.bbox.x1
        anchor, offset = 1.0, gap + width + labelpad
    shift = ScaledTranslation(offset / fig.dpi, 0.0, fig.dpi_scale_trans)
    axis.set_label_coords(anchor, 0.5, transform=ax.transAxes + shift)


def rgba_to_png(rgba, compress_level: int = 1, colors: int | None = None) -> bytes:
    """Encode an opaque image as a PNG file with Pillow, quickly.

    The alpha channel is dropped (a figure's background is opaque), which saves a
    quarter of the work, and a low zlib level is several times faster than
    Pillow's default and, for figures (large flat areas), barely larger.

    Parameters
    ----------
    rgba : array_like of uint8, shape (height, width, 4)
        E.g. ``fig.canvas.buffer_rgba()`` of an Agg canvas.
    compress_level : int, default 1
        zlib level, 0 (none) to 9 (smallest, slowest).
    colors : int, optional
        Reduce the picture to a palette of this many colours (2 to 256) first: a
        figure of flat areas and lines then takes a third of the bytes or less, at the
        same cost, which is what the static book's precomputed pictures need.

    Returns
    -------
    bytes
        The PNG file's contents (8-bit RGB, or 8-bit palette with ``colors``).
    """
    pixels = np.asarray(rgba)
    if pixels.ndim != 3 or pixels.shape[2] != 4 or min(pixels.shape) == 0:
        raise ValueError(f"rgba must have shape (height, width, 4), got {pixels.shape}")
    if pixels.dtype != np.uint8:
        if not np.issubdtype(pixels.dtype, np.number) or np.iscomplexobj(pixels):
            raise TypeError(f"rgba must hold numbers 0 to 255, got dtype {pixels.dtype}")
        if not (np.all(np.isfinite(pixels)) and pixels.min() >= 0 and pixels.max() <= 255
                and np.all(pixels == np.round(pixels))):
            raise ValueError("rgba must hold whole numbers 0 to 255, got values in "
                             f"[{pixels.min()}, {pixels.max()}]")
        pixels = pixels.astype(np.uint8)
    level = check_count(compress_level, "compress_level", minimum=0, maximum=9)
    image = Image.fromarray(np.ascontiguousarray(pixels), "RGBA").convert("RGB")
    if colors is not None:
        image = image.quantize(check_count(colors, "colors", minimum=2, maximum=256),
                               method=Image.Quantize.FASTOCTREE)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=level)
    return buffer.getvalue()


def plane_grid(xlim=(-3.0, 3.0), ylim=(-3.0, 3.0), n: int = 200):
    r"""A square grid of points covering a rectangle of the plane.

    Parameters
    ----------
    xlim, ylim : (float, float)
        The rectangle :math:`[x_{lo}, x_{hi}] \times [y_{lo}, y_{hi}]`, with lo < hi.
    n : int, default 200
        Points per side (at least 2).

    Returns
    -------
    X1, X2 : ndarray of shape (n, n)
        First and second coordinates; ``X1[i, j]`` grows with ``j``, ``X2[i, j]``
        with ``i`` (row 0 is the bottom edge, as in ``imshow(origin="lower")``).
    points : ndarray of shape (n * n, 2)
        The same points as rows, ``points[i * n + j] == (X1[i, j], X2[i, j])``,
        ready for a layer: ``Z = points @ W.T + b``.
    """
    x_lo, x_hi = _check_limits(xlim, "xlim")
    y_lo, y_hi = _check_limits(ylim, "ylim")
    n = _check_count(n, "n", minimum=2)
    X1, X2 = np.meshgrid(np.linspace(x_lo, x_hi, n), np.linspace(y_lo, y_hi, n))
    return X1, X2, np.column_stack([X1.ravel(), X2.ravel()])


def grid_lines(xlim=(-3.0, 3.0), ylim=(-3.0, 3.0), n_lines: int = 9, n_points: int = 50):
    """Vertical and horizontal lines across a rectangle, as polylines of points.

    Feeding every point through a map and joining them again shows how the map
    bends the plane: a linear map keeps lines straight and parallel, a ReLU layer
    folds them.

    Parameters
    ----------
    xlim, ylim : (float, float)
        The rectangle, with lo < hi.
    n_lines : int, default 9
        Lines in each direction (at least 2).
    n_points : int, default 50
        Points along each line (at least 2; more points show bends more smoothly).

    Returns
    -------
    ndarray of shape (2 * n_lines, n_points, 2)
        A stack of polylines: first the ``n_lines`` vertical lines (left to right),
        then the ``n_lines`` horizontal ones (bottom to top). Transform them all at
        once with ``f(lines.reshape(-1, 2)).reshape(lines.shape)``.
    """
    x_lo, x_hi = _check_limits(xlim, "xlim")
    y_lo, y_hi = _check_limits(ylim, "ylim")
    n_lines = _check_count(n_lines, "n_lines", minimum=2)
    n_points = _check_count(n_points, "n_points", minimum=2)
    xs, ys = np.linspace(x_lo, x_hi, n_lines), np.linspace(y_lo, y_hi, n_lines)
    along_y, along_x = np.linspace(y_lo, y_hi, n_points), np.linspace(x_lo, x_hi, n_points)
    vertical = np.stack([np.column_stack([np.full(n_points, x), along_y]) for x in xs])
    horizontal = np.stack([np.column_stack([along_x, np.full(n_points, y)]) for y in ys])
    return np.concatenate([vertical, horizontal])


def draw_grid_lines(ax: Axes, lines, **line_kw) -> LineCollection:
    """Draw a stack of polylines (e.g. from :func:`grid_lines`) as one collection.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    lines : array_like of shape (L, k, 2)
        ``L`` polylines of ``k`` points each.
    **line_kw
        Passed to :class:`matplotlib.collections.LineCollection`; defaults are thin
        grey lines.

    Returns
    -------
    matplotlib.collections.LineCollection
        Move the lines later with ``collection.set_segments(new_lines)``.
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    lines = as_float_array(lines, "lines", ndim=3)
    if lines.shape[-1] != 2:
        raise ValueError(f"lines must have shape (L, k, 2), got {lines.shape}")
    style = {"colors": "0.55", "linewidths": 0.8, "zorder": 1} | line_kw
    collection = LineCollection(list(lines), **style)
    ax.add_collection(collection)
    return collection


def draw_decision_regions(ax: Axes, scores, xlim=(-3.0, 3.0), ylim=(-3.0, 3.0), *,
                          n: int = 200, colors=None, alpha: float = 0.3,
                          boundary_color: str = "k"):
    r"""Shade the plane by predicted class and draw the boundaries between classes.

    One score per point means two classes (class 1 where the score is positive,
    boundary where it is 0); ``K`` scores per point mean ``K`` classes (the largest
    score wins, and class ``k``'s boundary is where :math:`s_k = \max_{j \ne k} s_j`).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    scores : callable or array_like
        Either a function mapping points of shape (M, 2) to scores of shape (M,) or
        (M, K), or those scores already computed on ``plane_grid(xlim, ylim, n)[2]``,
        of shape (n * n,) or (n * n, K).
    xlim, ylim : (float, float)
        The rectangle to shade.
    n : int, default 200
        Grid points per side (ignored when ``scores`` are given precomputed; then
        ``n`` is read off their length).
    colors : sequence of colours, optional
        One per class; matplotlib's "tab" colours by default.
    alpha : float, default 0.3
        Opacity of the shading, so that data points drawn on top stay visible.
    boundary_color : str, default "k"

    Returns
    -------
    dict
        ``"image"``: the shading (an ``AxesImage``); ``"labels"``: the predicted
        classes, int array of shape (n, n) laid out like :func:`plane_grid`;
        ``"boundaries"``: the contour sets drawn (possibly empty).
    """
    if callable(scores):
        X1, X2, points = plane_grid(xlim, ylim, n)
        values = as_float_array(scores(points), "scores(points)", ndim=(1, 2))
    else:
        values = as_float_array(scores, "scores", ndim=(1, 2))
        n = int(round(np.sqrt(values.shape[0])))
        if n * n != values.shape[0] or n < 2:
            raise ValueError(
                f"precomputed scores must have n * n rows for a square grid, got {values.shape[0]}"
            )
        X1, X2, points = plane_grid(xlim, ylim, n)
    if values.shape[0] != n * n:
        raise ValueError(f"scores(points) returned {values.shape[0]} rows for {n * n} points")
    if values.ndim == 1:
        values = np.column_stack([np.zeros_like(values), values])  # class 1 wins where s > 0
    n_classes = values.shape[1]
    if n_classes < 2:
        raise ValueError("scores with one column are ambiguous; pass shape (M,) for two classes")
    palette = list(colors) if colors is not None else list(CLASS_COLORS)
    if len(palette) < n_classes:
        raise ValueError(f"{n_classes} classes need {n_classes} colors, got {len(palette)}")
    labels = values.argmax(axis=1).reshape(n, n)
    image = ax.imshow(labels, origin="lower", extent=(*xlim, *ylim), aspect="auto",
                      cmap=ListedColormap(palette[:n_classes]), vmin=-0.5,
                      vmax=n_classes - 0.5, alpha=alpha, interpolation="nearest", zorder=0)
    boundaries = []
    for k in range(n_classes if n_classes > 2 else 1):
        others = np.delete(values, k, axis=1).max(axis=1)
        margin = (values[:, k] - others).reshape(n, n)
        if margin.min() < 0 < margin.max():
            boundaries.append(ax.contour(X1, X2, margin, levels=[0.0],
                                         colors=boundary_color, linewidths=1.5, zorder=2))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    return {"image": image, "labels": labels, "boundaries": boundaries}


_CLASS_MARKERS = ("o", "^", "s", "D", "v", "P", "X", "*", "p", "h")
"""One marker per class (circle, triangle, square, ...), so classes differ without colour."""

_RING_COLOR = "#c53030"  # the rings that draw_labelled_points puts around chosen points


def draw_labelled_points(
    ax: Axes, points, labels, names=None, *, ring=None, size: float = 110.0, fontsize: float = 10.0
):
    r"""Scatter labelled points of the plane in the book's class colours and markers.

    Class :math:`k` is drawn with colour ``CLASS_COLORS[k]`` and its own marker
    (circle for class 0, triangle for class 1, square for class 2, ...), so that the
    classes stay apart in grey print too. Optional names are written beside the
    points; when several points land on the same spot (as the XOR inputs
    :math:`(0, 1)` and :math:`(1, 0)` do in a hidden space), their names are stacked
    downwards instead of overwriting each other: the :math:`j`-th name at a spot
    (:math:`j = 0, 1, \dots`, in the order of the rows) is offset from its point by
    :math:`(7,\ -13 - 1.2\,j\,f)` typographic points, with :math:`f` the font size.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    points : array_like of shape (N, 2)
        One point per row, e.g. the inputs ``X`` or their hidden-layer images ``H``.
    labels : array_like of int, shape (N,)
        The class of each point, in ``[0, 10)`` (one of the ten class colours).
    names : sequence of str of length N, optional
        A short text per point, e.g. ``"(0,1)"``.
    ring : array_like of bool, shape (N,), optional
        Points to circle with a red ring, e.g. ``predicted != labels`` (the
        misclassified ones).
    size : float, default 110
        Marker area in points², as ``scatter``'s ``s``; rings are 3.8 times larger.
    fontsize : float, default 10
        Font size of the names, in points.

    Returns
    -------
    dict
        ``"classes"``: a dict from each class present to its ``PathCollection``
        (legend label ``"label k"``); ``"names"``: the list of ``Annotation`` texts;
        ``"ring"``: the ``PathCollection`` of the rings, or None.

    Raises
    ------
    TypeError
        If ``ax`` is not an Axes, ``labels`` are not whole numbers, ``names`` are
        not strings or ``ring`` is not boolean.
    ValueError
        If ``points`` is not of shape (N, 2) or not finite, if ``labels``,
        ``names`` or ``ring`` do not have one entry per point, if a label lies
        outside ``[0, 10)``, or if ``size`` or ``fontsize`` is not positive.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> drawn = draw_labelled_points(ax, [[0, 0], [1, 0], [1, 0]], [0, 1, 1],
    ...                              names=["a", "b", "c"])
    >>> sorted(drawn["classes"])
    [0, 1]
    >>> [text.xyann for text in drawn["names"]]
    [(7, -13.0), (7, -13.0), (7, -25.0)]
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    points = as_float_array(points, "points", ndim=2)
    if points.shape[1] != 2:
        raise ValueError(
            f"points must have shape (N, 2), one point of the plane per row, got {points.shape}"
        )
    n_points = points.shape[0]
    labels = as_labels(labels, "labels", n_examples=n_points, n_classes=len(CLASS_COLORS))
    if names is not None:
        if isinstance(names, str) or not hasattr(names, "__len__"):
            raise TypeError(f"names must be a list of strings, one per point, got {names!r}")
        names = list(names)
        if len(names) != n_points:
            raise ValueError(f"names has {len(names)} entries but there are {n_points} points")
        if not all(isinstance(name, str) for name in names):
            raise TypeError(
                f"names must all be strings, got {sorted({type(name).__name__ for name in names})}"
            )
    if ring is not None:
        ring = np.asarray(ring)
        if ring.dtype != bool:
            raise TypeError(
                f"ring must be a boolean mask, one entry per point, got dtype {ring.dtype}"
            )
        if ring.shape != (n_points,):
            raise ValueError(
                f"ring must have shape ({n_points},), one entry per point, got {ring.shape}"
            )
    size = check_real(size, "size", low=0, low_open=True)
    fontsize = check_real(fontsize, "fontsize", low=0, low_open=True)
    classes = {}
    for label in np.unique(labels).tolist():
        chosen = points[labels == label]
        classes[label] = ax.scatter(
            chosen[:, 0],
            chosen[:, 1],
            s=size,
            marker=_CLASS_MARKERS[label],
            color=CLASS_COLORS[label],
            edgecolor="black",
            zorder=3,
            label=f"label {label}",
        )
    texts = []
    seen: dict[tuple[float, float], int] = {}
    for point, name in zip(points, names or [], strict=False):
        spot = tuple(np.round(point, 6).tolist())
        j = seen.get(spot, -1) + 1
        seen[spot] = j
        texts.append(
            ax.annotate(
                name,
                tuple(point),
                xytext=(7, -13 - 1.2 * j * fontsize),
                textcoords="offset points",
                fontsize=fontsize,
                zorder=4,
            )
        )
    rings = None
    if ring is not None:
        rings = ax.scatter(
            points[ring, 0],
            points[ring, 1],
            s=3.8 * size,
            facecolor="none",
            edgecolor=_RING_COLOR,
            linewidth=2.2,
            zorder=4,
            label="misclassified",
        )
    return {"classes": classes, "names": texts, "ring": rings}


def draw_activation_curves(ax: Axes, z, names=("relu", "sigmoid", "tanh"), *,
                           derivative: bool = False, leaky_slope: float = 0.01):
    r"""Plot activation functions from :mod:`lib.activations`, or their slopes, against z.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    z : array_like of shape (M,)
        Input values, e.g. ``np.linspace(-4, 4, 401)``.
    names : sequence of str, default ("relu", "sigmoid", "tanh")
        Activation names known to :func:`lib.activations.get_activation`.
    derivative : bool, default False
        Plot the slopes :math:`\sigma'(z)` (the ``*_derivative`` functions of
        :mod:`lib.activations`) instead of the functions.
    leaky_slope : float, default 0.01
        The slope :math:`\alpha \in [0, 1)` of ``"leaky_relu"`` for :math:`z < 0`
        (a larger one, such as 0.1, is easier to see); its line is labelled with it.

    Returns
    -------
    list of matplotlib.lines.Line2D
        One line per name, labelled with the name (a legend is added).
    """
    z = as_float_array(z, "z", ndim=1)
    if isinstance(names, str) or len(names) == 0:
        raise ValueError(f"names must list at least one activation, got {names!r}")
    alpha = check_real(leaky_slope, "leaky_slope", low=0.0, high=1.0, high_open=True)
    lines = []
    for name in names:
        function, slope = get_activation(name)
        if name == "leaky_relu":
            values = slope(z, alpha) if derivative else function(z, alpha)
            label = f"leaky_relu (α = {alpha:g})"
        else:
            values, label = (slope(z) if derivative else function(z)), name
        lines.extend(ax.plot(z, values, linewidth=2, label=label))
    ax.axhline(0.0, color="0.4", linewidth=0.8, zorder=0)
    ax.axvline(0.0, color="0.4", linewidth=0.8, zorder=0)
    ax.set_xlabel("$z$")
    ax.set_ylabel("slope $\\sigma'(z)$" if derivative else "activation $\\sigma(z)$")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return lines


def draw_heatmap(ax: Axes, matrix, row_labels, col_labels, *, title: str = "",
                 vmax: float | None = None, xlabel: str = "", ylabel: str = "",
                 fontsize: float = 10):
    r"""Draw a matrix as coloured cells with a label for every row and column.

    Entry :math:`M_{ij}` is the cell in row :math:`i` (counted from the top) and
    column :math:`j`, coloured from 0 (dark) to ``vmax`` (bright) on the
    ``"viridis"`` scale. Chapter 9 draws attention weights this way: row :math:`i`
    is where query word :math:`i` looks, column :math:`j` is key word :math:`j`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    matrix : array_like of shape (R, C)
        Finite, non-negative values (weights, probabilities, counts).
    row_labels : sequence of str, length R
    col_labels : sequence of str, length C
        Written along the bottom, turned upright to fit many short words.
    title, xlabel, ylabel : str, optional
    vmax : float, optional
        The value drawn brightest; default the largest entry (1 if all are 0).
    fontsize : float, default 10

    Returns
    -------
    matplotlib.image.AxesImage
        For a colour bar: ``fig.colorbar(image, ax=ax)``.

    Raises
    ------
    ValueError
        If the matrix is not 2-D, has a negative or non-finite entry, or the number
        of labels does not match its shape.
    """
    M = as_float_array(matrix, "matrix")  # finite, or a clear error
    if M.ndim != 2 or M.size == 0:
        raise ValueError(f"matrix must be a non-empty 2-D array, got shape {M.shape}")
    if (M < 0).any():
        raise ValueError(f"matrix must be non-negative, its smallest entry is {M.min():g}")
    rows = _labels(row_labels, M.shape[0], "row_labels")
    cols = _labels(col_labels, M.shape[1], "col_labels")
    if vmax is None:
        top = float(M.max()) or 1.0  # an all-zero matrix still gets a colour scale
    else:
        top = check_real(vmax, "vmax", low=0.0, low_open=True)
    image = ax.imshow(M, cmap="viridis", vmin=0.0, vmax=top)
    ax.set_xticks(range(len(cols)), cols, rotation=90, fontsize=fontsize)
    ax.set_yticks(range(len(rows)), rows, fontsize=fontsize)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=fontsize)
    return image


def _labels(labels, n: int, name: str) -> list[str]:
    if isinstance(labels, str) or not isinstance(labels, list | tuple | np.ndarray):
        raise TypeError(f"{name} must be a list of {n} strings, got {labels!r}")
    if len(labels) != n:
        raise ValueError(f"{name} has {len(labels)} entries but the matrix has {n}")
    return [str(label) for label in labels]


def _table_cell(cell, where: str) -> str:
    """One cell's text for a pipe table: a string or an integer, on one line."""
    if isinstance(cell, bool | np.bool_) or not isinstance(cell, str | int | np.integer):
        raise TypeError(
            f"{where} must be a string (format numbers first, e.g. f'{{x:.3f}}') or an "
            f"integer, got {cell!r} ({type(cell).__name__})"
        )
    text = str(cell)
    if "\n" in text or "\r" in text:
        raise ValueError(f"{where} must fit on one line, got {text!r}")
    return text.replace("|", r"\|")  # a bare | would end the cell


def markdown_table(header, rows) -> str:
    r"""A Markdown pipe table of already formatted cells, for ``display(Markdown(...))``.

    The text is a table in CommonMark's table extension as MyST reads it: a
    header row, a separator row ``|---|---|`` and one line per row. Cells may hold
    MyST inline math (``"$\hat m_1$"``); a ``|`` inside a cell is escaped. Numbers
    are formatted by the caller, so that the digits shown are the digits chosen.

    Parameters
    ----------
    header : sequence of str
        The column titles (at least one).
    rows : sequence of sequences
        Each row has one cell per column; a cell is a string or an integer.

    Returns
    -------
    str
        The table, one line per row, e.g. ``"| a | b |\n|---|---|\n| 1 | x |"``.

    Raises
    ------
    TypeError
        If ``header`` or ``rows`` is not a list of cells, or a cell is a float (or
        another type that is not a string or an integer).
    ValueError
        For an empty header, a row of the wrong length, or a cell with a line break.

    Examples
    --------
    >>> print(markdown_table(["x", "$x^2$"], [[2, "4"]]))
    | x | $x^2$ |
    |---|---|
    | 2 | 4 |
    """
    if isinstance(header, str) or not isinstance(header, list | tuple):
        raise TypeError(f"header must be a list of column titles, got {header!r}")
    if not header:
        raise ValueError("header is empty: a table needs at least one column")
    titles = [_table_cell(title, f"header[{j}]") for j, title in enumerate(header)]
    if isinstance(rows, str) or not isinstance(rows, list | tuple):
        raise TypeError(f"rows must be a list of rows (lists of cells), got {rows!r}")
    lines = ["| " + " | ".join(titles) + " |", "|" + "---|" * len(titles)]
    for i, row in enumerate(rows):
        if isinstance(row, str) or not isinstance(row, list | tuple):
            raise TypeError(f"rows[{i}] must be a list of cells, got {row!r}")
        if len(row) != len(titles):
            raise ValueError(
                f"rows[{i}] has {len(row)} cells but the header has {len(titles)} columns"
            )
        cells = [_table_cell(cell, f"rows[{i}][{j}]") for j, cell in enumerate(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def image_gallery(axes, images, titles=None, *, cmap: str = "gray_r",
                  vmin: float | None = None, vmax: float | None = None):
    """Show small images side by side, one per axes, without ticks.

    Parameters
    ----------
    axes : Axes or array_like of Axes
        At least as many axes as images; spare axes are hidden.
    images : array_like of shape (M, height, width)
        Grey-level images.
    titles : sequence of str, optional
        One title per image.
    cmap : str, default "gray_r"
        Colour map; the default draws ink dark on a light page.
    vmin, vmax : float, optional
        Shared colour limits (the same brightness means the same value in every
        image); by default each image uses the overall minimum and maximum.

    Returns
    -------
    list of matplotlib.image.AxesImage
    """
    axes = np.atleast_1d(np.asarray(axes, dtype=object)).ravel()
    images = as_float_array(images, "images", ndim=3)
    if len(images) > len(axes):
        raise ValueError(f"{len(images)} images need at least {len(images)} axes, got {len(axes)}")
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"got {len(titles)} titles for {len(images)} images")
    vmin = images.min() if vmin is None else vmin
    vmax = images.max() if vmax is None else vmax
    drawn = []
    for i, ax in enumerate(axes):
        if i >= len(images):
            ax.set_axis_off()
            continue
        drawn.append(ax.imshow(images[i], cmap=cmap, vmin=vmin, vmax=vmax))
        ax.set_xticks([])
        ax.set_yticks([])
        if titles is not None:
            ax.set_title(titles[i])
    return drawn


def _check_limits(lim, name: str) -> tuple[float, float]:
    values = as_float_array(lim, name, ndim=1)
    if values.shape != (2,) or not values[0] < values[1]:
        raise ValueError(
            f"{name} must be (low, high) with low < high, got {tuple(values.tolist())}"
        )
    return float(values[0]), float(values[1])


def _check_count(value, name: str, minimum: int) -> int:
    return check_count(value, name, minimum=minimum)


def _check_figure(fig) -> Figure:
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    return fig


def _check_dpi(dpi) -> float | None:
    return None if dpi is None else check_real(dpi, "dpi", low=0.0, low_open=True)


def boundary_segment(w, b, xlim, ylim):
    r"""The part of the line :math:`w_1 x_1 + w_2 x_2 + b = 0` inside a rectangle.

    Parameters
    ----------
    w : array_like of shape (2,)
    b : float
    xlim, ylim : (float, float)
        The rectangle, each (low, high) with low < high.

    Returns
    -------
    ndarray of shape (2, 2) or (0, 2)
        The segment's two end points (one per row), or no rows when the line misses
        the rectangle or does not exist (:math:`w = 0`: the score is the constant
        :math:`b` everywhere).
    """
    w = as_float_array(w, "w", ndim=1)
    if w.shape != (2,):
        raise ValueError(f"w must have shape (2,) (a line in the plane), got {w.shape}")
    check_finite(w, "w")
    w1, w2 = w
    b = check_real(b, "b")
    (x_lo, x_hi), (y_lo, y_hi) = _check_limits(xlim, "xlim"), _check_limits(ylim, "ylim")
    tol = 1e-12 * max(1.0, abs(x_hi - x_lo), abs(y_hi - y_lo))
    found = []
    if w2 != 0:  # where the line meets the left and right edges
        found += [(x, -(b + w1 * x) / w2) for x in (x_lo, x_hi)]
    if w1 != 0:  # where it meets the bottom and top edges
        found += [(-(b + w2 * y) / w1, y) for y in (y_lo, y_hi)]
    inside = [p for p in found
              if x_lo - tol <= p[0] <= x_hi + tol and y_lo - tol <= p[1] <= y_hi + tol]
    if len(inside) < 2:
        return np.empty((0, 2))
    inside = np.array(inside)
    # A line through a corner meets two edges there: keep the two points farthest apart.
    gaps = np.linalg.norm(inside[:, None, :] - inside[None, :, :], axis=-1)
    i, j = np.unravel_index(gaps.argmax(), gaps.shape)
    if gaps[i, j] <= tol:  # the line only touches a corner
        return np.empty((0, 2))
    return inside[[i, j]]


FORWARD_COLOR = "#1f5fa8"
BACKWARD_COLOR = "#c0392b"
_NODE_COLORS = {"data": "#eeeeee", "param": "#fde9c8", "op": "#dcebf7", "loss": "#f6d5d1"}


@dataclass(frozen=True)
class GraphNode:
    r"""One box of a computation graph.

    Attributes
    ----------
    name : str
        Key used by the edges.
    xy : (float, float)
        Centre of the box in data coordinates.
    label : str
        Text inside the box (matplotlib mathtext allowed, e.g. ``"$z = wx + b$"``).
    kind : {"data", "param", "op", "loss"}
        Sets the box colour: inputs and targets, trainable parameters,
        intermediate results, the loss.
    forward : str, optional
        Forward value written above the box (blue).
    backward : str, optional
        Gradient written below the box (red).
    """

    name: str
    xy: tuple[float, float]
    label: str
    kind: str = "op"
    forward: str | None = None
    backward: str | None = None


def draw_computation_graph(ax, nodes, edges, *, box_size=(1.3, 0.55), fontsize=12):
    r"""Draw a computation graph: boxes, arrows, forward values and gradients.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Drawn into; its limits are set to fit the graph and its frame is hidden.
    nodes : sequence of GraphNode
    edges : sequence of (str, str), (str, str, str) or (str, str, str, str)
        ``(source, target)``, ``(source, target, label)`` or
        ``(source, target, label, side)``: an arrow from one box to another, with an
        optional label (the local derivative) beside its middle. The arrow runs
        from the outline of the source box to the outline of the target box (its
        tip touches the target). The label sits on one side of the arrow, never on
        it: ``side="above"`` (the default) is the side facing up (for a vertical
        arrow, the left), ``side="below"`` the other one.
    box_size : (float, float), default (1.3, 0.55)
        Width and height of every box, in data units.
    fontsize : float, default 12

    Returns
    -------
    dict
        ``{"boxes": {name: FancyBboxPatch}, "arrows": [FancyArrowPatch, ...],
        "labels": [Annotation, ...]}``, one arrow per edge and one label per
        labelled edge, in the order of ``edges``.

    Raises
    ------
    ValueError
        If two nodes share a name, an edge names an unknown node or has an unknown
        side, two boxes overlap (an arrow between them would have no length), or a
        node's kind is unknown.
    """
    if not all(isinstance(node, GraphNode) for node in nodes):
        raise TypeError(f"nodes must be GraphNode objects, got {[type(n).__name__ for n in nodes]}")
    if not all(isinstance(edge, tuple | list) and len(edge) in (2, 3, 4) for edge in edges):
        raise ValueError(f"each edge must be (source, target), (source, target, label) or "
                         f"(source, target, label, side), got {list(edges)!r}")
    box = as_float_array(box_size, "box_size", ndim=1)
    if box.shape != (2,) or not np.all(box > 0):
        raise ValueError(f"box_size must be (width, height), both > 0, got {box_size!r}")
    by_name = {}
    for node in nodes:
        if node.name in by_name:
            raise ValueError(f"two nodes are named {node.name!r}; names must be unique")
        if node.kind not in _NODE_COLORS:
            raise ValueError(f"node {node.name!r} has kind {node.kind!r}; "
                             f"choose one of {sorted(_NODE_COLORS)}")
        by_name[node.name] = node
    width, height = box_size
    boxes = {}
    for node in nodes:
        x, y = node.xy
        box = FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                             boxstyle=f"round,pad={_BOX_PAD},rounding_size=0.12",
                             facecolor=_NODE_COLORS[node.kind], edgecolor="0.25",
                             linewidth=1.2, zorder=2)
        ax.add_patch(box)
        boxes[node.name] = box
        ax.text(x, y, node.label, ha="center", va="center", fontsize=fontsize, zorder=3)
        if node.forward is not None:
            ax.text(x, y + height / 2 + 0.1, node.forward, ha="center", va="bottom",
                    fontsize=fontsize - 1, color=FORWARD_COLOR, zorder=3)
        if node.backward is not None:
            ax.text(x, y - height / 2 - 0.1, node.backward, ha="center", va="top",
                    fontsize=fontsize - 1, color=BACKWARD_COLOR, zorder=3)
    arrows, labels = [], []
    for edge in edges:
        source, target, *rest = edge
        label = rest[0] if rest else None
        side = rest[1] if len(rest) > 1 else "above"
        for end in (source, target):
            if end not in by_name:
                raise ValueError(f"edge {edge!r} names an unknown node {end!r}; "
                                 f"known: {list(by_name)}")
        if side not in ("above", "below"):
            raise ValueError(f"edge {edge!r}: side must be 'above' or 'below', got {side!r}")
        start, end = _box_edge_points(by_name[source].xy, by_name[target].xy,
                                      boxes[source], boxes[target])
        if start is None:
            raise ValueError(f"edge {edge!r}: the boxes of {source!r} and {target!r} "
                             f"overlap; place their centres further apart")
        # Exactly from outline to outline (no shrinking): the tip touches the target.
        arrow = FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, color="0.3",
                                linewidth=1.3, zorder=1, shrinkA=0.0, shrinkB=0.0)
        ax.add_patch(arrow)
        arrows.append(arrow)
        if label:
            labels.append(_label_edge(ax, start, end, label, fontsize - 2, side))
    xs = [node.xy[0] for node in nodes]
    ys = [node.xy[1] for node in nodes]
    ax.set_xlim(min(xs) - width, max(xs) + width)
    ax.set_ylim(min(ys) - height - 0.45, max(ys) + height + 0.45)
    ax.set_axis_off()
    return {"boxes": boxes, "arrows": arrows, "labels": labels}


_EDGE_LABEL_GAP = 4.0  # typographic points between an arrow and its label


def _label_edge(ax, start, end, label, fontsize, side="above"):
    """Write ``label`` beside the middle of the arrow from ``start`` to ``end``.

    The text is placed ``_EDGE_LABEL_GAP`` points from the middle along the arrow's
    normal on the chosen side, and anchored by the corner (or, for a horizontal or
    vertical arrow, the edge) that faces the arrow. Every point of the text then lies
    on that side of the line, whatever the text's size and the axes' aspect ratio:
    scaling x and y by positive factors keeps the signs of the normal's components.
    """
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    direction = end - start
    normal = np.array([-direction[1], direction[0]]) / np.hypot(*direction)
    if normal[1] < 0 or (normal[1] == 0 and normal[0] > 0):
        normal = -normal  # now the side facing up (for a vertical arrow, the left)
    if side == "below":
        normal = -normal
    tiny = 1e-9
    ha = "center" if abs(normal[0]) < tiny else ("left" if normal[0] > 0 else "right")
    va = "center" if abs(normal[1]) < tiny else ("bottom" if normal[1] > 0 else "top")
    return ax.annotate(label, xy=tuple((start + end) / 2), xytext=tuple(_EDGE_LABEL_GAP * normal),
                       textcoords="offset points", ha=ha, va=va, fontsize=fontsize,
                       color="0.2", zorder=3)


_BOX_PAD = 0.04  # the boxes' FancyBboxPatch pad, in data units


def _box_edge_points(a, b, box_a, box_b):
    """Where the segment between two box centres leaves the first box and enters the second.

    Each crossing is found by bisection on the box's own drawn outline (its path in
    data coordinates, rounded corners included), to about 1e-12 of the segment's
    length. Returns ``(None, None)`` when the boxes overlap along the segment, so that
    no part of it lies between them.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if np.array_equal(a, b):
        return None, None
    t_a = _leave_fraction(box_a.get_path(), a, b)
    t_b = _leave_fraction(box_b.get_path(), b, a)
    if t_a is None or t_b is None or t_a + t_b >= 1.0:
        return None, None
    return tuple(a + t_a * (b - a)), tuple(b + t_b * (a - b))


def _leave_fraction(outline, inside, outside, steps: int = 40):
    """The fraction t at which ``inside + t (outside - inside)`` crosses ``outline``."""
    if outline.contains_point(outside) or not outline.contains_point(inside):
        return None
    low, high = 0.0, 1.0
    for _ in range(steps):
        middle = (low + high) / 2
        if outline.contains_point(inside + middle * (outside - inside)):
            low = middle
        else:
            high = middle
    return high
