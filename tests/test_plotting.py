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
    assert {"0.5", "0.1463", "x = 1", "$w$", "$z$", "$L$"} <= {t.get_text() for t in ax.texts}
    (x0, _), (x1, _) = drawn["arrows"][0]._posA_posB  # from w's right edge to z's left edge
    assert 0.65 < x0 < 0.8 and 2.2 < x1 < 2.35
    assert not ax.axison


@pytest.mark.parametrize(("nodes", "edges", "match"), [
    ([GraphNode("a", (0, 0), "a"), GraphNode("a", (1, 0), "b")], [], "two nodes are named"),
    ([GraphNode("a", (0, 0), "a")], [("a", "b")], "unknown node 'b'"),
    ([GraphNode("a", (0, 0), "a", kind="weird")], [], "kind 'weird'"),
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
