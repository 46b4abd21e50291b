"""Tests for lib.softmax: worked numbers, finite differences, scipy and autograd as
independent references, properties, and bad input."""

import warnings

import autograd.numpy as anp
import numpy as np
import pytest
import scipy.special
from autograd import jacobian
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from lib.gradcheck import numerical_gradient, relative_error
from lib.softmax import log_softmax, softmax, softmax_jacobian

score_batches = arrays(
    np.float64,
    array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6),
    elements=st.floats(-30, 30, allow_nan=False),
)


# (1) Worked numbers from the sources -------------------------------------------------


def test_cat_dog_bird_scores():
    # Chapter 23, section 23.13: scores for (cat, dog, bird).
    scores = np.array([1.2, 3.5, 0.7])
    p = softmax(scores)
    np.testing.assert_array_equal(p.round(4), [0.0864, 0.8613, 0.0524])
    np.testing.assert_allclose(p, [0.08635047, 0.86127533, 0.05237421], rtol=0, atol=5e-9)
    assert np.array(["cat", "dog", "bird"])[np.argmax(p)] == "dog"


def test_chapter_23_example_and_exercise():
    # Example 23.4 and Python exercise 5, to the printed precision.
    np.testing.assert_allclose(
        softmax([1.0, 2.0, 0.5]), [0.2312239, 0.62853172, 0.14024438], rtol=0, atol=5e-9
    )
    np.testing.assert_allclose(
        softmax([2.0, 0.5, 1.2, 3.1]),
        [0.21382941, 0.04771179, 0.09607975, 0.64237905],
        rtol=0,
        atol=5e-9,
    )


def test_backprop_note_softmax_head():
    # Logits [2, 1, 0]: exponentials 7.39, 2.72, 1.00 (sum 11.11),
    # probabilities 0.665, 0.245, 0.090.
    np.testing.assert_allclose(np.exp([2.0, 1.0, 0.0]).round(2), [7.39, 2.72, 1.00])
    assert round(float(np.exp([2.0, 1.0, 0.0]).sum()), 2) == 11.11
    np.testing.assert_array_equal(softmax([2.0, 1.0, 0.0]).round(3), [0.665, 0.245, 0.090])
    assert round(-float(log_softmax([2.0, 1.0, 0.0])[0]), 2) == 0.41


def test_uniform_scores_give_uniform_probabilities():
    np.testing.assert_allclose(softmax(np.zeros(3)), [1 / 3] * 3, rtol=1e-15)
    assert round(-float(log_softmax(np.zeros(3))[0]), 4) == 1.0986  # ln 3


# (2) Central finite differences ------------------------------------------------------


@pytest.mark.parametrize("temperature", [1.0, 0.5, 3.0])
def test_jacobian_matches_finite_differences(temperature):
    z = np.random.default_rng(0).normal(size=5)
    J = softmax_jacobian(z, temperature=temperature)
    for i in range(5):  # row i is the gradient of p_i
        def p_i(v, i=i):
            return float(softmax(v, temperature=temperature)[i])

        numeric = numerical_gradient(p_i, z)
        assert relative_error(J[i], numeric) <= 1e-6


def test_log_softmax_gradient_is_one_hot_minus_softmax():
    z = np.random.default_rng(1).normal(size=4)
    for c in range(4):
        numeric = numerical_gradient(lambda v, c=c: float(log_softmax(v)[c]), z)
        assert relative_error(np.eye(4)[c] - softmax(z), numeric) <= 1e-6


# (3) Independent implementations -----------------------------------------------------


@pytest.mark.parametrize("axis", [0, 1, -1])
@pytest.mark.parametrize("temperature", [1.0, 0.25, 4.0])
def test_matches_scipy(axis, temperature):
    z = np.random.default_rng(2).normal(scale=5, size=(6, 4))
    np.testing.assert_allclose(
        softmax(z, axis=axis, temperature=temperature),
        scipy.special.softmax(z / temperature, axis=axis),
        rtol=1e-13,
        atol=1e-300,
    )
    np.testing.assert_allclose(
        log_softmax(z, axis=axis, temperature=temperature),
        scipy.special.log_softmax(z / temperature, axis=axis),
        rtol=1e-13,
        atol=1e-13,
    )


def test_jacobian_matches_autograd():
    def softmax_formula(z):  # the textbook formula, with no shift: fine for small scores
        e = anp.exp(z)
        return e / anp.sum(e)

    z = np.random.default_rng(3).normal(size=6)
    np.testing.assert_allclose(softmax_jacobian(z), jacobian(softmax_formula)(z), atol=1e-15)


def test_jacobian_structure():
    J = softmax_jacobian([1.2, 3.5, 0.7])
    p = softmax([1.2, 3.5, 0.7])
    np.testing.assert_allclose(J, J.T)
    np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=1e-16)
    np.testing.assert_allclose(np.diag(J), p * (1 - p))


# Extreme scores: exact, no warnings ---------------------------------------------------


@pytest.mark.parametrize("big", [1000.0, 1e4])
def test_extreme_scores_are_exact_and_silent(big):
    z = np.array([[big, -big], [-big, big], [big, big], [0.0, big]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any overflow / invalid-value warning fails the test
        p = softmax(z)
        logp = log_softmax(z)
        J = softmax_jacobian(z[0])
    np.testing.assert_array_equal(p, [[1, 0], [0, 1], [0.5, 0.5], [0, 1]])
    np.testing.assert_array_equal(logp[0], [0.0, -2 * big])
    np.testing.assert_array_equal(logp[1], [-2 * big, 0.0])
    np.testing.assert_allclose(logp[2], [-np.log(2)] * 2)
    np.testing.assert_array_equal(logp[3], [-big, 0.0])
    np.testing.assert_array_equal(J, np.zeros((2, 2)))


def test_tiny_temperature_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = softmax([1.0, 2.0, 3.0], temperature=1e-320)
    np.testing.assert_array_equal(p, [0.0, 0.0, 1.0])


# Properties ---------------------------------------------------------------------------


@given(score_batches)
def test_rows_are_probability_distributions(z):
    p = softmax(z)
    assert p.shape == z.shape
    assert np.all((p >= 0) & (p <= 1))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)


@given(score_batches, arrays(np.float64, 6, elements=st.floats(-1e3, 1e3)))
def test_adding_a_constant_per_row_changes_nothing(z, shifts):
    shifted = z + shifts[: z.shape[0], None]
    np.testing.assert_allclose(softmax(shifted), softmax(z), rtol=1e-9, atol=1e-12)


@given(score_batches)
def test_small_temperature_approaches_one_hot_argmax(z):
    winners = np.argmax(z, axis=1)
    z = z.copy()
    z[np.arange(len(z)), winners] += 1.0  # a margin of at least 1 over every other score
    p = softmax(z, temperature=0.01)  # the runners-up get at most exp(-100)
    np.testing.assert_allclose(p, np.eye(z.shape[1])[winners], atol=1e-40)


@given(score_batches)
def test_large_temperature_approaches_uniform(z):
    p = softmax(z, temperature=1e6)
    np.testing.assert_allclose(p, 1 / z.shape[1], rtol=1e-3)


@given(
    arrays(
        np.float64,
        array_shapes(min_dims=1, max_dims=2, max_side=5),
        elements=st.one_of(
            st.sampled_from([-1e4, -1000.0, 0.0, 1000.0, 1e4]), st.floats(-1e4, 1e4)
        ),
    )
)
def test_log_softmax_is_finite_and_equals_log_of_softmax(z):
    logp = log_softmax(z)
    assert np.all(np.isfinite(logp)) and np.all(logp <= 0)
    p = softmax(z)
    representable = p > 1e-300  # where log(softmax) has not underflowed to log(0)
    np.testing.assert_allclose(
        logp[representable], np.log(p[representable]), rtol=1e-12, atol=1e-12
    )


@given(st.integers(1, 8))
def test_jacobian_shape(k):
    z = np.linspace(-1, 1, k)
    assert softmax_jacobian(z).shape == (k, k)


# Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("temperature", [0.0, -1.0, np.nan, np.inf])
def test_temperature_must_be_positive_and_finite(temperature):
    for fn in (softmax, log_softmax, softmax_jacobian):
        message = (f"temperature must be finite, got {temperature}" if not np.isfinite(temperature)
                   else rf"temperature must lie in \(0.0, inf\), got {temperature}")
        with pytest.raises(ValueError, match=message):
            fn([1.0, 2.0], temperature=temperature)


def test_temperature_must_be_a_number():
    with pytest.raises(TypeError, match="temperature must be a real number, got 'hot'"):
        softmax([1.0, 2.0], temperature="hot")


def test_axis_must_exist():
    with pytest.raises(ValueError, match=r"axis=2 is not an axis of z, which has shape \(2, 3\)"):
        softmax(np.zeros((2, 3)), axis=2)


def test_scores_need_a_class_axis():
    with pytest.raises(ValueError, match="at least one axis"):
        softmax(1.0)
    with pytest.raises(ValueError, match=r"no classes along axis -1 \(shape \(2, 0\)\)"):
        log_softmax(np.zeros((2, 0)))


def test_jacobian_takes_one_vector():
    with pytest.raises(ValueError, match=r"z must be 1-D, got shape \(2, 3\)"):
        softmax_jacobian(np.zeros((2, 3)))


def test_non_numeric_and_non_finite_scores():
    with pytest.raises(TypeError, match="dtype <U"):
        softmax(["1", "2"])
    with pytest.raises(ValueError, match=r"z\[0, 1\] = nan"):
        log_softmax([[1.0, np.nan]])
    with pytest.raises(ValueError, match=r"z\[1\] = -inf"):
        softmax([0.0, -np.inf])
