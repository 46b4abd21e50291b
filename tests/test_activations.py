"""Tests for lib.activations: worked numbers, finite differences, an independent autograd
implementation, properties, and bad input."""

import warnings

import autograd.numpy as anp
import numpy as np
import pytest
import scipy.special
from autograd import elementwise_grad
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from lib.activations import (
    ACTIVATIONS,
    get_activation,
    identity,
    identity_derivative,
    leaky_relu,
    leaky_relu_derivative,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    tanh,
    tanh_derivative,
)
from lib.gradcheck import numerical_gradient, relative_error

finite_arrays = arrays(
    np.float64,
    array_shapes(min_dims=1, max_dims=2, max_side=6),
    elements=st.floats(-50, 50, allow_nan=False),
)


# (1) Worked numbers from the sources -------------------------------------------------


def test_sigmoid_worked_numbers_from_the_backprop_note():
    # One neuron with x = 1, w = 0.5, b = 0: z = 0.5, a = sigma(0.5), slope sigma'(0.5).
    assert round(float(sigmoid(0.5)), 4) == 0.6225
    assert round(float(sigmoid_derivative(0.5)), 4) == 0.2350
    # The two-input neuron's score z = -0.5.
    assert round(float(sigmoid(-0.5)), 4) == 0.3775


def test_relu_worked_numbers():
    assert relu(-2.0) == 0.0
    assert relu(3.0) == 3.0
    # Chapter 23, example 23.1: z = 0.5*2 - 1*3 + 1 = -1, so the neuron is inactive.
    assert relu(np.array([0.5, -1.0]) @ np.array([2.0, 3.0]) + 1.0) == 0.0
    # Chapter 23, practice problem 1: z = 3, ReLU(z) = 3.
    assert relu(np.array([3.0, -1.0, 2.0]) @ np.array([1.0, 2.0, -1.0]) + 4.0) == 3.0
    # Chapter 23, tiny layer: z = W x + b = [2, 3, 0].
    W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    np.testing.assert_array_equal(relu(W @ [2.0, 3.0] + [0.0, 0.0, 1.0]), [2.0, 3.0, 0.0])


def test_activations_at_one_and_minus_two_exercise():
    # Backprop note, exercise 2: all three activations at z = 1, then sigmoid and ReLU at -2.
    assert round(float(sigmoid(1.0)), 4) == 0.7311
    assert round(float(tanh(1.0)), 4) == 0.7616
    assert relu(1.0) == 1.0
    assert round(float(sigmoid(-2.0)), 4) == 0.1192
    assert relu(-2.0) == 0.0  # ReLU is flat at negative inputs; sigmoid stays positive
    assert sigmoid(-2.0) > 0
    assert np.sign(tanh(-2.0)) == -1  # tanh changes sign with z


def test_leaky_relu_and_identity_values():
    np.testing.assert_allclose(leaky_relu([-2.0, 3.0]), [-0.02, 3.0])
    np.testing.assert_allclose(leaky_relu([-2.0, 3.0], slope=0.1), [-0.2, 3.0])
    np.testing.assert_array_equal(leaky_relu_derivative([-2.0, 3.0], slope=0.2), [0.2, 1.0])
    np.testing.assert_array_equal(identity([1.5, -2.0]), [1.5, -2.0])
    np.testing.assert_array_equal(identity_derivative([[1.5, -2.0]]), [[1.0, 1.0]])


def test_relu_derivative_is_zero_at_the_kink():
    np.testing.assert_array_equal(relu_derivative([-1.0, 0.0, 1.0]), [0.0, 0.0, 1.0])


def test_identity_returns_a_copy():
    z = np.array([1.0, 2.0])
    out = identity(z)
    out[0] = 99.0
    assert z[0] == 1.0


# (2) Central finite differences ------------------------------------------------------


def _points_away_from_kinks(rng, shape):
    """Random points with |z| >= 0.1, so relu and leaky relu are smooth within h of each."""
    z = rng.uniform(0.1, 3.0, size=shape)
    return z * rng.choice([-1.0, 1.0], size=shape)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_matches_finite_differences(name):
    fn, derivative = get_activation(name)
    z = _points_away_from_kinks(np.random.default_rng(0), (4, 5))
    # Entry-wise functions: the gradient of sum(f(z)) is f'(z), entry by entry.
    numeric = numerical_gradient(lambda v: float(np.sum(fn(v))), z)
    assert relative_error(derivative(z), numeric) <= 1e-6


def test_leaky_relu_derivative_with_other_slope_matches_finite_differences():
    z = _points_away_from_kinks(np.random.default_rng(1), (6,))
    numeric = numerical_gradient(lambda v: float(np.sum(leaky_relu(v, slope=0.3))), z)
    assert relative_error(leaky_relu_derivative(z, slope=0.3), numeric) <= 1e-6


# (3) An independent implementation ---------------------------------------------------

AUTOGRAD_FORMULAS = {
    "sigmoid": lambda z: 1.0 / (1.0 + anp.exp(-z)),
    "tanh": lambda z: (anp.exp(z) - anp.exp(-z)) / (anp.exp(z) + anp.exp(-z)),
    "relu": lambda z: anp.maximum(z, 0.0),
    "leaky_relu": lambda z: anp.where(z > 0, z, 0.01 * z),
    "identity": lambda z: z,
}


@pytest.mark.parametrize("name", sorted(AUTOGRAD_FORMULAS))
def test_values_and_derivatives_match_autograd(name):
    fn, derivative = get_activation(name)
    formula = AUTOGRAD_FORMULAS[name]
    z = _points_away_from_kinks(np.random.default_rng(2), (3, 7))
    np.testing.assert_allclose(fn(z), formula(z), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(derivative(z), elementwise_grad(formula)(z), rtol=1e-12, atol=1e-15)


def test_sigmoid_matches_scipy_expit_without_overflow():
    z = np.array([-1e4, -1000.0, -745.0, -30.0, -1.0, 0.0, 1.0, 30.0, 745.0, 1000.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow in exp would raise here
        s = sigmoid(z)
        ds = sigmoid_derivative(z)
    np.testing.assert_allclose(s, scipy.special.expit(z), rtol=1e-15, atol=1e-300)
    assert s[0] == 0.0 and s[-1] == 1.0
    assert np.all(np.isfinite(ds)) and ds[0] == 0.0 and ds[-1] == 0.0


def test_tanh_matches_numpy():
    z = np.linspace(-5, 5, 41)
    np.testing.assert_allclose(tanh(z), np.tanh(z), rtol=0, atol=0)
    np.testing.assert_allclose(tanh_derivative(z), 1 / np.cosh(z) ** 2, rtol=1e-12, atol=1e-16)


# Properties ---------------------------------------------------------------------------


@given(finite_arrays)
def test_sigmoid_lies_in_unit_interval_and_is_symmetric(z):
    s = sigmoid(z)
    assert s.shape == z.shape
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(sigmoid(-z), 1.0 - s, rtol=0, atol=2e-16)


@given(arrays(np.float64, st.integers(2, 20), elements=st.floats(-800, 800)))
def test_sigmoid_and_tanh_are_monotone(z):
    z = np.sort(z)
    assert np.all(np.diff(sigmoid(z)) >= 0)
    assert np.all(np.diff(tanh(z)) >= 0)


@given(finite_arrays)
def test_every_activation_keeps_the_shape(z):
    for fn, derivative in ACTIVATIONS.values():
        assert fn(z).shape == z.shape
        assert derivative(z).shape == z.shape


@given(finite_arrays)
def test_relu_is_nonnegative_and_equals_its_positive_part(z):
    r = relu(z)
    assert np.all(r >= 0)
    np.testing.assert_array_equal(r - relu(-z), z)  # z = max(z, 0) - max(-z, 0)


@given(finite_arrays)
def test_derivative_ranges(z):
    assert np.all((sigmoid_derivative(z) >= 0) & (sigmoid_derivative(z) <= 0.25))
    assert np.all((tanh_derivative(z) >= 0) & (tanh_derivative(z) <= 1))
    assert set(np.unique(relu_derivative(z))) <= {0.0, 1.0}


# Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_non_numeric_and_non_finite_input_is_rejected(name):
    fn, derivative = get_activation(name)
    with pytest.raises(TypeError, match="z must hold real numbers.*<U"):
        fn(["a", "b"])
    with pytest.raises(TypeError, match="dtype bool"):
        derivative(np.array([True, False]))
    with pytest.raises(ValueError, match=r"z must be finite, but z\[1\] = nan"):
        fn([1.0, np.nan])
    with pytest.raises(ValueError, match=r"z\[0, 1\] = inf"):
        derivative([[1.0, np.inf]])


def test_unknown_activation_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="name must be one of 'relu'.*got 'softplus'"):
        get_activation("softplus")


@pytest.mark.parametrize("slope", [-0.1, 1.0, np.nan])
def test_leaky_relu_rejects_bad_slopes(slope):
    with pytest.raises(ValueError, match="slope must (lie in|be finite)"):
        leaky_relu([1.0], slope=slope)
    with pytest.raises(ValueError, match="slope must (lie in|be finite)"):
        leaky_relu_derivative([1.0], slope=slope)
