"""Tests for lib.losses: worked numbers, finite differences, autograd / scipy / scikit-learn
as independent references, properties, and bad input."""

import warnings

import autograd.numpy as anp
import numpy as np
import pytest
import scipy.special
from autograd import grad
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import accuracy_score, log_loss, mean_squared_error

from lib.activations import sigmoid, sigmoid_derivative
from lib.gradcheck import numerical_gradient, relative_error
from lib.losses import (
    accuracy,
    binary_cross_entropy_with_logits,
    half_squared_error,
    l2_penalty,
    mse,
    one_hot,
    softmax_cross_entropy,
)
from lib.softmax import softmax


@st.composite
def logits_and_labels(draw, max_examples=6, max_classes=5, bound=30.0):
    n = draw(st.integers(1, max_examples))
    k = draw(st.integers(1, max_classes))
    logits = draw(arrays(np.float64, (n, k), elements=st.floats(-bound, bound)))
    labels = draw(arrays(np.int64, n, elements=st.integers(0, k - 1)))
    return logits, labels


# (1) Worked numbers from the sources -------------------------------------------------


def test_cross_entropy_of_the_softmax_head():
    # Backprop note, section 4: logits [2, 1, 0], true class 0.
    loss, dlogits = softmax_cross_entropy([[2.0, 1.0, 0.0]], [0])
    assert round(loss, 2) == 0.41
    assert round(loss, 4) == 0.4076
    np.testing.assert_allclose(dlogits, [softmax([2.0, 1.0, 0.0]) - [1, 0, 0]])


def test_maximally_unsure_model_costs_ln_3():
    loss, _ = softmax_cross_entropy([[0.0, 0.0, 0.0]], [0])
    assert round(loss, 4) == 1.0986
    assert loss == pytest.approx(np.log(3), rel=1e-15)
    assert loss > softmax_cross_entropy([[2.0, 1.0, 0.0]], [0])[0]  # unsure costs more


def test_one_neuron_example_by_hand():
    # Backprop note, section 5: x = 1, w = 0.5, b = 0, y = 0, sigmoid, L = (a - y)^2 / 2.
    x, w, b, y = 1.0, 0.5, 0.0, 0.0
    a = float(sigmoid(w * x + b))
    loss, dL_da = half_squared_error(a, y)
    assert round(a, 4) == 0.6225
    assert round(loss, 4) == 0.1937
    assert round(float(dL_da), 4) == 0.6225
    dL_dw = float(dL_da) * float(sigmoid_derivative(w * x + b)) * x
    assert round(dL_dw, 4) == 0.1463
    assert round(w - 0.1 * dL_dw, 4) == 0.4854  # one step with learning rate 0.1
    assert round(w - 0.5 * dL_dw, 4) == 0.4269  # exercise: learning rate 0.5
    # Exercise: the same neuron with target y = 1 pushes w up instead.
    _, dL_da_flipped = half_squared_error(a, 1.0)
    assert round(float(dL_da_flipped), 4) == -0.3775
    assert w - 0.1 * float(dL_da_flipped) * float(sigmoid_derivative(0.5)) > w


def test_mse_by_hand():
    loss, dpred = mse([1.0, 2.0, 3.0], [0.0, 3.0, 1.0])  # errors 1, -1, 2
    assert loss == 2.0
    np.testing.assert_allclose(dpred, [2 / 3, -2 / 3, 4 / 3])


def test_half_squared_error_counts_examples_by_rows():
    pred = np.array([[1.0, 2.0], [3.0, 5.0]])
    target = np.array([[0.0, 2.0], [3.0, 3.0]])
    loss, dpred = half_squared_error(pred, target)  # two examples: (1 + 0 + 0 + 4) / 2 / 2
    assert loss == 1.25
    np.testing.assert_array_equal(dpred, (pred - target) / 2)
    # A 1-D array is one example's output vector.
    loss_1d, dpred_1d = half_squared_error([1.0, 2.0], [0.0, 0.0])
    assert loss_1d == 2.5
    np.testing.assert_array_equal(dpred_1d, [1.0, 2.0])
    # N scalar predictions are passed as shape (N, 1).
    loss_col, _ = half_squared_error([[1.0], [2.0]], [[0.0], [0.0]])
    assert loss_col == 1.25


def test_binary_cross_entropy_by_hand():
    loss, dz = binary_cross_entropy_with_logits([0.0, 0.0], [0, 1])
    assert loss == pytest.approx(np.log(2), rel=1e-15)
    np.testing.assert_allclose(dz, [0.25, -0.25])


def test_l2_penalty_by_hand():
    W1 = np.array([[1.0, 2.0], [0.0, -2.0]])  # squared norm 9
    W2 = np.array([3.0])  # squared norm 9
    penalty, grads = l2_penalty([W1, W2], 0.1)
    assert penalty == pytest.approx(0.5 * 0.1 * 18)
    np.testing.assert_allclose(grads[0], 0.1 * W1)
    np.testing.assert_allclose(grads[1], 0.1 * W2)
    assert l2_penalty([], 0.3) == (0.0, [])


def test_one_hot_and_accuracy_by_hand():
    np.testing.assert_array_equal(one_hot([2, 0, 1], 3), [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    assert one_hot([1], 2).dtype == np.float64
    assert accuracy([1, 2, 3, 4], [1, 2, 0, 4]) == 0.75
    assert isinstance(accuracy([1], [1]), float)


# (2) Central finite differences ------------------------------------------------------


def test_softmax_cross_entropy_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    logits, labels = rng.normal(scale=2, size=(5, 4)), rng.integers(0, 4, size=5)
    _, dlogits = softmax_cross_entropy(logits, labels)
    numeric = numerical_gradient(lambda z: softmax_cross_entropy(z, labels)[0], logits)
    assert relative_error(dlogits, numeric) <= 1e-6


@pytest.mark.parametrize("shape", [(), (3,), (4, 1), (3, 2)])
def test_squared_error_gradients_match_finite_differences(shape):
    rng = np.random.default_rng(1)
    pred, target = rng.normal(size=shape), rng.normal(size=shape)
    for loss_fn in (mse, half_squared_error):
        _, dpred = loss_fn(pred, target)
        numeric = numerical_gradient(lambda p, f=loss_fn: f(p, target)[0], pred)
        assert relative_error(dpred, numeric) <= 1e-6


@pytest.mark.parametrize("shape", [(6,), (6, 1)])
def test_binary_cross_entropy_gradient_matches_finite_differences(shape):
    rng = np.random.default_rng(2)
    z, y = rng.normal(scale=3, size=shape), rng.integers(0, 2, size=6)
    _, dz = binary_cross_entropy_with_logits(z, y)
    assert dz.shape == shape
    numeric = numerical_gradient(lambda v: binary_cross_entropy_with_logits(v, y)[0], z)
    assert relative_error(dz, numeric) <= 1e-6


def test_l2_penalty_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    weights = [rng.normal(size=(3, 2)), rng.normal(size=(4,))]
    _, grads = l2_penalty(weights, 0.7)
    for W, g in zip(weights, grads, strict=True):
        numeric = numerical_gradient(lambda _: l2_penalty(weights, 0.7)[0], W)  # W by reference
        assert relative_error(g, numeric) <= 1e-6


# (3) Independent implementations -----------------------------------------------------


def test_cross_entropy_against_autograd_and_scikit_learn():
    rng = np.random.default_rng(4)
    logits, labels = rng.normal(scale=3, size=(8, 5)), rng.integers(0, 5, size=8)
    loss, dlogits = softmax_cross_entropy(logits, labels)

    def formula(z):  # -mean log softmax of the true class, written out for autograd
        log_probs = z - anp.log(anp.sum(anp.exp(z), axis=1, keepdims=True))
        return -anp.mean(anp.sum(log_probs * np.eye(5)[labels], axis=1))

    assert loss == pytest.approx(formula(logits), rel=1e-13)
    np.testing.assert_allclose(dlogits, grad(formula)(logits), rtol=1e-12, atol=1e-16)
    sklearn_loss = log_loss(labels, scipy.special.softmax(logits, axis=1), labels=range(5))
    assert loss == pytest.approx(sklearn_loss, rel=1e-12)


def test_binary_cross_entropy_against_autograd_scipy_and_scikit_learn():
    rng = np.random.default_rng(5)
    z, y = rng.normal(scale=3, size=10), rng.integers(0, 2, size=10).astype(float)
    loss, dz = binary_cross_entropy_with_logits(z, y)
    p = scipy.special.expit(z)
    by_xlogy = -np.mean(scipy.special.xlogy(y, p) + scipy.special.xlogy(1 - y, 1 - p))
    assert loss == pytest.approx(by_xlogy, rel=1e-12)
    assert loss == pytest.approx(log_loss(y, p, labels=[0, 1]), rel=1e-12)

    def formula(v):  # the probability form, fine for moderate scores
        q = 1 / (1 + anp.exp(-v))
        return -anp.mean(y * anp.log(q) + (1 - y) * anp.log(1 - q))

    np.testing.assert_allclose(dz, grad(formula)(z), rtol=1e-10, atol=1e-16)


def test_squared_errors_against_autograd_and_scikit_learn():
    rng = np.random.default_rng(6)
    pred, target = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    loss, dpred = mse(pred, target)
    assert loss == pytest.approx(mean_squared_error(target, pred), rel=1e-14)
    np.testing.assert_allclose(dpred, grad(lambda p: anp.mean((p - target) ** 2))(pred), rtol=1e-14)
    half, dhalf = half_squared_error(pred, target)
    formula = lambda p: 0.5 * anp.sum((p - target) ** 2) / 5  # noqa: E731
    assert half == pytest.approx(formula(pred), rel=1e-14)
    np.testing.assert_allclose(dhalf, grad(formula)(pred), rtol=1e-14)


def test_l2_penalty_against_autograd_and_numpy_norms():
    rng = np.random.default_rng(7)
    W = rng.normal(size=(4, 3))
    penalty, (dW,) = l2_penalty([W], 0.05)
    assert penalty == pytest.approx(0.5 * 0.05 * np.linalg.norm(W, "fro") ** 2, rel=1e-14)
    np.testing.assert_allclose(dW, grad(lambda M: 0.5 * 0.05 * anp.sum(M**2))(W), rtol=1e-14)


def test_one_hot_and_accuracy_against_references():
    labels = np.random.default_rng(8).integers(0, 7, size=30)
    predicted = np.random.default_rng(9).integers(0, 7, size=30)
    np.testing.assert_array_equal(one_hot(labels, 7), np.eye(7)[labels])
    assert accuracy(predicted, labels) == pytest.approx(accuracy_score(labels, predicted))


# Extreme scores: exact, no warnings ---------------------------------------------------


@pytest.mark.parametrize("big", [1000.0, 1e4])
def test_cross_entropies_are_exact_at_extreme_scores(big):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        right, d_right = softmax_cross_entropy([[big, -big]], [0])
        wrong, d_wrong = softmax_cross_entropy([[big, -big]], [1])
        bce, dz = binary_cross_entropy_with_logits([big, -big, big, -big], [1, 0, 0, 1])
    assert right == 0.0 and wrong == 2 * big
    np.testing.assert_array_equal(d_right, [[0.0, 0.0]])
    np.testing.assert_array_equal(d_wrong, [[1.0, -1.0]])
    assert bce == pytest.approx((0 + 0 + big + big) / 4, rel=1e-15)
    np.testing.assert_array_equal(dz, [0.0, 0.0, 0.25, -0.25])


# Properties ---------------------------------------------------------------------------


@given(logits_and_labels())
def test_cross_entropy_is_nonnegative_and_shaped_like_logits(data):
    logits, labels = data
    loss, dlogits = softmax_cross_entropy(logits, labels)
    assert loss >= 0 and dlogits.shape == logits.shape
    np.testing.assert_allclose(dlogits.sum(axis=1), 0.0, atol=1e-15)  # each row of p - y sums to 0


@given(logits_and_labels(bound=1e4))
def test_cross_entropy_is_finite_for_huge_scores(data):
    loss, dlogits = softmax_cross_entropy(*data)
    assert np.isfinite(loss) and np.all(np.isfinite(dlogits))


@given(
    arrays(np.float64, st.integers(1, 8), elements=st.floats(-1e4, 1e4)),
    st.data(),
)
def test_binary_cross_entropy_is_nonnegative_and_finite(z, data):
    y = data.draw(arrays(np.int64, z.shape, elements=st.integers(0, 1)))
    loss, dz = binary_cross_entropy_with_logits(z, y)
    assert 0 <= loss < np.inf and dz.shape == z.shape
    assert np.all(np.abs(dz) <= 1 / z.size)


@given(st.integers(1, 5), st.integers(1, 4), st.data())
def test_squared_errors_are_nonnegative_and_shaped_like_pred(n, d, data):
    pred = data.draw(arrays(np.float64, (n, d), elements=st.floats(-1e3, 1e3)))
    target = data.draw(arrays(np.float64, (n, d), elements=st.floats(-1e3, 1e3)))
    for loss_fn in (mse, half_squared_error):
        loss, dpred = loss_fn(pred, target)
        assert loss >= 0 and dpred.shape == pred.shape
    assert mse(pred, pred)[0] == 0.0


@given(st.lists(arrays(np.float64, st.integers(1, 4), elements=st.floats(-10, 10)), max_size=3),
       st.floats(0, 10))
def test_l2_penalty_is_nonnegative_and_keeps_shapes(weights, strength):
    penalty, grads = l2_penalty(weights, strength)
    assert penalty >= 0
    assert [g.shape for g in grads] == [w.shape for w in weights]


@given(st.integers(1, 9), st.data())
def test_one_hot_rows_sum_to_one(k, data):
    labels = data.draw(arrays(np.int64, st.integers(0, 10), elements=st.integers(0, k - 1)))
    encoded = one_hot(labels, k)
    assert encoded.shape == (labels.size, k)
    np.testing.assert_array_equal(encoded.sum(axis=1), 1.0)
    np.testing.assert_array_equal(encoded.argmax(axis=1) if labels.size else labels, labels)


# Bad input ----------------------------------------------------------------------------


def test_cross_entropy_labels_must_match_the_batch():
    with pytest.raises(ValueError, match="labels has 3 entries but the batch has 2 examples"):
        softmax_cross_entropy(np.zeros((2, 4)), [0, 1, 2])


@pytest.mark.parametrize("bad", [4, -1])
def test_cross_entropy_labels_must_be_classes(bad):
    with pytest.raises(ValueError, match=rf"labels must lie in \[0, 4\), found {bad}"):
        softmax_cross_entropy(np.zeros((2, 4)), [0, bad])


def test_cross_entropy_labels_must_be_whole_numbers():
    with pytest.raises(TypeError, match=r"labels\[1\] = 0.5"):
        softmax_cross_entropy(np.zeros((2, 4)), [1.0, 0.5])
    with pytest.raises(TypeError, match="dtype <U"):
        softmax_cross_entropy(np.zeros((2, 4)), ["cat", "dog"])
    # Whole numbers stored as floats are accepted.
    assert softmax_cross_entropy(np.zeros((2, 4)), [1.0, 3.0])[0] == pytest.approx(np.log(4))


def test_cross_entropy_logits_must_be_a_finite_numeric_batch():
    with pytest.raises(ValueError, match=r"logits must be 2-D of shape \(N, K\), got shape \(3,\)"):
        softmax_cross_entropy([2.0, 1.0, 0.0], [0])
    with pytest.raises(ValueError, match=r"logits\[0, 1\] = nan"):
        softmax_cross_entropy([[0.0, np.nan]], [0])
    with pytest.raises(ValueError, match=r"logits\[1, 0\] = inf"):
        softmax_cross_entropy([[0.0, 1.0], [np.inf, 1.0]], [0, 1])
    with pytest.raises(TypeError, match="logits must hold real numbers"):
        softmax_cross_entropy([["a", "b"]], [0])
    with pytest.raises(ValueError, match=r"shape \(0, 3\)"):
        softmax_cross_entropy(np.zeros((0, 3)), [])


@pytest.mark.parametrize("loss_fn", [mse, half_squared_error])
def test_squared_errors_need_matching_shapes(loss_fn):
    with pytest.raises(ValueError, match=r"pred has shape \(3,\) but target has shape \(3, 1\)"):
        loss_fn(np.zeros(3), np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"target\[2\] = nan"):
        loss_fn(np.zeros(3), [0.0, 0.0, np.nan])
    with pytest.raises(TypeError, match="pred must hold real numbers"):
        loss_fn(["x"], [1.0])
    with pytest.raises(ValueError, match="empty"):
        loss_fn(np.zeros((0, 2)), np.zeros((0, 2)))


def test_half_squared_error_takes_at_most_two_axes():
    with pytest.raises(ValueError, match=r"pred must be 0-D or 1-D or 2-D, got shape \(1, 1, 1\)"):
        half_squared_error(np.zeros((1, 1, 1)), np.zeros((1, 1, 1)))


def test_binary_cross_entropy_targets_must_be_zero_or_one():
    with pytest.raises(ValueError, match=r"y must hold only 0 and 1, but y\[2\] = 0.5"):
        binary_cross_entropy_with_logits([0.0, 1.0, 2.0], [0, 1, 0.5])
    with pytest.raises(ValueError, match=r"y\[0\] = -1.0"):
        binary_cross_entropy_with_logits([0.0], [-1])
    # Booleans are fine.
    assert binary_cross_entropy_with_logits([0.0], [True])[0] == pytest.approx(np.log(2))


def test_binary_cross_entropy_shapes():
    with pytest.raises(ValueError, match=r"z has shape \(3,\) but y has shape \(2,\)"):
        binary_cross_entropy_with_logits(np.zeros(3), [0, 1])
    with pytest.raises(ValueError, match=r"got \(3, 2\).*softmax_cross_entropy"):
        binary_cross_entropy_with_logits(np.zeros((3, 2)), [0, 1, 1])
    with pytest.raises(ValueError, match=r"z\[1\] = nan"):
        binary_cross_entropy_with_logits([0.0, np.nan], [0, 1])
    with pytest.raises(ValueError, match="empty"):
        binary_cross_entropy_with_logits(np.zeros(0), np.zeros(0))


def test_l2_penalty_bad_input():
    with pytest.raises(TypeError, match=r"list of arrays, got ndarray; .*pass \[W\]"):
        l2_penalty(np.ones((2, 2)), 0.1)
    with pytest.raises(ValueError, match=r"strength must lie in \[0.0, inf\), got -0.1"):
        l2_penalty([np.ones(2)], -0.1)
    with pytest.raises(TypeError, match="strength must be a real number, got '0.1'"):
        l2_penalty([np.ones(2)], "0.1")
    with pytest.raises(ValueError, match=r"weights\[1\] must be finite, but weights\[1\]\[0\]"):
        l2_penalty([np.ones(2), [np.nan]], 0.1)


def test_one_hot_bad_input():
    with pytest.raises(ValueError, match="n_classes must be an integer >= 1, got 0"):
        one_hot([0], 0)
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 3\), found 3"):
        one_hot([0, 3], 3)
    with pytest.raises(ValueError, match=r"labels must be 1-D .* got shape \(2, 1\)"):
        one_hot([[0], [1]], 3)


def test_accuracy_bad_input():
    with pytest.raises(ValueError, match="predicted_labels has 3 entries but labels has 2"):
        accuracy([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match=r"predicted_labels must be 1-D .* got shape \(2, 3\)"):
        accuracy(np.zeros((2, 3)), [0, 1])  # scores instead of labels
    with pytest.raises(TypeError, match=r"labels\[1\] = 0.5"):
        accuracy([0, 1], [0.0, 0.5])
    with pytest.raises(ValueError, match="empty"):
        accuracy([], [])


# --- regressions of the fuzz (issue 8) -----------------------------------------------------


def test_binary_cross_entropy_at_the_largest_floats_is_finite():
    # The sum of two losses of 1e308 once overflowed to inf before the division by N.
    z = np.array([1e308, -1e308])
    loss, dz = binary_cross_entropy_with_logits(z, [0, 1])
    assert loss == pytest.approx(1e308, rel=1e-12)
    np.testing.assert_allclose(dz, [0.5, -0.5])
    loss, _ = binary_cross_entropy_with_logits(z, [1, 0])  # confident and right: no loss
    assert loss == 0.0


def test_mse_of_huge_errors_is_finite_when_the_mean_is():
    # Each squared error is 1.44e308 (finite); their sum is not, their mean is.
    loss, _ = mse([1.2e154, -1.2e154], [0.0, 0.0])
    assert loss == pytest.approx(1.44e308, rel=1e-12)


# -- cross_entropy_summary (chapter 4's logit lab) ------------------------------------
from lib.losses import cross_entropy_summary  # noqa: E402


def test_summary_reproduces_the_cat_dog_bird_example():
    s = cross_entropy_summary([1.2, 3.5, 0.7], temperature=1.0, true_class=1)
    np.testing.assert_allclose(s["probabilities"], [0.08635047, 0.86127533, 0.05237421],
                               atol=1e-8)
    assert s["predicted"] == 1 and s["p_true"] == pytest.approx(0.86127533, abs=1e-8)
    assert s["loss"] == pytest.approx(-np.log(0.86127533), abs=1e-7)


def test_summary_matches_softmax_cross_entropy_and_scipy():
    from scipy.special import log_softmax as scipy_log_softmax

    z, temperature, c = np.array([0.3, -1.7, 2.2]), 2.5, 2
    s = cross_entropy_summary(z, temperature, c)
    loss, _ = softmax_cross_entropy((z / temperature)[None, :], np.array([c]))
    assert s["loss"] == pytest.approx(loss, rel=1e-12)
    assert s["loss"] == pytest.approx(-scipy_log_softmax(z / temperature)[c], rel=1e-12)


def test_summary_stays_finite_when_the_probability_underflows():
    s = cross_entropy_summary([0.0, 1000.0, 0.0], true_class=0)
    assert s["p_true"] == 0.0 and s["loss"] == pytest.approx(1000.0)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"logits": [[1.0, 2.0]]}, "logits"),
    ({"logits": [1.0, np.nan]}, "logits"),
    ({"logits": [1.0, 2.0], "temperature": 0.0}, "temperature"),
    ({"logits": [1.0, 2.0], "true_class": 2}, r"true_class must be an integer in \[0, 1\]"),
    ({"logits": [1.0, 2.0], "true_class": 1.0}, "true_class must be an integer"),
])
def test_summary_rejects_bad_input(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        cross_entropy_summary(**kwargs)
