"""Tests for lib.linear_regions: worked numbers, independent checks, properties, errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.linear_collapse import collapse_affine
from lib.linear_regions import (
    breakpoints_1d,
    count_pieces_1d,
    count_regions,
    forward_with_patterns,
    max_regions_one_hidden_layer,
    region_labels,
)

# f(x) = relu(x) - 2 relu(x - 1): a hat that rises on [0, 1] and falls after 1.
HAT_W = [np.array([[1.0], [1.0]]), np.array([[1.0, -2.0]])]
HAT_B = [np.array([0.0, -1.0]), np.array([0.0])]


def random_network(dims, seed, bias_scale=1.0):
    rng = np.random.default_rng(seed)
    shapes = zip(dims[1:], dims[:-1], strict=True)
    weights = [rng.normal(size=shape) for shape in shapes]
    biases = [bias_scale * rng.normal(size=n_out) for n_out in dims[1:]]
    return weights, biases


# ---- worked numbers ---------------------------------------------------------------------

def test_hat_function_values_and_patterns():
    out, patterns = forward_with_patterns(np.array([[-1.0], [0.5], [2.0]]), HAT_W, HAT_B)
    np.testing.assert_array_equal(out[:, 0], [0.0, 0.5, 0.0])
    np.testing.assert_array_equal(patterns, [[False, False], [True, False], [True, True]])
    np.testing.assert_array_equal(region_labels(patterns), [0, 1, 2])


def test_hat_function_breakpoints():
    x = np.linspace(-2, 3, 501)  # step 0.01
    bps = breakpoints_1d(x, HAT_W, HAT_B)
    np.testing.assert_allclose(bps, [0.0, 1.0], atol=0.005 + 1e-12)
    assert count_pieces_1d(x, HAT_W, HAT_B) == 3


def test_three_lines_in_general_position_make_seven_regions():
    # Units switch at x = 0, y = 0 and x + y = 1: 1 + 3 + 3 = 7 regions in the plane.
    W1 = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    b1 = np.array([0.0, 0.0, -1.0])
    grid = np.linspace(-3, 3, 151)
    X = np.stack(np.meshgrid(grid, grid), axis=-1).reshape(-1, 2)
    assert count_regions(X, [W1, np.ones((1, 3))], [b1, np.zeros(1)]) == 7
    assert max_regions_one_hidden_layer(3, 2) == 7


def test_region_bound_formula():
    assert [max_regions_one_hidden_layer(k, 1) for k in range(5)] == [1, 2, 3, 4, 5]
    assert [max_regions_one_hidden_layer(k, 2) for k in range(5)] == [1, 2, 4, 7, 11]
    assert max_regions_one_hidden_layer(4, 4) == 2**4  # n >= k: every pattern possible


def test_no_hidden_layer_is_one_region():
    X = np.random.default_rng(0).normal(size=(20, 3))
    assert count_regions(X, [np.ones((2, 3))], [np.zeros(2)]) == 1


# ---- independent checks ------------------------------------------------------------------

@given(dims=st.lists(st.integers(1, 5), min_size=2, max_size=5), seed=st.integers(0, 10**6))
def test_output_is_the_collapsed_affine_map_of_its_pattern(dims, seed):
    # With the pattern fixed, ReLU is multiplication by a 0/1 diagonal matrix D, so the
    # network equals the stack (D1 W1, D1 b1), (D2 W2, D2 b2), ..., (W_L, b_L).
    weights, biases = random_network(dims, seed)
    X = np.random.default_rng(seed + 1).normal(size=(6, dims[0]))
    out, patterns = forward_with_patterns(X, weights, biases)
    assert out.shape == (6, dims[-1])
    assert patterns.shape == (6, sum(dims[1:-1]))
    for x, y, pattern in zip(X, out, patterns, strict=True):
        start, layers = 0, []
        for W, b in zip(weights[:-1], biases[:-1], strict=True):
            mask = pattern[start:start + W.shape[0]].astype(float)
            start += W.shape[0]
            layers.append((mask[:, None] * W, mask * b))
        layers.append((weights[-1], biases[-1]))
        W_eff, b_eff = collapse_affine(layers)
        np.testing.assert_allclose(W_eff @ x + b_eff, y, rtol=1e-9, atol=1e-9)


@given(k=st.integers(1, 8), seed=st.integers(0, 10**6))
def test_one_hidden_layer_breakpoints_are_minus_b_over_w(k, seed):
    weights, biases = random_network([1, k, 1], seed)
    x = np.linspace(-50, 50, 100_001)  # step 0.001
    exact = -biases[0] / weights[0][:, 0]
    exact = np.sort(exact[(exact > x[0]) & (exact < x[-1])])
    found = breakpoints_1d(x, weights, biases)
    assert found.size <= k  # at most k + 1 pieces
    # Every unit switching inside the grid shows up (two may share one grid step).
    for e in exact:
        assert np.min(np.abs(found - e)) <= 0.0005 + 1e-9


@given(dims=st.lists(st.integers(1, 6), min_size=2, max_size=4), seed=st.integers(0, 10**6))
def test_function_is_linear_between_breakpoints(dims, seed):
    weights, biases = random_network([1, *dims, 1], seed)
    x = np.linspace(-3, 3, 1201)
    out, _ = forward_with_patterns(x[:, None], weights, biases)
    bps = breakpoints_1d(x, weights, biases)
    second = out[2:, 0] - 2 * out[1:-1, 0] + out[:-2, 0]
    step = x[1] - x[0]
    # A second difference touches x[i-1], x[i], x[i+1]; keep those that stay clear of kinks.
    centre = x[1:-1]
    clear = np.all(np.abs(centre[:, None] - bps[None, :]) > 1.5 * step, axis=1) if bps.size else \
        np.ones(centre.size, dtype=bool)
    scale = 1.0 + np.max(np.abs(out))
    assert np.all(np.abs(second[clear]) <= 1e-9 * scale)


@given(dims=st.lists(st.integers(1, 6), min_size=1, max_size=3), seed=st.integers(0, 10**6))
def test_region_count_matches_set_of_pattern_tuples(dims, seed):
    weights, biases = random_network([2, *dims, 1], seed)
    grid = np.linspace(-2, 2, 41)
    X = np.stack(np.meshgrid(grid, grid), axis=-1).reshape(-1, 2)
    _, patterns = forward_with_patterns(X, weights, biases)
    assert count_regions(X, weights, biases) == len({tuple(p) for p in patterns})
    labels = region_labels(patterns)
    # Independent route: NumPy's row-wise unique numbers the patterns in the same order.
    _, expected = np.unique(patterns, axis=0, return_inverse=True)
    np.testing.assert_array_equal(labels, expected.reshape(-1))
    # Same label exactly when same pattern.
    for label in np.unique(labels):
        assert len({tuple(p) for p in patterns[labels == label]}) == 1


@given(n_units=st.integers(0, 150), seed=st.integers(0, 10**6))
def test_region_labels_match_numpy_unique_for_long_patterns(n_units, seed):
    # Rows longer than one 64-bit word, with many repeats.
    rng = np.random.default_rng(seed)
    base = rng.random((5, n_units)) < 0.5
    patterns = base[rng.integers(0, 5, size=40)]
    _, expected = np.unique(patterns, axis=0, return_inverse=True)
    np.testing.assert_array_equal(region_labels(patterns), expected.reshape(-1))


@given(k=st.integers(1, 7), seed=st.integers(0, 10**6))
def test_one_hidden_layer_never_beats_the_bound(k, seed):
    weights, biases = random_network([2, k, 1], seed)
    grid = np.linspace(-4, 4, 81)
    X = np.stack(np.meshgrid(grid, grid), axis=-1).reshape(-1, 2)
    assert count_regions(X, weights, biases) <= max_regions_one_hidden_layer(k, 2)


# ---- errors ------------------------------------------------------------------------------

def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="2 weight matrices but 1 bias"):
        forward_with_patterns(np.ones((3, 1)), HAT_W, HAT_B[:1])
    with pytest.raises(ValueError, match=r"biases\[0\] needs shape \(2,\)"):
        forward_with_patterns(np.ones((3, 1)), HAT_W, [np.zeros(3), np.zeros(1)])
    with pytest.raises(ValueError, match=r"weights\[1\] has shape \(1, 3\)"):
        forward_with_patterns(np.ones((3, 1)), [HAT_W[0], np.ones((1, 3))], HAT_B)
    with pytest.raises(ValueError, match="X has shape \\(3, 2\\) with 2 features"):
        forward_with_patterns(np.ones((3, 2)), HAT_W, HAT_B)
    with pytest.raises(ValueError, match="strictly increasing"):
        breakpoints_1d([0.0, 1.0, 1.0], HAT_W, HAT_B)
    with pytest.raises(ValueError, match="one input feature"):
        breakpoints_1d([0.0, 1.0], [np.ones((2, 2)), np.ones((1, 2))], [np.zeros(2), np.zeros(1)])
    with pytest.raises(ValueError, match="at least one"):
        count_regions(np.ones((2, 1)), [], [])
    with pytest.raises(ValueError, match="n_units"):
        max_regions_one_hidden_layer(-1, 2)
    with pytest.raises(ValueError, match="n_in"):
        max_regions_one_hidden_layer(3, 0)
    with pytest.raises(ValueError, match="2-D"):
        region_labels(np.ones(3, dtype=bool))
    with pytest.raises(TypeError, match="real numbers"):
        forward_with_patterns(np.array([["a"]]), HAT_W, HAT_B)


# --- regressions of the fuzz (issue 8) -----------------------------------------------------


def test_max_regions_with_a_huge_input_dimension_is_immediate():
    # max_regions_one_hidden_layer(3, 10**9) once looped over all 10**9 + 1 terms.
    from math import comb

    assert max_regions_one_hidden_layer(3, 10**9) == 8  # 2^3: n >= k
    assert max_regions_one_hidden_layer(1000, 2) == 1 + 1000 + comb(1000, 2)
    for k in range(12):
        for n in range(1, 14):
            assert max_regions_one_hidden_layer(k, n) == sum(comb(k, i) for i in range(n + 1))


@pytest.mark.parametrize(("args", "error", "message"), [
    ((-1, 2), ValueError, r"n_units must be an integer in \[0, 100000\], got -1"),
    ((10**6, 2), ValueError, r"n_units must be an integer in \[0, 100000\]"),
    ((3, 0), ValueError, "n_in must be an integer >= 1, got 0"),
    ((3.0, 2), TypeError, "n_units must be an integer, got 3.0"),
    ((None, 2), TypeError, "n_units must be an integer, got None"),
    ((3, float("nan")), TypeError, "n_in must be an integer, got nan"),
])
def test_max_regions_bad_arguments(args, error, message):
    with pytest.raises(error, match=message):
        max_regions_one_hidden_layer(*args)


# -- random_network (chapter 2's network bender) ------------------------------------
from lib.linear_regions import random_network as lib_random_network  # noqa: E402


def test_random_network_shapes_and_one_generator():
    weights, biases = lib_random_network(2, 1, depth=3, width=5, rng=0)
    assert [W.shape for W in weights] == [(5, 2), (5, 5), (5, 5), (1, 5)]
    assert [b.shape for b in biases] == [(5,), (5,), (5,), (1,)]
    again, _ = lib_random_network(2, 1, depth=3, width=5, rng=np.random.default_rng(0))
    assert all(np.array_equal(a, b) for a, b in zip(weights, again, strict=True))
    # Weights first (He scale), then biases, from the one generator: an independent draw.
    rng = np.random.default_rng(0)
    sizes = [2, 5, 5, 5, 1]
    expected = [rng.normal(0.0, np.sqrt(2.0 / a), size=(b, a))
                for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    assert all(np.array_equal(a, b) for a, b in zip(weights, expected, strict=True))
    np.testing.assert_array_equal(biases[0], rng.normal(size=5))


def test_random_network_he_scale():
    weights, _ = lib_random_network(400, 1, depth=1, width=300, rng=1)
    assert np.std(weights[0]) == pytest.approx(np.sqrt(2.0 / 400), rel=0.02)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"n_in": 0}, "n_in must be an integer"),
    ({"depth": 1.5}, "depth must be an integer"),
    ({"width": -2}, "width must be an integer"),
    ({"rng": None}, "rng must be a numpy.random.Generator"),
    ({"rng": "seed"}, "rng must be a numpy.random.Generator"),
])
def test_random_network_rejects_bad_input(kwargs, match):
    arguments = {"n_in": 2, "n_out": 1, "depth": 2, "width": 3, "rng": 0} | kwargs
    with pytest.raises((ValueError, TypeError), match=match):
        lib_random_network(**arguments)
