"""Tests for lib.data: shapes, dtypes, the split and its scaling, determinism, errors."""

import numpy as np
import pytest

from lib.data import load_digits_images, load_digits_split, moons, nonlinear_1d, spirals, xor


@pytest.fixture(scope="module")
def split():
    return load_digits_split()


def test_digits_split_shapes_and_types(split):
    X_train, X_test, y_train, y_test = split
    assert X_train.shape == (1347, 64) and X_test.shape == (450, 64)
    assert y_train.shape == (1347,) and y_test.shape == (450,)
    assert X_train.dtype == np.float64 and y_train.dtype == np.int64
    assert set(np.unique(y_train)) == set(range(10)) == set(np.unique(y_test))


def test_digits_split_is_stratified(split):
    _, _, y_train, y_test = split
    train_share = np.bincount(y_train) / len(y_train)
    test_share = np.bincount(y_test) / len(y_test)
    assert np.max(np.abs(train_share - test_share)) < 0.01


def test_scaler_is_fit_on_the_training_part_only(split):
    X_train, X_test, _, _ = split
    np.testing.assert_allclose(X_train.mean(axis=0), 0.0, atol=1e-12)
    stds = X_train.std(axis=0)
    constant = stds < 1e-12  # pixels that are always blank in the training part
    assert constant.any()
    np.testing.assert_allclose(stds[~constant], 1.0, rtol=1e-12)
    # the test part is transformed with the training statistics, so it is not exactly centred
    assert np.abs(X_test.mean(axis=0)).max() > 1e-3
    raw_train, raw_test, _, _ = load_digits_split(standardize=False)
    mean, std = raw_train.mean(axis=0), raw_train.std(axis=0)
    std[std == 0] = 1.0
    np.testing.assert_allclose(X_test, (raw_test - mean) / std, atol=1e-12)


def test_raw_split_keeps_pixel_values(split):
    raw_train, raw_test, y_train, _ = load_digits_split(standardize=False)
    assert raw_train.min() == 0 and raw_train.max() == 16
    np.testing.assert_array_equal(y_train, split[2])  # same rows, same order


def test_split_is_seeded():
    a, b = load_digits_split(seed=1), load_digits_split(seed=1)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a[2], load_digits_split(seed=2)[2])
    assert load_digits_split(test_size=0.5)[1].shape == (899, 64)


def test_digits_images():
    images, labels = load_digits_images()
    assert images.shape == (1797, 8, 8) and images.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert images.min() == 0 and images.max() == 16
    assert labels[:10].tolist() == list(range(10))


def test_xor():
    X, y = xor()
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    assert X.dtype == np.float64 and y.dtype == np.int64
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0], X[:, 1]))


def test_moons():
    X, y = moons(n=101, noise=0.1, rng=np.random.default_rng(0))
    assert X.shape == (101, 2) and y.shape == (101,)
    assert set(np.bincount(y)) == {50, 51}
    X2, y2 = moons(n=101, noise=0.1, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(X, X2)
    assert not np.array_equal(X, moons(n=101, noise=0.1, rng=np.random.default_rng(1))[0])
    X_clean, y_clean = moons(n=8, noise=0.0, rng=np.random.default_rng(0))
    centre = np.where(y_clean[:, None] == 0, [0.0, 0.0], [1.0, 0.5])
    np.testing.assert_allclose(np.linalg.norm(X_clean - centre, axis=1), 1.0)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_spirals(n_classes):
    X, y = spirals(n_per_class=50, n_classes=n_classes, noise=0.1, rng=np.random.default_rng(0))
    assert X.shape == (50 * n_classes, 2)
    np.testing.assert_array_equal(np.bincount(y), [50] * n_classes)
    radius = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(radius, np.tile(np.linspace(0, 1, 50), n_classes), atol=1e-12)
    X2, _ = spirals(n_per_class=50, n_classes=n_classes, noise=0.1, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(X, X2)


def test_nonlinear_1d():
    X, y = nonlinear_1d(n=50, noise=0.0, rng=np.random.default_rng(0))
    assert X.shape == (50, 1) and y.shape == (50, 1)
    np.testing.assert_allclose(X[:, 0], np.linspace(-2, 2, 50))
    np.testing.assert_allclose(y, np.sin(3 * X))
    noisy = nonlinear_1d(n=2000, noise=0.15, rng=np.random.default_rng(1))[1]
    clean = np.sin(3 * np.linspace(-2, 2, 2000))[:, None]
    assert np.std(noisy - clean) == pytest.approx(0.15, rel=0.1)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: moons(n=100), TypeError, r"moons needs rng=np.random.default_rng\(seed\)"),
        (lambda: moons(n=100, rng=0), TypeError, "got int"),
        (lambda: moons(n=1, rng=np.random.default_rng(0)), ValueError, "n must be an integer >= 2"),
        (lambda: moons(noise=-0.1, rng=np.random.default_rng(0)), ValueError,
         "noise must be a finite number >= 0"),
        (lambda: spirals(n_classes=1, rng=np.random.default_rng(0)), ValueError,
         "n_classes must be an integer >= 2, got 1"),
        (lambda: spirals(n_per_class=10.5, rng=np.random.default_rng(0)), ValueError,
         "n_per_class must be an integer"),
        (lambda: nonlinear_1d(noise=float("nan"), rng=np.random.default_rng(0)), ValueError,
         "noise must be a finite number"),
        (lambda: load_digits_split(test_size=1.5), ValueError, r"test_size must be a fraction"),
    ],
)
def test_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()
