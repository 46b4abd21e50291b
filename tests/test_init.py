"""Tests for lib.init: worked numbers, large seeded samples against the formulas and
scipy.stats, reproducibility, and bad input."""

import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

from lib.init import (
    INITIALIZERS,
    get_initializer,
    he_normal,
    he_std,
    lecun_normal,
    lecun_std,
    xavier_limit,
    xavier_normal,
    xavier_std,
    xavier_uniform,
)
from lib.layers import dense_forward

# (1) Worked numbers ---------------------------------------------------------------------


def test_he_std_for_fan_in_four():
    # Backprop note, "In practice": fan_in = 4 gives std sqrt(2/4) ≈ 0.707.
    assert round(he_std(4), 3) == 0.707
    assert he_std(4) == np.sqrt(0.5)


def test_standard_deviations_by_formula():
    assert xavier_std(3, 5) == pytest.approx(np.sqrt(2 / 8))
    assert xavier_limit(3, 5) == pytest.approx(np.sqrt(6 / 8))
    assert xavier_limit(3, 5) ** 2 / 3 == pytest.approx(xavier_std(3, 5) ** 2)  # same variance
    assert lecun_std(4) == 0.5  # the fan-in-only form some texts call "Xavier"


# (3) Large seeded samples against the formulas and scipy.stats ----------------------------

NORMAL_CASES = [
    (he_normal, lambda n_in, n_out: he_std(n_in)),
    (xavier_normal, lambda n_in, n_out: xavier_std(n_in, n_out)),
    (lecun_normal, lambda n_in, n_out: lecun_std(n_in)),
]


@pytest.mark.parametrize(("init", "std_formula"), NORMAL_CASES)
def test_normal_initializers_have_the_formula_spread(init, std_formula):
    n_in, n_out = 400, 300  # 120,000 draws: the sample std is within 1% of the truth
    W = init(n_in, n_out, np.random.default_rng(0))
    std = std_formula(n_in, n_out)
    assert W.shape == (n_out, n_in)
    assert abs(W.mean()) < 5 * std / np.sqrt(W.size)
    assert W.std() == pytest.approx(std, rel=0.01)
    # An independent check of the whole distribution, not just two moments.
    assert scipy.stats.kstest(W.ravel(), scipy.stats.norm(0, std).cdf).pvalue > 1e-3


def test_xavier_uniform_fills_its_interval_evenly():
    W = xavier_uniform(400, 300, np.random.default_rng(1))
    limit = xavier_limit(400, 300)
    assert W.shape == (300, 400)
    assert -limit <= W.min() and W.max() <= limit
    assert W.std() == pytest.approx(xavier_std(400, 300), rel=0.01)
    uniform = scipy.stats.uniform(loc=-limit, scale=2 * limit)
    assert scipy.stats.kstest(W.ravel(), uniform.cdf).pvalue > 1e-3


def test_he_init_keeps_relu_signals_steady_through_depth():
    # Why the factor 2: through 10 ReLU layers of width 256, the mean square of the
    # pre-activations stays within a factor 2 of its start; with std 1/sqrt(fan_in) it halves
    # at every layer.
    rng = np.random.default_rng(2)
    X = rng.normal(size=(500, 256))
    he, lecun = X, X
    for _ in range(10):
        Z_he = dense_forward(he, he_normal(256, 256, rng), np.zeros(256))
        Z_lecun = dense_forward(lecun, lecun_normal(256, 256, rng), np.zeros(256))
        he, lecun = np.maximum(Z_he, 0), np.maximum(Z_lecun, 0)
    assert 0.5 < np.mean(Z_he**2) < 2.0
    assert np.mean(Z_lecun**2) < 0.01


# Reproducibility and shapes ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
def test_same_seed_same_weights_and_int_seeds_work(name):
    init = get_initializer(name)
    a = init(3, 2, np.random.default_rng(7))
    b = init(3, 2, np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(init(3, 2, 7), a)  # an int is a seed for default_rng
    assert not np.array_equal(init(3, 2, 8), a)


@given(st.integers(1, 20), st.integers(1, 20), st.sampled_from(sorted(INITIALIZERS)))
def test_shape_is_n_out_by_n_in(n_in, n_out, name):
    W = get_initializer(name)(n_in, n_out, np.random.default_rng(0))
    assert W.shape == (n_out, n_in) and W.dtype == np.float64
    assert np.all(np.isfinite(W))


# Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("init", [he_normal, xavier_normal, xavier_uniform, lecun_normal])
def test_rng_must_be_a_generator_or_seed(init):
    with pytest.raises(TypeError,
                       match=r"rng must be a numpy.random.Generator .* got None \(NoneType\)"):
        init(3, 2, None)
    with pytest.raises(TypeError, match="got RandomState"):
        init(3, 2, np.random.RandomState(0))
    with pytest.raises(TypeError, match=r"got True \(bool\)"):
        init(3, 2, True)


@pytest.mark.parametrize("init", [he_normal, xavier_normal, xavier_uniform, lecun_normal])
@pytest.mark.parametrize(("n_in", "n_out", "error", "message"), [
    (0, 2, ValueError, "n_in must be an integer >= 1, got 0"),
    (2.5, 2, TypeError, r"n_in must be an integer, got 2.5 \(float\)"),
    (3, -1, ValueError, "n_out must be an integer >= 1, got -1"),
    (3, None, TypeError, "n_out must be an integer, got None"),
    (float("nan"), 2, TypeError, "n_in must be an integer, got nan"),
])
def test_sizes_must_be_positive_integers(init, n_in, n_out, error, message):
    # The message names the initializer's own argument (n_in, n_out), not fan_in.
    with pytest.raises(error, match=message):
        init(n_in, n_out, np.random.default_rng(0))


def test_std_helpers_check_sizes():
    with pytest.raises(ValueError, match="fan_in must be an integer >= 1, got 0"):
        he_std(0)
    with pytest.raises(ValueError, match="fan_out must be an integer >= 1, got 0"):
        xavier_std(3, 0)


def test_int_seed_is_one_generator_for_all_draws():
    # The one rule: an int seed becomes one Generator; passing that Generator
    # twice gives two different matrices, passing the seed twice the same one.
    rng = np.random.default_rng(5)
    assert not np.array_equal(he_normal(4, 4, rng), he_normal(4, 4, rng))
    np.testing.assert_array_equal(he_normal(4, 4, 5), he_normal(4, 4, np.random.default_rng(5)))
    with pytest.raises(ValueError, match="rng as a seed must be an integer >= 0, got -1"):
        he_normal(4, 4, -1)


def test_unknown_initializer_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="name must be one of 'he'.*got 'zeros'"):
        get_initializer("zeros")
