"""Tests for lib.linear_collapse: worked numbers, independent checks, properties, errors."""

from functools import reduce

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.linear_collapse import (
    affine_stack_forward,
    collapse_affine,
    collapse_linear,
    partial_product_ranks,
)

W1 = np.array([[1.0, 2.0], [0.0, 1.0]])
W2 = np.array([[2.0, 0.0], [1.0, 1.0]])


def random_layers(dims, seed):
    """Affine layers mapping dims[0] -> dims[1] -> ... with seeded Gaussian entries."""
    rng = np.random.default_rng(seed)
    return [
        (rng.normal(size=(n_out, n_in)), rng.normal(size=n_out))
        for n_in, n_out in zip(dims[:-1], dims[1:], strict=True)
    ]


dims_strategy = st.lists(st.integers(1, 6), min_size=2, max_size=6)
seed_strategy = st.integers(0, 2**32 - 1)


# ---- worked numbers ---------------------------------------------------------------------

def test_worked_example_two_layers():
    # Example 23.3 of the source: W2 W1 = [[2, 4], [1, 3]].
    np.testing.assert_array_equal(collapse_linear([W1, W2]), [[2.0, 4.0], [1.0, 3.0]])


def test_order_matters_first_layer_first():
    # W1 W2 = [[4, 2], [1, 1]] is a different matrix: the list order is the order applied.
    np.testing.assert_array_equal(collapse_linear([W2, W1]), [[4.0, 2.0], [1.0, 1.0]])


def test_affine_worked_example():
    b1, b2 = np.array([1.0, -1.0]), np.array([0.5, 2.0])
    W, b = collapse_affine([(W1, b1), (W2, b2)])
    np.testing.assert_array_equal(W, [[2.0, 4.0], [1.0, 3.0]])
    # W2 b1 + b2 = [2, 0] + [0.5, 2] = [2.5, 2].
    np.testing.assert_array_equal(b, [2.5, 2.0])


def test_single_layer_is_returned_unchanged():
    W, b = collapse_affine([(W1, [3.0, 4.0])])
    np.testing.assert_array_equal(W, W1)
    np.testing.assert_array_equal(b, [3.0, 4.0])


def test_bottleneck_rank_worked_example():
    down = np.array([[1.0, 1.0]])  # 2 -> 1
    up = np.array([[1.0], [2.0]])  # 1 -> 2
    assert partial_product_ranks([down, up]) == [1, 1]
    np.testing.assert_array_equal(collapse_linear([down, up]), [[1.0, 1.0], [2.0, 2.0]])


# ---- independent implementations ---------------------------------------------------------

@given(dims=dims_strategy, seed=seed_strategy)
def test_collapse_linear_matches_multi_dot_and_reduce(dims, seed):
    weights = [W for W, _ in random_layers(dims, seed)]
    ours = collapse_linear(weights)
    by_reduce = reduce(lambda acc, W: W @ acc, weights[1:], weights[0])
    assert ours.shape == (dims[-1], dims[0])
    np.testing.assert_allclose(ours, by_reduce, rtol=1e-12, atol=1e-12)
    if len(weights) >= 2:
        by_multi_dot = np.linalg.multi_dot(weights[::-1])
        np.testing.assert_allclose(ours, by_multi_dot, rtol=1e-10, atol=1e-10)


@given(dims=dims_strategy, seed=seed_strategy)
def test_collapse_affine_matches_homogeneous_coordinates(dims, seed):
    # Independent route: an affine map x -> Wx + b is the matrix [[W, b], [0, 1]] acting
    # on (x, 1); composing affine maps is multiplying these augmented matrices.
    layers = random_layers(dims, seed)
    augmented = []
    for W, b in layers:
        A = np.zeros((W.shape[0] + 1, W.shape[1] + 1))
        A[:-1, :-1], A[:-1, -1], A[-1, -1] = W, b, 1.0
        augmented.append(A)
    product = reduce(lambda acc, A: A @ acc, augmented[1:], augmented[0])
    W, b = collapse_affine(layers)
    np.testing.assert_allclose(W, product[:-1, :-1], rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(b, product[:-1, -1], rtol=1e-10, atol=1e-10)


@given(dims=dims_strategy, seed=seed_strategy, n=st.integers(1, 7))
def test_collapsed_map_equals_layer_by_layer(dims, seed, n):
    layers = random_layers(dims, seed)
    X = np.random.default_rng(seed + 1).normal(size=(n, dims[0]))
    W, b = collapse_affine(layers)
    np.testing.assert_allclose(X @ W.T + b, affine_stack_forward(X, layers), rtol=1e-9, atol=1e-9)
    # One example as a vector gives the same numbers.
    np.testing.assert_allclose(W @ X[0] + b, affine_stack_forward(X[0], layers), atol=1e-9)


def test_jacobian_of_stack_is_collapsed_matrix_by_central_differences():
    layers = random_layers([3, 5, 4, 2], seed=7)
    W, _ = collapse_affine(layers)
    x, h = np.array([0.3, -1.2, 0.8]), 1e-5
    jacobian = np.empty((2, 3))
    for j in range(3):
        step = np.zeros(3)
        step[j] = h
        jacobian[:, j] = (affine_stack_forward(x + step, layers)
                          - affine_stack_forward(x - step, layers)) / (2 * h)
    np.testing.assert_allclose(jacobian, W, rtol=1e-7, atol=1e-8)


# ---- properties of the rank ------------------------------------------------------------

@given(dims=dims_strategy, seed=seed_strategy)
def test_ranks_never_increase_and_respect_narrowest_layer(dims, seed):
    weights = [W for W, _ in random_layers(dims, seed)]
    ranks = partial_product_ranks(weights)
    assert len(ranks) == len(weights)
    assert all(later <= earlier for earlier, later in zip(ranks, ranks[1:], strict=False))
    assert ranks[-1] <= min(dims)
    for k, W in enumerate(weights):
        assert ranks[k] <= np.linalg.matrix_rank(W)
    # Gaussian layers are full rank almost surely, so the bound is met with equality.
    assert ranks[-1] == min(dims)


# ---- errors ------------------------------------------------------------------------------

def test_mismatched_shapes_are_named():
    with pytest.raises(ValueError, match=r"weights\[1\] has shape \(2, 3\).*outputs 2"):
        collapse_linear([np.ones((2, 2)), np.ones((2, 3))])
    with pytest.raises(ValueError, match=r"weights\[1\]"):
        collapse_affine([(np.ones((2, 2)), np.zeros(2)), (np.ones((2, 3)), np.zeros(2))])


def test_bias_of_wrong_length():
    with pytest.raises(ValueError, match=r"layers\[0\].*needs shape \(2,\), got \(3,\)"):
        collapse_affine([(np.ones((2, 2)), np.zeros(3))])


def test_empty_and_malformed_input():
    with pytest.raises(ValueError, match="at least one"):
        collapse_linear([])
    with pytest.raises(ValueError, match="at least one"):
        collapse_affine([])
    with pytest.raises(TypeError, match="pair"):
        collapse_affine([np.ones((2, 2))])
    with pytest.raises(ValueError, match="2-D"):
        collapse_linear([np.ones(3)])
    with pytest.raises(TypeError, match="real numbers"):
        collapse_linear([np.array([["a"]])])
    with pytest.raises(ValueError, match="finite"):
        collapse_linear([np.array([[np.nan]])])


def test_input_of_wrong_width():
    with pytest.raises(ValueError, match="X has shape \\(4, 3\\) with 3 features"):
        affine_stack_forward(np.ones((4, 3)), [(np.ones((2, 2)), np.zeros(2))])
