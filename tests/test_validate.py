"""Tests for lib._validate: the shared checks say what is wrong, in the caller's words."""

import numpy as np
import pytest

from lib._validate import (
    as_float_array,
    as_generator,
    as_labels,
    check_count,
    check_option,
    check_real,
)


def test_as_float_array_converts_and_refuses():
    out = as_float_array([[1, 2], [3, 4]], "X", ndim=2)
    assert out.dtype == np.float64 and out.shape == (2, 2)
    with pytest.raises(ValueError, match=r"X must be a rectangular array .* ragged"):
        as_float_array([[1.0, 2.0], [3.0]], "X")
    with pytest.raises(TypeError, match="X must be an array of numbers, got None"):
        as_float_array(None, "X")
    with pytest.raises(TypeError, match="X must hold real numbers .* got dtype bool"):
        as_float_array([True, False], "X")
    with pytest.raises(ValueError, match=r"X must be finite, but X\[1\] = nan"):
        as_float_array([0.0, np.nan], "X")
    with pytest.raises(ValueError, match=r"X must be 2-D, got shape \(3,\)"):
        as_float_array([1.0, 2.0, 3.0], "X", ndim=2)


def test_as_labels_names_the_bad_entry():
    np.testing.assert_array_equal(as_labels([0.0, 2.0], "y", n_examples=2, n_classes=3), [0, 2])
    with pytest.raises(TypeError, match=r"y must be integer class indices, but y\[1\] = 0.5"):
        as_labels([0, 0.5], "y", n_examples=2, n_classes=3)
    with pytest.raises(ValueError, match=r"y must lie in \[0, 3\), found 3"):
        as_labels([0, 3], "y", n_examples=2, n_classes=3)
    with pytest.raises(ValueError, match="y must be a rectangular array"):
        as_labels([[0], [1, 2]], "y", n_examples=2, n_classes=3)


@pytest.mark.parametrize(("value", "error", "message"), [
    (0, ValueError, r"n must be an integer in \[1, 10\], got 0"),
    (2.0, TypeError, r"n must be an integer, got 2.0 \(float\)"),  # whole floats too
    ("5", TypeError, r"n must be an integer, got '5' \(str\)"),  # quoted: a string
    (None, TypeError, r"n must be an integer, got None"),
    (float("nan"), TypeError, r"n must be an integer, got nan"),  # never reaches int()
    (True, TypeError, r"n must be an integer, got True \(bool\)"),
    (11, ValueError, r"n must be an integer in \[1, 10\], got 11"),
])
def test_check_count(value, error, message):
    with pytest.raises(error, match=message):
        check_count(value, "n", maximum=10)


def test_check_count_accepts_numpy_integers():
    assert check_count(np.int64(3), "n") == 3 and type(check_count(np.int64(3), "n")) is int


@pytest.mark.parametrize(("value", "error", "message"), [
    (0.0, ValueError, r"lr must lie in \(0.0, inf\), got 0.0"),
    (float("inf"), ValueError, "lr must be finite, got inf"),
    ("0.1", TypeError, r"lr must be a real number, got '0.1' \(str\)"),
    (1j, TypeError, "lr must be a real number"),
])
def test_check_real(value, error, message):
    with pytest.raises(error, match=message):
        check_real(value, "lr", low=0.0, low_open=True)
    assert check_real(np.float32(0.5), "lr", low=0.0, high=1.0, high_open=True) == 0.5


def test_check_option_lists_the_choices():
    assert check_option("he", "init", ("he", "xavier")) == "he"
    with pytest.raises(ValueError, match="init must be one of 'he', 'xavier', got 'HE'"):
        check_option("HE", "init", ("he", "xavier"))
    with pytest.raises(TypeError, match=r"init must be one of .* got None \(NoneType\)"):
        check_option(None, "init", ("he", "xavier"))


def test_as_generator_is_the_one_rng_rule():
    generator = np.random.default_rng(0)
    assert as_generator(generator) is generator  # passed through, never copied
    np.testing.assert_array_equal(as_generator(7).normal(size=3),
                                  np.random.default_rng(7).normal(size=3))
    for bad in (None, "0", 1.5, True, np.random.RandomState(0)):
        with pytest.raises(TypeError, match="rng must be a numpy.random.Generator or an int seed"):
            as_generator(bad)
    with pytest.raises(ValueError, match="rng as a seed must be an integer >= 0"):
        as_generator(-1)
