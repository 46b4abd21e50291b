"""Bad inputs for lib.plotting."""

import numpy as np
from matplotlib.figure import Figure

from fuzz import Bad, bad_arrays
from lib.plotting import (
    BlitRenderer,
    GraphNode,
    boundary_segment,
    draw_activation_curves,
    draw_computation_graph,
    draw_decision_regions,
    draw_grid_lines,
    draw_heatmap,
    draw_labelled_points,
    figure_to_png,
    grid_lines,
    image_gallery,
    markdown_table,
    new_figure,
    plane_grid,
    png_output,
    rgba_to_png,
)

NAN, INF = float("nan"), float("inf")


def _ax():
    return Figure().subplots()


def _fig():
    return new_figure(figsize=(2, 2))[0]


PROBES = {
    "lib.plotting.new_figure": [
        Bad("zero columns", lambda: new_figure(ncols=0), match="ncols"),
        Bad("float rows", lambda: new_figure(nrows=1.5), match="nrows"),
        Bad("string columns", lambda: new_figure(ncols="2"), match="ncols"),
        Bad("negative size", lambda: new_figure(figsize=(-1, 2)), match="figsize"),
        Bad("NaN size", lambda: new_figure(figsize=(NAN, 2)), match="figsize"),
        Bad("one-number size", lambda: new_figure(figsize=3), match="figsize"),
    ],
    "lib.plotting.figure_to_png": [
        Bad("not a figure", lambda: figure_to_png("fig"), match="fig"),
        Bad("None", lambda: figure_to_png(None), match="fig"),
        Bad("zero dpi", lambda: figure_to_png(_fig(), dpi=0), match="dpi"),
        Bad("NaN dpi", lambda: figure_to_png(_fig(), dpi=NAN), match="dpi"),
        Bad("string dpi", lambda: figure_to_png(_fig(), dpi="80"), match="dpi"),
    ],
    "lib.plotting.png_output": [
        Bad("a string", lambda: png_output("picture"), match="png"),
        Bad("None", lambda: png_output(None), match="png"),
        Bad("not a PNG", lambda: png_output(b"GIF89a"), match="png"),
        Bad("a number", lambda: png_output(3), match="png"),
        Bad("text not a string", lambda: png_output(b"\x89PNG\r\n\x1a\n", text=3), match="text"),
    ],
    "lib.plotting.BlitRenderer": [
        Bad("not a figure", lambda: BlitRenderer("fig", []), match="fig"),
        Bad("artists not a list", lambda: BlitRenderer(_fig(), 3), match="animated_artists"),
        Bad("a non-artist", lambda: BlitRenderer(_fig(), ["line"]), match="animated_artists"),
        Bad("zero dpi", lambda: BlitRenderer(_fig(), [], dpi=0), match="dpi"),
        Bad("NaN dpi", lambda: BlitRenderer(_fig(), [], dpi=NAN), match="dpi"),
    ],
    "lib.plotting.rgba_to_png": [
        Bad("values above 255", lambda: rgba_to_png(np.full((2, 2, 4), 300.0)), match="rgba"),
        Bad("negative values", lambda: rgba_to_png(np.full((2, 2, 4), -1.0)), match="rgba"),
        Bad("NaN values", lambda: rgba_to_png(np.full((2, 2, 4), NAN)), match="rgba"),
        Bad("three channels", lambda: rgba_to_png(np.zeros((2, 2, 3))), match="rgba"),
        Bad("strings", lambda: rgba_to_png(np.full((2, 2, 4), "a")), match="rgba"),
        Bad("zero-size image", lambda: rgba_to_png(np.zeros((0, 2, 4))), match="rgba"),
        Bad("one colour", lambda: rgba_to_png(np.zeros((2, 2, 4)), colors=1), match="colors"),
        Bad("level 10", lambda: rgba_to_png(np.zeros((2, 2, 4)), compress_level=10),
            match="compress_level"),
    ],
    "lib.plotting.plane_grid": [
        Bad("n infinite", lambda: plane_grid(n=INF), match="n must be"),
        Bad("n NaN", lambda: plane_grid(n=NAN), match="n must be"),
        Bad("n of one", lambda: plane_grid(n=1), match="n must be"),
        Bad("reversed limits", lambda: plane_grid((1, -1)), match="xlim"),
        Bad("NaN limit", lambda: plane_grid((-1, 1), (NAN, 1)), match="ylim"),
        Bad("three limits", lambda: plane_grid((-1, 0, 1)), match="xlim"),
    ],
    "lib.plotting.grid_lines": [
        Bad("one line", lambda: grid_lines(n_lines=1), match="n_lines"),
        Bad("infinite points", lambda: grid_lines(n_points=INF), match="n_points"),
        Bad("float lines", lambda: grid_lines(n_lines=2.5), match="n_lines"),
        Bad("equal limits", lambda: grid_lines((1, 1)), match="xlim"),
        Bad("string limits", lambda: grid_lines("ab"), match="xlim"),
    ],
    "lib.plotting.draw_grid_lines": [
        *bad_arrays(lambda v: draw_grid_lines(_ax(), v), "lines")[:4],
        Bad("points in 3-D", lambda: draw_grid_lines(_ax(), np.zeros((2, 3, 3))), match="lines"),
        Bad("not an axes", lambda: draw_grid_lines("ax", np.zeros((2, 3, 2))), match="ax"),
    ],
    "lib.plotting.draw_decision_regions": [
        Bad("not square", lambda: draw_decision_regions(_ax(), np.zeros(10)), match="scores"),
        Bad("NaN scores", lambda: draw_decision_regions(_ax(), np.full(16, NAN)),
            match="scores"),
        Bad("one column", lambda: draw_decision_regions(_ax(), np.zeros((16, 1))),
            match="one column"),
        Bad("too few colours", lambda: draw_decision_regions(
            _ax(), np.zeros((16, 3)), colors=["r"]), match="colors"),
        Bad("wrong rows from a function", lambda: draw_decision_regions(
            _ax(), lambda p: np.zeros(3), n=4), match="scores"),
        Bad("reversed limits", lambda: draw_decision_regions(
            _ax(), np.zeros(16), xlim=(1, -1)), match="xlim"),
    ],
    "lib.plotting.draw_labelled_points": [
        Bad("not an axes", lambda: draw_labelled_points("ax", [[0, 0]], [0]), match="ax"),
        Bad("points in 3-D", lambda: draw_labelled_points(_ax(), [[0, 0, 0]], [0]),
            match="points"),
        Bad("NaN point", lambda: draw_labelled_points(_ax(), [[NAN, 0]], [0]), match="points"),
        Bad("label out of range", lambda: draw_labelled_points(_ax(), [[0, 0]], [10]),
            match="labels"),
        Bad("too few labels", lambda: draw_labelled_points(_ax(), [[0, 0], [1, 1]], [0]),
            match="labels"),
        Bad("names as one string", lambda: draw_labelled_points(_ax(), [[0, 0]], [0], "a"),
            match="names"),
        Bad("ring of ints", lambda: draw_labelled_points(_ax(), [[0, 0]], [0], ring=[1]),
            match="ring"),
        Bad("negative size", lambda: draw_labelled_points(_ax(), [[0, 0]], [0], size=-1),
            match="size"),
    ],
    "lib.plotting.draw_activation_curves": [
        *bad_arrays(lambda v: draw_activation_curves(_ax(), v), "z")[:3],
        Bad("2-D inputs", lambda: draw_activation_curves(_ax(), np.zeros((2, 2))), match="z"),
        Bad("no names", lambda: draw_activation_curves(_ax(), [0, 1], names=()), match="names"),
        Bad("unknown name", lambda: draw_activation_curves(_ax(), [0, 1], names=("swish",)),
            match="swish"),
    ],
    "lib.plotting.draw_heatmap": [
        Bad("a vector", lambda: draw_heatmap(_ax(), [0.5, 0.5], ["a"], ["b", "c"]),
            match="2-D"),
        Bad("empty matrix", lambda: draw_heatmap(_ax(), np.zeros((0, 2)), [], ["a", "b"]),
            match="non-empty"),
        Bad("NaN entry", lambda: draw_heatmap(_ax(), [[NAN]], ["a"], ["b"]), match="matrix"),
        Bad("negative entry", lambda: draw_heatmap(_ax(), [[-1.0]], ["a"], ["b"]),
            match="non-negative"),
        Bad("too few row labels", lambda: draw_heatmap(_ax(), np.ones((2, 1)), ["a"], ["b"]),
            match="row_labels has 1"),
        Bad("labels a string", lambda: draw_heatmap(_ax(), [[1.0]], ["a"], "b"),
            match="col_labels"),
        Bad("vmax zero", lambda: draw_heatmap(_ax(), [[1.0]], ["a"], ["b"], vmax=0),
            match="vmax"),
        Bad("vmax inf", lambda: draw_heatmap(_ax(), [[1.0]], ["a"], ["b"], vmax=INF),
            match="vmax"),
        Bad("string matrix", lambda: draw_heatmap(_ax(), "ab", ["a"], ["b"]), match="matrix"),
    ],
    "lib.plotting.markdown_table": [
        Bad("header a string", lambda: markdown_table("ab", []), match="header must be a list"),
        Bad("header None", lambda: markdown_table(None, []), match="header"),
        Bad("empty header", lambda: markdown_table([], []), match="header is empty"),
        Bad("rows None", lambda: markdown_table(["a"], None), match="rows must be a list"),
        Bad("a row of text", lambda: markdown_table(["a"], ["x"]), match=r"rows\[0\] must be"),
        Bad("a short row", lambda: markdown_table(["a", "b"], [["x"]]),
            match=r"rows\[0\] has 1 cells but the header has 2"),
        Bad("an unformatted float", lambda: markdown_table(["a"], [[0.1234567891234]]),
            match=r"rows\[0\]\[0\] must be a string \(format numbers first"),
        Bad("a NaN cell", lambda: markdown_table(["a"], [[float("nan")]]), match=r"rows\[0\]"),
        Bad("a None cell", lambda: markdown_table(["a"], [[None]]), match=r"rows\[0\]\[0\]"),
        Bad("a boolean title", lambda: markdown_table([True], []), match=r"header\[0\]"),
        Bad("a line break", lambda: markdown_table(["a"], [["x\ny"]]),
            match="must fit on one line"),
    ],
    "lib.plotting.image_gallery": [
        Bad("2-D images", lambda: image_gallery([_ax()], np.zeros((4, 4))), match="images"),
        Bad("NaN pixels", lambda: image_gallery([_ax()], np.full((1, 2, 2), NAN)),
            match="images"),
        Bad("too few axes", lambda: image_gallery([_ax()], np.zeros((2, 2, 2))), match="axes"),
        Bad("titles do not match", lambda: image_gallery([_ax()], np.zeros((1, 2, 2)),
                                                         titles=["a", "b"]), match="titles"),
        Bad("string images", lambda: image_gallery([_ax()], "abc"), match="images"),
    ],
    "lib.plotting.boundary_segment": [
        Bad("w of three", lambda: boundary_segment([1, 2, 3], 0, (-1, 1), (-1, 1)), match="w"),
        Bad("NaN w", lambda: boundary_segment([1, NAN], 0, (-1, 1), (-1, 1)), match="w"),
        Bad("infinite b", lambda: boundary_segment([1, 2], INF, (-1, 1), (-1, 1)), match="b"),
        Bad("string b", lambda: boundary_segment([1, 2], "0", (-1, 1), (-1, 1)), match="b"),
        Bad("reversed xlim", lambda: boundary_segment([1, 2], 0, (1, -1), (-1, 1)),
            match="xlim"),
        Bad("NaN ylim", lambda: boundary_segment([1, 2], 0, (-1, 1), (NAN, 1)), match="ylim"),
    ],
    "lib.plotting.draw_computation_graph": [
        Bad("repeated names", lambda: draw_computation_graph(
            _ax(), [GraphNode("a", (0, 0), "a"), GraphNode("a", (1, 0), "b")], []),
            match="two nodes are named"),
        Bad("unknown node", lambda: draw_computation_graph(
            _ax(), [GraphNode("a", (0, 0), "a")], [("a", "b")]), match="unknown node"),
        Bad("unknown kind", lambda: draw_computation_graph(
            _ax(), [GraphNode("a", (0, 0), "a", kind="weird")], []), match="kind"),
        Bad("not a node", lambda: draw_computation_graph(_ax(), ["a"], []), match="nodes"),
        Bad("edge of one name", lambda: draw_computation_graph(
            _ax(), [GraphNode("a", (0, 0), "a")], [("a",)]), match="edge"),
        Bad("negative box", lambda: draw_computation_graph(
            _ax(), [GraphNode("a", (0, 0), "a")], [], box_size=(-1, 1)), match="box_size"),
        Bad("unknown label side", lambda: draw_computation_graph(
            _ax(), [GraphNode("a", (0, 0), "a"), GraphNode("b", (3, 0), "b")],
            [("a", "b", "x", "left")]), match="side must be 'above' or 'below'"),
        Bad("overlapping boxes", lambda: draw_computation_graph(
            _ax(), [GraphNode("a", (0, 0), "a"), GraphNode("b", (0.5, 0), "b")], [("a", "b")]),
            match="boxes of 'a' and 'b' overlap"),
        Bad("an arrow from a box to itself", lambda: draw_computation_graph(
            _ax(), [GraphNode("a", (0, 0), "a")], [("a", "a")]), match="overlap"),
    ],
}
