"""Tests for the shared drawing helpers (lib/plotting.py)."""

import io

import numpy as np
import pytest
from matplotlib.collections import LineCollection
from PIL import Image

from lib.activations import sigmoid
from lib.plotting import (
    BlitRenderer,
    draw_activation_curves,
    draw_decision_regions,
    draw_grid_lines,
    figure_to_png,
    grid_lines,
    image_gallery,
    new_figure,
    plane_grid,
    png_output,
    rgba_to_png,
)


def test_plane_grid_shapes_and_layout():
    X1, X2, points = plane_grid((-1, 1), (0, 2), n=5)
    assert X1.shape == X2.shape == (5, 5) and points.shape == (25, 2)
    assert X1[0, 0] == -1 and X1[0, -1] == 1 and X2[0, 0] == 0 and X2[-1, 0] == 2
    # points[i * n + j] is (X1[i, j], X2[i, j])
    np.testing.assert_array_equal(points[2 * 5 + 3], [X1[2, 3], X2[2, 3]])


def test_grid_lines_are_vertical_then_horizontal():
    lines = grid_lines((-2, 2), (-1, 1), n_lines=3, n_points=4)
    assert lines.shape == (6, 4, 2)
    np.testing.assert_array_equal(lines[:3, :, 0], [[-2] * 4, [0] * 4, [2] * 4])
    np.testing.assert_array_equal(lines[3:, :, 1], [[-1] * 4, [0] * 4, [1] * 4])


@pytest.mark.parametrize("call", [
    lambda: plane_grid((1, -1), (0, 1)),
    lambda: plane_grid((0, 1), (2, 2)),
    lambda: grid_lines((0, 1), (0, 1), n_lines=1),
    lambda: plane_grid((0, 1), (0, 1), n=1),
])
def test_bad_ranges_and_counts_raise(call):
    with pytest.raises(ValueError, match="xlim|ylim|n_lines|n must"):
        call()


def test_draw_grid_lines_adds_one_collection():
    fig, ax = new_figure()
    collection = draw_grid_lines(ax, grid_lines(n_lines=4))
    assert isinstance(collection, LineCollection) and len(collection.get_segments()) == 8
    with pytest.raises(ValueError, match="shape"):
        draw_grid_lines(ax, np.zeros((2, 3, 3)))


def test_decision_regions_label_each_side_of_a_line():
    fig, ax = new_figure()
    drawn = draw_decision_regions(ax, lambda P: P[:, 0] - 0.5, (-1, 1), (-1, 1), n=11)
    X1 = plane_grid((-1, 1), (-1, 1), 11)[0]
    np.testing.assert_array_equal(drawn["labels"], (X1 > 0.5).astype(int))
    assert len(drawn["boundaries"]) == 1
    with pytest.raises(ValueError, match="n \\* n rows"):
        draw_decision_regions(ax, np.zeros(10))


def test_activation_curves_plot_lib_values():
    fig, ax = new_figure()
    z = np.linspace(-3, 3, 7)
    lines = draw_activation_curves(ax, z, names=("sigmoid", "relu"))
    assert [line.get_label() for line in lines] == ["sigmoid", "relu"]
    np.testing.assert_allclose(lines[0].get_ydata(), sigmoid(z))
    np.testing.assert_allclose(lines[1].get_ydata(), np.maximum(z, 0))
    with pytest.raises(ValueError, match="at least one"):
        draw_activation_curves(ax, z, names=())


def test_activation_slopes_are_lib_derivatives_and_match_finite_differences():
    from lib.activations import leaky_relu, relu, tanh

    fig, ax = new_figure()
    z = np.linspace(-3.05, 2.95, 13)  # no point at the kink (z = 0) of ReLU and leaky ReLU
    names = ("relu", "leaky_relu", "sigmoid", "tanh")
    slopes = draw_activation_curves(ax, z, names=names, derivative=True, leaky_slope=0.1)
    assert [line.get_label() for line in slopes] == [
        "relu", "leaky_relu (α = 0.1)", "sigmoid", "tanh"]
    assert ax.get_ylabel().startswith("slope")
    h = 1e-6
    functions = (relu, lambda v: leaky_relu(v, 0.1), sigmoid, tanh)
    for line, f in zip(slopes, functions, strict=True):
        central = (f(z + h) - f(z - h)) / (2 * h)
        np.testing.assert_allclose(line.get_ydata(), central, rtol=1e-6, atol=1e-8)
    # independently: sigma' = e^-z / (1 + e^-z)^2, tanh' = 1 / cosh^2
    np.testing.assert_allclose(slopes[2].get_ydata(), np.exp(-z) / (1 + np.exp(-z)) ** 2)
    np.testing.assert_allclose(slopes[3].get_ydata(), 1 / np.cosh(z) ** 2)
    fig, ax = new_figure()
    (leaky,) = draw_activation_curves(ax, z, names=("leaky_relu",), leaky_slope=0.1)
    np.testing.assert_allclose(leaky.get_ydata(), np.where(z > 0, z, 0.1 * z))


@pytest.mark.parametrize("kwargs, match", [
    ({"leaky_slope": 1.0}, "leaky_slope"),
    ({"leaky_slope": -0.1}, "leaky_slope"),
    ({"leaky_slope": "0.1"}, "leaky_slope"),
    ({"names": "relu"}, "names must list"),
])
def test_activation_curves_reject_bad_options(kwargs, match):
    fig, ax = new_figure()
    with pytest.raises((TypeError, ValueError), match=match):
        draw_activation_curves(ax, [0.0, 1.0], **kwargs)


def test_image_gallery_hides_spare_axes_and_checks_counts():
    fig, axes = new_figure(ncols=3)
    drawn = image_gallery(axes, np.zeros((2, 8, 8)), titles=["a", "b"])
    assert len(drawn) == 2 and not axes[2].axison and axes[1].get_title() == "b"
    with pytest.raises(ValueError, match="3 images"):
        image_gallery(axes[:2], np.zeros((3, 8, 8)))


def test_png_round_trip():
    fig, _ = new_figure(figsize=(1, 1))
    png = figure_to_png(fig, dpi=20)
    assert png.startswith(b"\x89PNG")
    output = png_output(png, "alt")
    assert output["output_type"] == "display_data" and output["data"]["text/plain"] == "alt"
    with pytest.raises(ValueError, match="ncols"):
        new_figure(ncols=0)


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"), dtype=float)


def test_blit_renderer_matches_a_full_draw():
    fig, ax = new_figure(figsize=(3, 2))
    (line,) = ax.plot([0, 1], [0, 1], linewidth=3)
    title = ax.set_title("before")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    renderer = BlitRenderer(fig, [line, title, ax.yaxis], dpi=50)
    first = renderer.render_png()
    assert first.startswith(b"\x89PNG")
    line.set_ydata([1, 0])
    title.set_text("after")
    ax.set_ylim(-1, 2)  # the y axis is redrawn on every render, so no invalidate()
    moved = renderer.render_png()
    full = _pixels(figure_to_png(fig, dpi=50))
    assert _pixels(first).shape == _pixels(moved).shape == full.shape
    assert np.abs(_pixels(moved) - _pixels(first)).max() > 100  # the picture changed
    assert np.abs(_pixels(moved) - full).mean() < 1.0  # and is what a full draw gives
    # A change to a static part shows only after invalidate().
    ax.set_xlabel("a new label")  # the x axis is static: cached
    assert renderer.render_png() == moved
    renderer.invalidate()
    assert np.abs(_pixels(renderer.render_png()) - _pixels(figure_to_png(fig, dpi=50))).mean() < 1.0


def test_rgba_to_png_keeps_every_colour_and_drops_alpha():
    rgba = np.random.default_rng(0).integers(0, 256, size=(5, 7, 4), dtype=np.uint8)
    decoded = Image.open(io.BytesIO(rgba_to_png(rgba)))
    assert decoded.mode == "RGB"
    np.testing.assert_array_equal(np.asarray(decoded), rgba[:, :, :3])
    with pytest.raises(ValueError, match="shape"):
        rgba_to_png(np.zeros((5, 7, 3), dtype=np.uint8))


# -- boundary_segment, computation graphs, palette PNGs, bad input ----------------------
from matplotlib.figure import Figure  # noqa: E402

from lib.plotting import (  # noqa: E402
    GraphNode,
    boundary_segment,
    draw_computation_graph,
)


def test_boundary_segment_lies_on_the_line_and_in_the_box():
    w, b = np.array([1.0, -0.7]), -0.2
    segment = boundary_segment(w, b, (-3, 3), (-3, 3))
    assert segment.shape == (2, 2)
    np.testing.assert_allclose(segment @ w + b, 0.0, atol=1e-12)
    assert np.all(np.abs(segment) <= 3 + 1e-12)
    # worked by hand: 0.5 x1 - x2 + 3 = 0 in [-4, 4]^2 runs from (-4, 1) to (2, 4)
    np.testing.assert_allclose(sorted(boundary_segment([0.5, -1.0], 3.0, (-4, 4), (-4, 4))
                                      .tolist()), [[-4.0, 1.0], [2.0, 4.0]])
    assert boundary_segment([0.0, 0.0], 1.0, (-3, 3), (-3, 3)).shape == (0, 2)
    assert boundary_segment([1.0, 0.0], -10.0, (-3, 3), (-3, 3)).shape == (0, 2)


def test_boundary_segment_agrees_with_dense_sampling_of_the_line():
    # Independent check: sample the line densely, keep the points inside the box.
    w, b = np.array([0.3, 1.1]), 0.4
    t = np.linspace(-50, 50, 200001)
    direction, foot = np.array([-w[1], w[0]]), -b * w / (w @ w)
    points = foot + t[:, None] * direction
    inside = points[(np.abs(points) <= 2).all(axis=1)]
    segment = boundary_segment(w, b, (-2, 2), (-2, 2))
    for end in segment:
        assert np.min(np.linalg.norm(inside - end, axis=1)) < 1e-3


@pytest.mark.parametrize(("args", "match"), [
    (([1.0, 2.0, 3.0], 0.0, (-1, 1), (-1, 1)), r"w must have shape \(2,\)"),
    (([1.0, np.nan], 0.0, (-1, 1), (-1, 1)), "w must be finite"),
    (([1.0, 2.0], np.inf, (-1, 1), (-1, 1)), "b must be finite"),
    (([1.0, 2.0], 0.0, (1, -1), (-1, 1)), "xlim must be"),
    (([1.0, 2.0], "zero", (-1, 1), (-1, 1)), "b must be a real number"),
])
def test_boundary_segment_rejects_bad_input(args, match):
    with pytest.raises((ValueError, TypeError), match=match):
        boundary_segment(*args)


def _graph():
    nodes = [GraphNode("w", (0, 0), "$w$", "param", forward="0.5", backward="0.1463"),
             GraphNode("z", (3, 0), "$z$", forward="0.5"), GraphNode("L", (6, 0), "$L$", "loss")]
    return nodes, [("w", "z", "x = 1"), ("z", "L")]


def test_graph_draws_one_box_per_node_and_one_arrow_per_edge():
    ax = Figure().subplots()
    drawn = draw_computation_graph(ax, *_graph())
    assert set(drawn["boxes"]) == {"w", "z", "L"} and len(drawn["arrows"]) == 2
    assert [label.get_text() for label in drawn["labels"]] == ["x = 1"]
    assert {"0.5", "0.1463", "x = 1", "$w$", "$z$", "$L$"} <= {t.get_text() for t in ax.texts}
    # From w's right edge (0.65 + pad 0.04) to z's left edge (3 - 0.69), in data units
    # (the tip vertex sits a stroke's width short of it: see _arrow_ends).
    vertices = drawn["arrows"][0].get_path().vertices
    assert vertices[0][0] == pytest.approx(0.69, abs=1e-6)
    assert 2.25 < vertices[:, 0].max() < 2.31
    assert not ax.axison


# The chapter's two graphs (chapter 5, one neuron and fan-out), as the book draws them.
_NEURON_GRAPH = (
    (10, 3.4),
    [GraphNode("x", (0, 1.4), "$x$", "data", forward="1"),
     GraphNode("w", (0, 0), "$w$", "param", forward="0.5",
               backward=r"$\partial L/\partial w = 0.1463$"),
     GraphNode("b", (0, -1.4), "$b$", "param", forward="0",
               backward=r"$\partial L/\partial b = 0.1463$"),
     GraphNode("z", (4, 0), "$z = wx + b$", forward="0.5000",
               backward=r"$\partial L/\partial z = 0.1463$"),
     GraphNode("a", (8, 0), r"$a = \sigma(z)$", forward="0.6225",
               backward=r"$\partial L/\partial a = 0.6225$"),
     GraphNode("L", (12, 0), r"$L = \frac{1}{2}(a - y)^2$", "loss", forward="0.1937",
               backward=r"$\partial L/\partial L = 1$"),
     GraphNode("y", (9.9, 1.4), "$y$", "data", forward="0")],
    [("x", "z"), ("w", "z", r"$\partial z/\partial w = x = 1$"),
     ("b", "z", r"$\partial z/\partial b = 1$", "below"),
     ("z", "a", r"$\sigma'(z) = 0.2350$"), ("a", "L", r"$a - y = 0.6225$"), ("y", "L")],
    (2.0, 0.6),
)
_FAN_OUT_GRAPH = (
    (8, 3.2),
    [GraphNode("h", (0, 0), "$h$", backward=r"$\partial L/\partial h = 1.2225$"),
     GraphNode("a1", (4, 1.1), "$a_1 = w_1 h$", backward=r"$\partial L/\partial a_1 = 0.6225$"),
     GraphNode("a2", (4, -1.1), "$a_2 = w_2 h$", backward=r"$\partial L/\partial a_2 = 0.30$"),
     GraphNode("L", (8, 0), "$L$", "loss")],
    [("h", "a1", "$w_1 = 1$"), ("h", "a2", "$w_2 = 2$", "below"), ("a1", "L"), ("a2", "L")],
    (1.8, 0.6),
)
_SMALL_GRAPH = ((6, 2.5), *_graph(), (1.3, 0.55))
_STEEP_GRAPH = (  # diagonal and vertical arrows, labels on both sides
    (6, 4),
    [GraphNode("p", (0, 0), "$p$"), GraphNode("q", (3, 2.5), "$q$"),
     GraphNode("r", (3, -2.5), "$r$"), GraphNode("s", (0, -2.5), "$s$")],
    [("p", "q", "up, above"), ("p", "r", "down, below", "below"),
     ("p", "s", "vertical", "below"), ("s", "p", "back up"), ("q", "r", "long down", "below")],
    (1.3, 0.55),
)


def _drawn_in_pixels(figsize, nodes, edges, box_size):
    """Draw a graph as a chapter does; return the drawing, its axes and a renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=figsize, dpi=100)
    canvas = FigureCanvasAgg(fig)
    ax = fig.subplots()
    drawn = draw_computation_graph(ax, nodes, edges, box_size=box_size)
    fig.tight_layout()
    canvas.draw()
    return drawn, ax, canvas.get_renderer()


def _arrow_ends(arrow, ax):
    """Start of the shaft and the painted tip of the head of an arrow, in pixels.

    Matplotlib draws the head's outline with a mitred stroke, and pulls its tip vertex
    back by half the line width over the sine of the head's half-angle so that the
    painted point ends where the arrow was asked to end; the same distance is added
    back here.
    """
    path = arrow.get_path()
    pixels = ax.transData.transform(path.vertices[path.codes != path.CLOSEPOLY])
    start = pixels[0]
    along = (pixels - start) @ (pixels[2] - start)  # the shaft is the first three vertices
    tip = pixels[np.argmax(along)]
    unit = (tip - start) / np.linalg.norm(tip - start)
    style = arrow.get_arrowstyle()
    sin_half_angle = style.head_width / np.hypot(style.head_width, style.head_length)
    line_width = arrow.get_linewidth() * ax.figure.dpi / 72
    return start, tip + unit * 0.5 * line_width / sin_half_angle


def _inside(box, point):
    """Whether a pixel point lies inside a box's outline (its centre line, no stroke width)."""
    return box.get_path().contains_point(point, transform=box.get_transform())


def _hits(box, start, end, margin=0.0):
    """Whether the segment from start to end (pixels) meets the bbox shrunk by margin."""
    t = np.linspace(0.0, 1.0, 2001)[:, None]
    points = start + t * (end - start)
    inside = ((points[:, 0] > box.x0 + margin) & (points[:, 0] < box.x1 - margin)
              & (points[:, 1] > box.y0 + margin) & (points[:, 1] < box.y1 - margin))
    return bool(inside.any())


@pytest.mark.parametrize("graph", [_NEURON_GRAPH, _FAN_OUT_GRAPH, _SMALL_GRAPH, _STEEP_GRAPH],
                         ids=["neuron", "fan-out", "small", "steep"])
def test_graph_arrows_run_between_outlines_and_no_text_sits_on_them(graph):
    figsize, nodes, edges, box_size = graph
    drawn, ax, renderer = _drawn_in_pixels(figsize, nodes, edges, box_size)
    by_name = {node.name: node for node in nodes}
    boxes = drawn["boxes"]
    texts = {id(t): t.get_window_extent(renderer) for t in ax.texts}
    labelled = [edge for edge in edges if len(edge) > 2 and edge[2]]
    assert len(drawn["labels"]) == len(labelled)
    labels = dict(zip(map(id, drawn["labels"]), labelled, strict=True))
    for edge, arrow in zip(edges, drawn["arrows"], strict=True):
        source, target = boxes[edge[0]], boxes[edge[1]]
        start, tip = _arrow_ends(arrow, ax)
        unit = (tip - start) / np.linalg.norm(tip - start)
        # 1. The shaft starts on the source's outline and the tip touches the target's:
        #    one pixel back is inside the box, one pixel on is outside.
        assert _inside(source, start - unit) and not _inside(source, start + unit), (
            f"{edge}: the arrow does not start on {edge[0]}'s outline")
        assert _inside(target, tip + unit) and not _inside(target, tip - unit), (
            f"{edge}: the arrow's tip is not on {edge[1]}'s outline")
        # 2. Between its ends the arrow crosses no box.
        for name, box in boxes.items():
            t = np.linspace(0, 1, 400)[:, None]
            middle = (start + 2 * unit) + t * ((tip - 2 * unit) - (start + 2 * unit))
            assert not any(_inside(box, p) for p in middle), f"{edge} crosses {name}"
        # 3. No text (edge labels, values, gradients, box labels) lies on the arrow.
        for key, extent in texts.items():
            assert not _hits(extent, start, tip, margin=0.5), (
                f"{edge}: the text {ax.texts[[id(t) for t in ax.texts].index(key)].get_text()!r}"
                " covers the arrow")
    # 4. Each edge label sits beside its own arrow (within a few points of its middle),
    #    on the side asked for, and overlaps no box and no other text.
    for label in drawn["labels"]:
        edge = labels[id(label)]
        arrow = drawn["arrows"][edges.index(edge)]
        start, tip = _arrow_ends(arrow, ax)
        extent = texts[id(label)]
        centre = np.array([(extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2])
        middle = (ax.transData.transform(by_name[edge[0]].xy) / 2
                  + ax.transData.transform(by_name[edge[1]].xy) / 2)
        nearest = np.clip(middle, [extent.x0, extent.y0], [extent.x1, extent.y1])
        assert np.linalg.norm(nearest - (start + tip) / 2) < 12, f"{edge}: label far away"
        d = tip - start
        cross = d[0] * (centre - start)[1] - d[1] * (centre - start)[0]
        upper = cross > 0 if d[0] > 0 or (d[0] == 0 and d[1] < 0) else cross < 0
        if abs(d[0]) < 1e-6:
            upper = (centre[0] < start[0])  # vertical arrow: "above" means the left
        side = edge[3] if len(edge) > 3 else "above"
        assert upper == (side == "above"), f"{edge}: label on the wrong side"
        for name, box in boxes.items():
            assert not extent.overlaps(box.get_window_extent(renderer)), (
                f"{edge}: label covers box {name}")
        for key, other in texts.items():
            if key != id(label):
                assert not extent.overlaps(other), f"{edge}: label overlaps another text"


def test_graph_labels_stay_clear_of_the_arrow_in_any_aspect_ratio():
    # Very wide and very tall axes: the anchoring by the facing corner keeps the label off.
    for figsize in [(12, 2.5), (3, 8)]:
        drawn, ax, renderer = _drawn_in_pixels(figsize, *_STEEP_GRAPH[1:])
        for label, arrow in zip(drawn["labels"], drawn["arrows"], strict=True):
            start, tip = _arrow_ends(arrow, ax)
            assert not _hits(label.get_window_extent(renderer), start, tip), label.get_text()


@pytest.mark.parametrize(("nodes", "edges", "match"), [
    ([GraphNode("a", (0, 0), "a"), GraphNode("a", (1, 0), "b")], [], "two nodes are named"),
    ([GraphNode("a", (0, 0), "a")], [("a", "b")], "unknown node 'b'"),
    ([GraphNode("a", (0, 0), "a", kind="weird")], [], "kind 'weird'"),
    ([GraphNode("a", (0, 0), "a"), GraphNode("b", (1, 0), "b")], [("a", "b", "x", "left")],
     "side must be 'above' or 'below'"),
    ([GraphNode("a", (0, 0), "a"), GraphNode("b", (0.5, 0), "b")], [("a", "b")],
     "the boxes of 'a' and 'b' overlap"),
    ([GraphNode("a", (0, 0), "a"), GraphNode("b", (0, 0), "b")], [("a", "b")], "overlap"),
])
def test_graph_rejects_bad_input(nodes, edges, match):
    with pytest.raises(ValueError, match=match):
        draw_computation_graph(Figure().subplots(), nodes, edges)


def test_palette_png_is_smaller_and_close_to_the_picture():
    fig, ax = new_figure(figsize=(3, 2))
    ax.plot([0, 1], [0, 1])
    renderer = BlitRenderer(fig, [], dpi=60)
    full, palette = renderer.render_png(), renderer.render_png(colors=16, compress_level=6)
    assert len(palette) < len(full)
    a = np.asarray(Image.open(io.BytesIO(full)).convert("RGB"), dtype=float)
    b = np.asarray(Image.open(io.BytesIO(palette)).convert("RGB"), dtype=float)
    assert a.shape == b.shape and np.mean(np.abs(a - b)) < 3.0  # grey levels of 255


@pytest.mark.parametrize(("rgba", "kwargs", "match"), [
    (np.full((2, 2, 4), 300.0), {}, "whole numbers 0 to 255"),
    (np.full((2, 2, 4), -1.0), {}, "whole numbers 0 to 255"),
    (np.full((2, 2, 4), 0.5), {}, "whole numbers 0 to 255"),
    (np.full((2, 2, 4), np.nan), {}, "whole numbers 0 to 255"),
    (np.zeros((2, 2, 3), dtype=np.uint8), {}, r"shape \(height, width, 4\)"),
    (np.zeros((0, 2, 4), dtype=np.uint8), {}, r"shape \(height, width, 4\)"),
    (np.zeros((2, 2, 4), dtype=np.uint8), {"colors": 1}, "colors must be an integer in"),
    (np.zeros((2, 2, 4), dtype=np.uint8), {"compress_level": 10}, "compress_level"),
])
def test_rgba_to_png_rejects_out_of_range_values(rgba, kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        rgba_to_png(rgba, **kwargs)


def test_rgba_to_png_accepts_whole_floats():
    png = rgba_to_png(np.full((2, 3, 4), 255.0))
    assert np.asarray(Image.open(io.BytesIO(png))).shape == (2, 3, 3)


@pytest.mark.parametrize("n", [np.inf, np.nan, 2.5, "10", None])
def test_plane_grid_rejects_non_integer_sizes(n):
    with pytest.raises((ValueError, TypeError), match="n must be an integer"):
        plane_grid(n=n)


# -- draw_labelled_points ----------------------------------------------------------------
from collections import Counter  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from lib.plotting import CLASS_COLORS, draw_labelled_points  # noqa: E402

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


def test_labelled_points_put_each_class_in_its_colour_and_marker():
    ax = Figure().subplots()
    drawn = draw_labelled_points(ax, XOR_X, XOR_Y, ring=np.array([False, True, False, False]))
    assert sorted(drawn["classes"]) == [0, 1]
    for label, collection in drawn["classes"].items():
        np.testing.assert_array_equal(collection.get_offsets(), XOR_X[XOR_Y == label])
        np.testing.assert_allclose(collection.get_facecolor()[0], to_rgba(CLASS_COLORS[label]))
        assert collection.get_label() == f"label {label}"
    circle, triangle = (drawn["classes"][k].get_paths()[0] for k in (0, 1))
    assert len(circle.vertices) != len(triangle.vertices)  # two different markers
    np.testing.assert_array_equal(drawn["ring"].get_offsets(), [[0.0, 1.0]])
    assert drawn["names"] == []


def test_names_of_merged_points_are_stacked():
    # The hand-built XOR network sends (0,1) and (1,0) to the same hidden point (1, 0):
    # H = [[0, 0], [1, 0], [1, 0], [2, 1]]. The second name there goes one line lower.
    H = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 0.0], [2.0, 1.0]])
    names = ["(0,0)", "(0,1)", "(1,0)", "(1,1)"]
    drawn = draw_labelled_points(Figure().subplots(), H, XOR_Y, names, fontsize=10)
    assert [t.get_text() for t in drawn["names"]] == names
    assert [t.xyann for t in drawn["names"]] == [(7, -13), (7, -13), (7, -25), (7, -13)]
    assert [t.xy for t in drawn["names"]] == [tuple(h) for h in H]
    assert all(t.get_fontsize() == 10 for t in drawn["names"]) and drawn["ring"] is None


@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 9)), min_size=1, max_size=12
    ),
    st.floats(1.0, 40.0),
)
def test_labelled_points_agree_with_a_count_by_hand(rows, fontsize):
    # Independent bookkeeping: each class's offsets are its points (as a multiset), and
    # a name's line below its point counts the earlier rows at the same spot.
    points = np.array([[a, b] for a, b, _ in rows], dtype=float)
    labels = np.array([k for _, _, k in rows])
    drawn = draw_labelled_points(
        Figure().subplots(), points, labels, [str(i) for i in range(len(rows))], fontsize=fontsize
    )
    assert set(drawn["classes"]) == set(labels.tolist())
    for label, collection in drawn["classes"].items():
        got = Counter(map(tuple, collection.get_offsets().tolist()))
        assert got == Counter(map(tuple, points[labels == label].tolist()))
    for i, text in enumerate(drawn["names"]):
        earlier = sum(rows[j][:2] == rows[i][:2] for j in range(i))
        assert text.xyann == pytest.approx((7, -13 - 1.2 * earlier * fontsize))


def test_labelled_points_take_extreme_but_finite_coordinates_and_no_points():
    ax = Figure().subplots()
    drawn = draw_labelled_points(ax, [[1e300, -1e300], [-1e-300, 0.0]], [9, 9.0])
    np.testing.assert_array_equal(
        drawn["classes"][9].get_offsets(), [[1e300, -1e300], [-1e-300, 0.0]]
    )
    empty = draw_labelled_points(ax, np.zeros((0, 2)), np.zeros(0, dtype=int), names=[])
    assert empty == {"classes": {}, "names": [], "ring": None}


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"points": np.zeros((4, 3))}, r"points must have shape \(N, 2\)"),
        ({"points": [[0, np.nan]] * 4}, "points must be finite"),
        ({"labels": [0, 1, 1]}, "labels has 3 entries"),
        ({"labels": [0, 1, 1, 10]}, r"labels must lie in \[0, 10\)"),
        ({"labels": [0, 1, 1, 0.5]}, "labels must be integer"),
        ({"names": ["a", "b"]}, "names has 2 entries"),
        ({"names": "abcd"}, "names must be a list"),
        ({"names": [1, 2, 3, 4]}, "names must all be strings"),
        ({"ring": [0, 1, 0, 0]}, "ring must be a boolean mask"),
        ({"ring": np.ones(3, dtype=bool)}, r"ring must have shape \(4,\)"),
        ({"size": 0}, "size must lie in"),
        ({"fontsize": np.inf}, "fontsize must be finite"),
    ],
)
def test_labelled_points_reject_bad_input(kwargs, match):
    arguments = {"points": XOR_X, "labels": XOR_Y} | kwargs
    with pytest.raises((ValueError, TypeError), match=match):
        draw_labelled_points(Figure().subplots(), **arguments)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        draw_labelled_points("ax", XOR_X, XOR_Y)


# -- draw_heatmap (chapter 9's attention matrices) --------------------------------------

from lib.plotting import draw_heatmap  # noqa: E402


def test_draw_heatmap_puts_entry_ij_in_row_i_column_j_with_its_labels():
    ax = Figure().subplots()
    M = np.array([[0.1, 0.9, 0.0], [0.5, 0.25, 0.25]])  # two queries, three keys
    image = draw_heatmap(ax, M, ["q0", "q1"], ["a", "b", "c"], title="weights")
    assert np.array_equal(image.get_array(), M)  # imshow: row 0 at the top
    assert image.get_clim() == (0.0, 0.9)  # default vmax: the largest entry
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["q0", "q1"]
    assert ax.get_title() == "weights"


def test_draw_heatmap_colour_scale_matches_matplotlib_normalize():
    # Independent check: the colour of each cell is viridis(M / vmax), as Normalize says.
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    ax = Figure().subplots()
    M = np.random.default_rng(0).random((4, 5))
    image = draw_heatmap(ax, M, list("abcd"), list("vwxyz"), vmax=2.0)
    expected = colormaps["viridis"](Normalize(0.0, 2.0)(M))
    assert np.allclose(image.to_rgba(M), expected)


def test_draw_heatmap_all_zero_matrix_still_has_a_scale():
    image = draw_heatmap(Figure().subplots(), np.zeros((2, 2)), ["a", "b"], ["c", "d"])
    assert image.get_clim() == (0.0, 1.0)


def test_draw_heatmap_rejects_bad_input_clearly():
    ax = Figure().subplots()
    with pytest.raises(ValueError, match="2-D"):
        draw_heatmap(ax, [1.0, 2.0], ["a"], ["b", "c"])
    with pytest.raises(ValueError, match="non-negative"):
        draw_heatmap(ax, [[-0.1]], ["a"], ["b"])
    with pytest.raises(ValueError, match="col_labels has 1 entries but the matrix has 2"):
        draw_heatmap(ax, [[0.5, 0.5]], ["a"], ["b"])
    with pytest.raises(TypeError, match="row_labels"):
        draw_heatmap(ax, [[0.5]], "a", ["b"])
    with pytest.raises(ValueError, match="vmax"):
        draw_heatmap(ax, [[0.5]], ["a"], ["b"], vmax=0.0)


# -- markdown_table (the chapters' tables of results) ------------------------------------

from markdown_it.renderer import RendererHTML  # noqa: E402
from myst_parser.config.main import MdParserConfig  # noqa: E402
from myst_parser.parsers.mdit import create_md_parser  # noqa: E402

from lib.plotting import markdown_table  # noqa: E402

# The book's own Markdown parser, configured as _config.yml configures it.
MYST = create_md_parser(
    MdParserConfig(enable_extensions={"amsmath", "colon_fence", "deflist", "dollarmath"}),
    RendererHTML,
)


def _parsed_table(text):
    """(header cells, body rows) as MyST parses ``text``; each cell is (content, children)."""
    tokens = MYST.parse(text)
    assert [t.type for t in tokens if t.type.startswith("table")] == ["table_open", "table_close"]
    cells, rows, in_head = [], [], False
    for t in tokens:
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            header, in_head = cells, False
        elif t.type == "tr_open" and not in_head:
            cells = []
        elif t.type == "tr_close" and not in_head:
            rows.append(cells)
        elif t.type == "tr_open":
            cells = []
        elif t.type == "inline":
            cells.append((t.content, [(c.type, c.content) for c in t.children]))
    return header, rows


def test_markdown_table_worked_example_is_a_myst_table_with_math():
    text = markdown_table(["quantity", "value"], [["$m_1$", "0.01463"], ["step", 1]])
    assert text == "| quantity | value |\n|---|---|\n| $m_1$ | 0.01463 |\n| step | 1 |"
    header, rows = _parsed_table(text)
    assert [c for c, _ in header] == ["quantity", "value"]
    assert rows[0][0][1] == [("math_inline", "m_1")]  # typeset as math, not raw $...$
    assert [[c for c, _ in row] for row in rows] == [["$m_1$", "0.01463"], ["step", "1"]]
    html = MYST.render(text)
    assert "<table>" in html and '<span class="math inline">m_1</span>' in html


def test_markdown_table_escapes_pipes_so_a_norm_stays_in_its_cell():
    header, rows = _parsed_table(markdown_table(["‖W‖", r"$\|W\|_F$"], [["a|b", r"$|x|$"]]))
    assert [c for c, _ in header] == ["‖W‖", r"$\|W\|_F$"]
    assert header[1][1] == [("math_inline", r"\|W\|_F")]
    assert [c for c, _ in rows[0]] == ["a|b", "$|x|$"]
    assert rows[0][1][1] == [("math_inline", "|x|")]


cell_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12
).map(str.strip).filter(lambda s: s and "\\" not in s and "`" not in s)


@given(st.lists(cell_text, min_size=1, max_size=4), st.data())
def test_markdown_table_cells_survive_the_myst_parser(header, data):
    # an independent check: MyST's own parser finds the same number of rows and
    # columns, and every cell's text back (Markdown inline syntax aside)
    rows = data.draw(st.lists(st.lists(cell_text, min_size=len(header),
                                       max_size=len(header)), max_size=3))
    parsed_header, parsed_rows = _parsed_table(markdown_table(header, rows))
    assert [c for c, _ in parsed_header] == header
    assert [[c for c, _ in row] for row in parsed_rows] == rows


def test_markdown_table_rejects_bad_input_with_clear_messages():
    with pytest.raises(TypeError, match=r"rows\[0\]\[1\] must be a string .*format numbers"):
        markdown_table(["a", "b"], [["x", 0.123456789]])
    with pytest.raises(ValueError, match=r"rows\[1\] has 1 cells but the header has 2"):
        markdown_table(["a", "b"], [["x", "y"], ["z"]])
    with pytest.raises(ValueError, match="header is empty"):
        markdown_table([], [])
    with pytest.raises(TypeError, match="header must be a list"):
        markdown_table("ab", [])
    with pytest.raises(ValueError, match=r"header\[0\] must fit on one line"):
        markdown_table(["a\nb"], [])
    with pytest.raises(TypeError, match=r"rows\[0\] must be a list of cells"):
        markdown_table(["a"], ["x"])
    assert markdown_table(["a"], []) == "| a |\n|---|"  # a header alone is a table
