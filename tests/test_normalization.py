"""Tests for lib.normalization: the [2, 4, 6] worked example, finite differences for every
backward pass, autograd as an independent implementation, running statistics, properties
(zero mean and unit variance, invariance to shifts and scales), extreme values and bad
input."""

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lib.gradcheck import check_gradients, relative_error
from lib.normalization import BatchNorm, LayerNorm, Normalization, batch_norm, layer_norm

EPS = 1e-5


def _random(rng, shape, scale=1.0):
    return scale * rng.normal(size=shape)


def _layers(n_features):
    return [BatchNorm(n_features), LayerNorm(n_features)]


# --- the worked example: activations [2, 4, 6] ------------------------------------------


def test_worked_example_2_4_6_by_hand():
    x = np.array([2.0, 4.0, 6.0])
    mu, sigma = x.mean(), x.std()  # population standard deviation (ddof=0)
    assert mu == 4.0
    assert sigma == pytest.approx(np.sqrt(8 / 3), rel=1e-15)
    assert round(sigma, 2) == 1.63
    expected = [-1.22, 0.0, 1.22]
    # batch norm: one feature, three examples (a column)
    column = batch_norm(x[:, None], [1.0], [0.0])
    np.testing.assert_array_equal(column.ravel().round(2), expected)
    # layer norm: one example, three features (a row)
    row = layer_norm(x[None, :], np.ones(3), np.zeros(3))
    np.testing.assert_array_equal(row.ravel().round(2), expected)
    # the exact values: +-2 / sqrt(8/3 + eps)
    np.testing.assert_allclose(row.ravel(), [-2, 0, 2] / np.sqrt(8 / 3 + EPS), rtol=1e-15)


def test_worked_example_through_the_layers_and_gamma_beta():
    x = np.array([2.0, 4.0, 6.0])
    bn = BatchNorm(1)
    bn.gamma[:], bn.beta[:] = 2.0, 0.5
    np.testing.assert_allclose(
        bn.forward(x[:, None]).ravel(),
        2.0 * np.array([-2, 0, 2]) / np.sqrt(8 / 3 + EPS) + 0.5,
        rtol=1e-15,
    )
    ln = LayerNorm(3)
    np.testing.assert_array_equal(ln.forward(x[None, :]).round(2), [[-1.22, 0.0, 1.22]])


def test_running_statistics_of_the_worked_example():
    bn = BatchNorm(1, momentum=0.1)
    bn.forward([[2.0], [4.0], [6.0]])
    # mean 4 and unbiased variance 8/2 = 4 enter with weight 0.1
    np.testing.assert_allclose(bn.running_mean, [0.4], rtol=1e-15)
    np.testing.assert_allclose(bn.running_var, [0.9 * 1.0 + 0.1 * 4.0], rtol=1e-15)


def test_running_statistics_follow_the_written_recurrence():
    rng = np.random.default_rng(0)
    bn, m = BatchNorm(3, momentum=0.25), 0.25
    mean, var = np.zeros(3), np.ones(3)
    for _ in range(4):
        X = _random(rng, (6, 3), scale=3.0) + 1.0
        bn.forward(X)
        mean = (1 - m) * mean + m * X.mean(axis=0)
        var = (1 - m) * var + m * X.var(axis=0, ddof=1)
    np.testing.assert_allclose(bn.running_mean, mean, rtol=1e-13)
    np.testing.assert_allclose(bn.running_var, var, rtol=1e-13)


def test_evaluation_mode_uses_the_running_statistics_and_leaves_them_alone():
    rng = np.random.default_rng(1)
    bn = BatchNorm(4)
    bn.gamma[:], bn.beta[:] = rng.normal(size=4), rng.normal(size=4)
    for _ in range(3):
        bn.forward(_random(rng, (8, 4)))
    bn.training = False
    saved = bn.running_mean.copy(), bn.running_var.copy()
    X = _random(rng, (5, 4))
    expected = bn.gamma * (X - saved[0]) / np.sqrt(saved[1] + EPS) + bn.beta
    np.testing.assert_allclose(bn.forward(X), expected, rtol=1e-14)
    # one example at a time gives the same rows: no example depends on the others
    np.testing.assert_allclose(bn.forward(X[2:3]), expected[2:3], rtol=1e-14)
    np.testing.assert_array_equal(bn.running_mean, saved[0])
    np.testing.assert_array_equal(bn.running_var, saved[1])


def test_layer_norm_ignores_the_mode_and_the_other_examples():
    rng = np.random.default_rng(2)
    ln = LayerNorm(5)
    X = _random(rng, (4, 5))
    train_out = ln.forward(X)
    ln.training = False
    np.testing.assert_array_equal(ln.forward(X), train_out)
    np.testing.assert_allclose(ln.forward(X[1:2]), train_out[1:2], rtol=1e-15)


def test_the_layers_agree_with_the_functions():
    rng = np.random.default_rng(3)
    X = _random(rng, (6, 4))
    for layer, function in zip(_layers(4), (batch_norm, layer_norm), strict=True):
        layer.gamma[:], layer.beta[:] = rng.normal(size=4), rng.normal(size=4)
        np.testing.assert_array_equal(layer.forward(X), function(X, layer.gamma, layer.beta))


def test_parameters_and_counts():
    for layer in _layers(7):
        assert layer.n_params == 14
        assert [p.shape for p in layer.params()] == [(7,), (7,)]
        assert layer.params()[0] is layer.gamma and layer.params()[1] is layer.beta
        assert layer.grads()[0] is layer.dgamma and layer.grads()[1] is layer.dbeta
        np.testing.assert_array_equal(layer.gamma, np.ones(7))
        np.testing.assert_array_equal(layer.beta, np.zeros(7))
        assert layer.training is True
    assert repr(BatchNorm(7)) == "BatchNorm(7)" and repr(LayerNorm(7)) == "LayerNorm(7)"
    assert BatchNorm(7).buffers()[1] is not None


# --- finite differences for every backward pass ------------------------------------------


@pytest.mark.parametrize(
    "make", [lambda: BatchNorm(4), lambda: LayerNorm(4)], ids=["BatchNorm", "LayerNorm"]
)
def test_backward_matches_finite_differences(make):
    rng = np.random.default_rng(4)
    layer = make()
    layer.gamma[:], layer.beta[:] = rng.normal(size=4), rng.normal(size=4)
    X, R = _random(rng, (5, 4), 2.0) + 1.0, _random(rng, (5, 4))

    def loss():  # a linear function of the outputs, so dL/dY = R
        return float(np.sum(R * layer.forward(X)))

    loss()
    dX = layer.backward(R)
    report = check_gradients(
        loss,
        [X, layer.gamma, layer.beta],
        [dX, layer.dgamma, layer.dbeta],
        names=["X", "gamma", "beta"],
    )
    assert report.passed, str(report)


def test_batch_norm_backward_in_evaluation_mode_matches_finite_differences():
    rng = np.random.default_rng(5)
    bn = BatchNorm(3)
    for _ in range(2):
        bn.forward(_random(rng, (6, 3)) + 2.0)
    bn.training = False
    bn.gamma[:] = rng.normal(size=3)
    X, R = _random(rng, (4, 3)), _random(rng, (4, 3))

    def loss():
        return float(np.sum(R * bn.forward(X)))

    loss()
    dX = bn.backward(R)
    report = check_gradients(loss, [X, bn.gamma, bn.beta], [dX, bn.dgamma, bn.dbeta])
    assert report.passed, str(report)
    np.testing.assert_allclose(dX, R * bn.gamma / np.sqrt(bn.running_var + EPS), rtol=1e-14)


def test_gradient_is_orthogonal_to_shifts_and_scales():
    # Moving a whole column, or stretching it about its mean, changes no output of BN:
    # dL/dX is orthogonal to the constant column and to X_hat in every column.
    rng = np.random.default_rng(6)
    bn = BatchNorm(3, eps=1e-300)  # with eps > 0 a scaling changes the outputs a little
    X = _random(rng, (7, 3))
    Y = bn.forward(X)
    dX = bn.backward(_random(rng, (7, 3)))
    np.testing.assert_allclose(dX.sum(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(np.sum(dX * Y, axis=0), 0, atol=1e-12)


# --- an independent implementation: autograd -------------------------------------------


def _autograd_norm(X, gamma, beta, axis):
    mean = anp.mean(X, axis=axis, keepdims=True)
    var = anp.mean((X - mean) ** 2, axis=axis, keepdims=True)
    return gamma * (X - mean) / anp.sqrt(var + EPS) + beta


@pytest.mark.parametrize(
    ("make", "axis"), [(BatchNorm, 0), (LayerNorm, 1)], ids=["BatchNorm", "LayerNorm"]
)
def test_forward_and_backward_match_autograd(make, axis):
    rng = np.random.default_rng(7)
    layer = make(6)
    gamma, beta = rng.normal(size=6), rng.normal(size=6)
    layer.gamma[:], layer.beta[:] = gamma, beta
    X, R = _random(rng, (9, 6), 3.0) - 1.0, _random(rng, (9, 6))
    Y = layer.forward(X)
    assert relative_error(Y, _autograd_norm(X, gamma, beta, axis)) < 1e-14
    dX = layer.backward(R)

    def scalar(X_, g_, b_):
        return anp.sum(R * _autograd_norm(X_, g_, b_, axis))

    for k, ours in enumerate((dX, layer.dgamma, layer.dbeta)):
        theirs = grad(scalar, k)(X, gamma, beta)
        assert relative_error(ours, theirs) < 1e-12, k


# --- properties ----------------------------------------------------------------------------


def _batches(min_rows=2, min_cols=2):
    shapes = st.tuples(st.integers(min_rows, 8), st.integers(min_cols, 6))
    return shapes.flatmap(
        lambda shape: arrays(
            np.float64, shape, elements=st.floats(-100, 100, allow_nan=False, width=64)
        )
    )


def _spread(X, axis):
    return X.std(axis=axis).min()


@given(_batches())
def test_batch_norm_columns_have_mean_0_and_variance_1(X):
    assume(_spread(X, 0) > 0.1)
    Y = batch_norm(X, np.ones(X.shape[1]), np.zeros(X.shape[1]))
    assert Y.shape == X.shape
    np.testing.assert_allclose(Y.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Y.var(axis=0), 1, rtol=1e-3)  # sigma^2 / (sigma^2 + eps)


@given(_batches(min_rows=1))
def test_layer_norm_rows_have_mean_0_and_variance_1(X):
    assume(_spread(X, 1) > 0.1)
    Y = layer_norm(X, np.ones(X.shape[1]), np.zeros(X.shape[1]))
    assert Y.shape == X.shape
    np.testing.assert_allclose(Y.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(Y.var(axis=1), 1, rtol=1e-3)


@given(_batches(), st.floats(0.5, 50), st.floats(-1e3, 1e3))
def test_batch_norm_ignores_a_shift_and_scale_of_a_column(X, scale, shift):
    assume(_spread(X, 0) > 0.1)
    gamma, beta = np.ones(X.shape[1]), np.zeros(X.shape[1])
    moved = X.copy()
    moved[:, 0] = scale * X[:, 0] + shift
    tiny = 1e-300  # (almost) no epsilon, so that scaling changes nothing at all
    np.testing.assert_allclose(
        batch_norm(moved, gamma, beta, eps=tiny), batch_norm(X, gamma, beta, eps=tiny), atol=1e-9
    )


@given(_batches(min_rows=1), st.floats(0.5, 50), st.floats(-1e3, 1e3))
def test_layer_norm_ignores_a_shift_and_scale_of_a_row(X, scale, shift):
    assume(_spread(X, 1) > 0.1)
    gamma, beta = np.ones(X.shape[1]), np.zeros(X.shape[1])
    moved = X.copy()
    moved[0] = scale * X[0] + shift
    tiny = 1e-300
    np.testing.assert_allclose(
        layer_norm(moved, gamma, beta, eps=tiny), layer_norm(X, gamma, beta, eps=tiny), atol=1e-9
    )


@given(_batches(), st.integers(0, 2**32 - 1))
def test_gamma_and_beta_act_feature_by_feature(X, seed):
    rng = np.random.default_rng(seed)
    gamma, beta = rng.normal(size=X.shape[1]), rng.normal(size=X.shape[1])
    for function in (batch_norm, layer_norm):
        plain = function(X, np.ones(X.shape[1]), np.zeros(X.shape[1]))
        np.testing.assert_allclose(
            function(X, gamma, beta), gamma * plain + beta, rtol=1e-12, atol=1e-12
        )


# --- extreme values ------------------------------------------------------------------------


def test_a_constant_column_gives_zero_and_finite_gradients():
    X = np.array([[3.0, 1.0], [3.0, 2.0], [3.0, 4.0]])  # column 0 is constant: sigma = 0
    bn = BatchNorm(2)
    bn.beta[:] = [0.25, 0.0]
    Y = bn.forward(X)
    np.testing.assert_array_equal(Y[:, 0], 0.25)  # x_hat = 0 / sqrt(0 + eps) = 0
    dX = bn.backward(np.array([[1.0, 0.0], [-2.0, 0.0], [5.0, 1.0]]))
    assert np.isfinite(dX).all() and np.isfinite(bn.dgamma).all()
    # for sigma = 0 the formula reduces to (g - mean g) / sqrt(eps)
    np.testing.assert_allclose(
        dX[:, 0], (np.array([1.0, -2, 5]) - 4 / 3) / np.sqrt(EPS), rtol=1e-12
    )
    ln = LayerNorm(3)
    np.testing.assert_array_equal(ln.forward([[7.0, 7.0, 7.0]]), [[0.0, 0.0, 0.0]])
    assert np.isfinite(ln.backward([[1.0, 2.0, 3.0]])).all()


@pytest.mark.parametrize("scale", [1e6, -1e6, 1e-6])
def test_large_and_small_inputs(scale):
    rng = np.random.default_rng(8)
    X = rng.normal(size=(6, 3))
    gamma, beta = np.ones(3), np.zeros(3)
    for function in (batch_norm, layer_norm):
        Y = function(scale * X + 5 * scale, gamma, beta, eps=1e-300)
        np.testing.assert_allclose(
            Y, np.sign(scale) * function(X, gamma, beta, eps=1e-300), atol=1e-8
        )
    bn = BatchNorm(3)
    bn.forward(1e6 * X)
    assert np.isfinite(bn.backward(np.ones((6, 3)))).all()


def test_values_beyond_1e154_are_refused_rather_than_returning_nan():
    with pytest.raises(ValueError, match="too large for float64"):
        batch_norm([[1e200], [-1e200]], [1.0], [0.0])
    with pytest.raises(ValueError, match="too large for float64"):
        LayerNorm(2).forward([[1e200, -1e200]])


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda: batch_norm(np.ones((3, 2)), np.ones(3), np.zeros(2)),
            ValueError,
            r"gamma needs shape \(2,\)",
        ),
        (
            lambda: batch_norm(np.ones((3, 2)), np.ones(2), np.zeros((1, 2))),
            ValueError,
            "beta must be 1-D",
        ),
        (
            lambda: batch_norm(np.ones((1, 2)), np.ones(2), np.zeros(2)),
            ValueError,
            "at least 2 examples",
        ),
        (
            lambda: layer_norm(np.ones((3, 1)), np.ones(1), np.zeros(1)),
            ValueError,
            "at least 2 features",
        ),
        (lambda: batch_norm(np.ones(3), np.ones(3), np.zeros(3)), ValueError, r"reshape\(1, -1\)"),
        (
            lambda: batch_norm(np.ones((3, 2)), np.ones(2), np.zeros(2), eps=0.0),
            ValueError,
            "eps must lie in",
        ),
        (lambda: layer_norm("abc", np.ones(2), np.zeros(2)), TypeError, "X must hold real"),
        (
            lambda: BatchNorm(3).forward(np.ones((4, 2))),
            ValueError,
            r"BatchNorm\(3\) expects X with 3 features, got shape \(4, 2\)",
        ),
        (lambda: BatchNorm(3).forward(np.ones((1, 3))), ValueError, "training=False"),
        (lambda: BatchNorm(3, momentum=0.0), ValueError, "momentum must lie in"),
        (lambda: BatchNorm(3, momentum=1.5), ValueError, "momentum must lie in"),
        (lambda: BatchNorm(0), ValueError, "n_features must be an integer >= 1"),
        (lambda: LayerNorm(1), ValueError, "n_features must be an integer >= 2"),
        (lambda: LayerNorm(3.0), TypeError, "n_features must be an integer"),
        (lambda: BatchNorm(3).backward(np.ones((4, 3))), RuntimeError, "call forward before"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_bad_upstream_gradients_and_modes():
    bn = BatchNorm(2)
    bn.forward(np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"dY has shape \(2, 3\)"):
        bn.backward(np.ones((2, 3)))
    with pytest.raises(ValueError, match="dY must be finite"):
        bn.backward([[1.0, np.nan]] * 3)
    with pytest.raises(TypeError, match="training must be True or False"):
        bn.training = "no"
    bn.training = False  # one example is fine in evaluation mode
    # running mean 0.9 * 0 + 0.1 * 1, running variance 0.9 * 1 + 0.1 * 0
    np.testing.assert_allclose(
        bn.forward(np.ones((1, 2))), [[0.9 / np.sqrt(0.9 + EPS)] * 2], rtol=1e-15
    )


def test_the_shared_base_is_not_a_layer_of_its_own():
    assert isinstance(BatchNorm(2), Normalization) and isinstance(LayerNorm(2), Normalization)
    with pytest.raises(TypeError, match="build one of those"):
        Normalization(3)
