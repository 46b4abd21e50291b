"""Tests for the chapter 2 network bender (lib/widgets/linear_collapse.py)."""

import numpy as np
import pytest

from lib.linear_collapse import collapse_affine
from lib.linear_regions import breakpoints_1d, count_regions, random_network
from lib.network import MLP
from lib.widgets.linear_collapse import (
    LINES,
    REGION_POINTS,
    X_1D,
    NetworkBender,
)


@pytest.fixture(scope="module")
def bender():
    return NetworkBender(static=False)


def _net(n, depth, width, seed=0):
    return random_network(n, n, depth, width, np.random.default_rng([seed, n, depth, width]))


def test_relu_curve_and_breakpoints_match_lib(bender):
    s = bender.update(depth=2, width=4, activation="relu")
    w1, b1 = _net(1, 2, 4)
    model = MLP.from_arrays(w1, b1)
    np.testing.assert_allclose(s["y"], model.forward(X_1D[:, None])[:, 0], atol=1e-12)
    np.testing.assert_array_equal(s["breakpoints"], breakpoints_1d(X_1D, w1, b1))
    assert s["pieces"] == s["breakpoints"].size + 1 >= 2
    w2, b2 = _net(2, 2, 4)
    assert s["regions"] == count_regions(REGION_POINTS, w2, b2) > 1
    np.testing.assert_array_equal(bender.kinks.get_xdata(), s["breakpoints"])
    assert f"<b>{s['pieces']}</b> linear pieces" in bender.readout_html


def test_linear_network_is_one_affine_map(bender):
    s = bender.update(depth=3, width=1, activation="identity")
    w1, b1 = _net(1, 3, 1)
    W, c = collapse_affine(list(zip(w1, b1, strict=True)))
    np.testing.assert_allclose(s["y"], X_1D * W[0, 0] + c[0], atol=1e-10)
    w2, b2 = _net(2, 3, 1)
    W2, c2 = collapse_affine(list(zip(w2, b2, strict=True)))
    np.testing.assert_allclose(s["lines"], LINES @ W2.T + c2, atol=1e-10)
    # An independent check: lib's MLP with identity units computes the same map.
    identity_net = MLP.from_arrays(w2, b2, activation="identity")
    np.testing.assert_allclose(identity_net.forward(LINES.reshape(-1, 2)),
                               s["lines"].reshape(-1, 2), atol=1e-10)
    assert s["rank"] == 1 and "squashed onto a line" in bender.readout_html  # width 1
    assert s["pieces"] == 1 and s["regions"] == 1


def test_same_values_give_the_same_network(bender):
    first = bender.update(depth=4, width=8, activation="relu")["y"].copy()
    bender.update(depth=1)
    np.testing.assert_array_equal(bender.update(depth=4)["y"], first)


def test_moves_redraw_the_same_figure(bender):
    fig, curve = bender.fig, bender.curve
    bender.widgets["width"].value = 16
    assert bender.state["width"] == 16 and bender.fig is fig
    np.testing.assert_array_equal(curve.get_ydata(), bender.state["y"])
    assert bender.png[:8] == b"\x89PNG\r\n\x1a\n"


def test_static_lookup_has_one_picture_per_combination():
    bender = NetworkBender()
    assert bender.lookup.shape == [6, 5, 2] and len(bender.lookup.frames) == 60
    assert len(set(bender.lookup.readouts)) > 50


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"seed": -1}, "seed must be an integer >= 0"),
    ({"seed": 1.5}, "seed must be an integer"),
    ({"depth": 7}, r"depth=7 is not offered; depth must be one of \[1, 2, 3, 4, 5, 6\]"),
    ({"width": 5}, "width=5 is not offered"),
    ({"activation": "tanh"}, "activation=.tanh. is not offered"),
])
def test_bad_options_name_the_argument(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        NetworkBender(static=False, **kwargs)
