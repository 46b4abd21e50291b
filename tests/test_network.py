"""Tests for lib.network.MLP: the sources' worked networks, backpropagation checked by
finite differences and by autograd, predictions checked against scikit-learn's
MLPClassifier with the same weights, properties and error messages."""

import warnings

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad as autograd_grad
from hypothesis import given
from hypothesis import strategies as st
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from lib.data import xor
from lib.gradcheck import check_gradients
from lib.losses import softmax_cross_entropy
from lib.network import MLP, default_init
from lib.optim import SGD

ACTIVATION_NAMES = ["relu", "leaky_relu", "sigmoid", "tanh", "identity"]


# --- worked numbers from the sources -------------------------------------------------


def test_chapter_two_layer_network_gives_5_5():
    net = MLP.from_arrays(
        [[[1, 0], [0, 1], [1, -1]], [[1, 1, -1]]], [[0, 0, 1], [0.5]], activation="relu"
    )
    np.testing.assert_array_equal(net.forward([[2.0, 3.0]]), [[5.5]])
    np.testing.assert_array_equal(net.hidden([[2.0, 3.0]], layer=1), [[2.0, 3.0, 0.0]])


def test_chapter_batch_hidden_layer():
    net = MLP.from_arrays([[[1, 0], [0, 1], [1, -1]], [[1, 1, -1]]], [[0, 0, 1], [0.5]])
    X = [[2.0, 3.0], [1.0, 1.0], [4.0, 0.5], [-1.0, 2.0]]
    expected = [[2, 3, 0], [1, 1, 1], [4, 0.5, 4.5], [0, 2, 0]]
    np.testing.assert_array_equal(net.hidden(X, layer=1), expected)
    np.testing.assert_array_equal(net.hidden(X, layer=1, pre_activation=True)[3], [-1, 2, -2])


@pytest.mark.parametrize(
    ("W1", "b1", "w2", "b2", "x", "h", "y_hat"),
    [
        # the note's 2 -> 2 -> 1 pass, and its exercise with x = [2, 1]
        ([[1, -1], [0, 1]], [0, -1], [[1, 2]], [0.5], [1, 2], [0, 1], 2.5),
        ([[1, 1], [-1, -1]], [-1, 1], [[2, 1]], [1], [2, 1], [2, 0], 5.0),
    ],
)
def test_two_two_one_forward_passes(W1, b1, w2, b2, x, h, y_hat):
    net = MLP.from_arrays([W1, w2], [b1, b2])
    np.testing.assert_array_equal(net.hidden([x]), [h])
    np.testing.assert_array_equal(net.forward([x]), [[y_hat]])


def test_hand_built_xor_network():
    X, y = xor()
    net = MLP.from_arrays([[[1, 1], [1, 1]], [[1, -2]]], [[0, -1], [0]])
    np.testing.assert_array_equal(net.hidden(X), [[0, 0], [1, 0], [1, 0], [2, 1]])
    np.testing.assert_array_equal(net.forward(X)[:, 0], y)


def test_deep_linear_network_is_one_matrix():
    W1, W2 = np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([[2.0, 0.0], [1.0, 1.0]])
    net = MLP.from_arrays([W1, W2], [np.zeros(2), np.zeros(2)], activation="identity")
    np.testing.assert_array_equal(W2 @ W1, [[2, 4], [1, 3]])
    X = np.random.default_rng(0).normal(size=(7, 2))
    np.testing.assert_allclose(net.forward(X), X @ (W2 @ W1).T, rtol=1e-14)
    linear = MLP([3, 4, 4, 2], rng=np.random.default_rng(1), linear=True)
    assert linear.activation == "identity" and linear.init == "xavier"


def test_parameter_count():
    assert MLP([784, 128, 10], rng=np.random.default_rng(0)).n_params == 100_480 + 1_290
    assert MLP([64, 64, 10], rng=np.random.default_rng(0)).n_params == 4_810


# --- structure ---------------------------------------------------------------------------


def test_layers_alternate_and_end_with_logits():
    net = MLP([3, 5, 4, 2], activation="tanh", rng=np.random.default_rng(0))
    kinds = [type(layer).__name__ for layer in net.layers]
    assert kinds == ["Dense", "Activation", "Dense", "Activation", "Dense"]
    assert [layer.name for layer in net.layers[1::2]] == ["tanh", "tanh"]
    assert repr(net) == "MLP([3, 5, 4, 2], activation='tanh')"


@pytest.mark.parametrize(
    ("activation", "init"),
    [("relu", "he"), ("leaky_relu", "he"), ("tanh", "xavier"), ("sigmoid", "xavier"),
     ("identity", "xavier")],
)
def test_default_init_follows_the_activation(activation, init):
    assert default_init(activation) == init
    assert MLP([2, 3, 1], activation=activation, rng=np.random.default_rng(0)).init == init


def test_params_are_the_live_arrays():
    net = MLP([2, 3, 2], rng=np.random.default_rng(0))
    params = net.params()
    assert [p is q for p, q in zip(params, [net.dense_layers[0].W, net.dense_layers[0].b,
                                            net.dense_layers[1].W, net.dense_layers[1].b],
                                   strict=True)] == [True] * 4
    X = np.ones((1, 2))
    before = net.forward(X).copy()
    params[3] += 1.0  # moving the last bias moves the logits
    np.testing.assert_allclose(net.forward(X), before + 1.0)


def test_backward_returns_copies_and_grads_the_live_arrays():
    rng = np.random.default_rng(0)
    net = MLP([3, 4, 2], rng=rng)
    X = rng.normal(size=(5, 3))
    net.forward(X)
    first = net.backward(np.ones((5, 2)))
    net.forward(X)
    second = net.backward(2 * np.ones((5, 2)))
    np.testing.assert_allclose(second[0], 2 * first[0])
    assert net.grads()[0] is net.dense_layers[0].dW
    np.testing.assert_array_equal(net.grads()[0], second[0])


def test_from_arrays_copies_its_inputs():
    W = np.array([[1.0, 2.0]])
    net = MLP.from_arrays([W], [[0.0]])
    net.params()[0][0, 0] = 9.0
    assert W[0, 0] == 1.0


def test_predict_and_predict_proba():
    net = MLP.from_arrays([np.eye(3)], [np.zeros(3)])
    X = [[1.0, 3.0, 2.0], [5.0, 0.0, 0.0]]
    np.testing.assert_array_equal(net.predict(X), [1, 0])
    proba = net.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_allclose(proba[0], np.exp([1, 3, 2]) / np.exp([1, 3, 2]).sum())


def test_single_output_predicts_by_sign_and_sigmoid():
    net = MLP.from_arrays([[[1.0]]], [[0.0]])
    X = [[-2.0], [0.0], [3.0]]
    np.testing.assert_array_equal(net.predict(X), [0, 0, 1])
    proba = net.predict_proba(X)
    np.testing.assert_allclose(proba[:, 1], 1 / (1 + np.exp(-np.array([-2.0, 0.0, 3.0]))))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


# --- backpropagation: finite differences and autograd ------------------------------------


def _model_and_batch(activation, seed=0):
    rng = np.random.default_rng(seed)
    net = MLP([4, 5, 3, 3], activation=activation, rng=rng)
    for p in net.params()[1::2]:
        p[:] = rng.normal(scale=0.5, size=p.shape)  # non-zero biases, so they are checked too
    X = rng.normal(size=(6, 4))
    y = rng.integers(0, 3, size=6)
    return net, X, y


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
def test_mlp_gradients_match_finite_differences(activation):
    net, X, y = _model_and_batch(activation)
    _, dlogits = softmax_cross_entropy(net.forward(X), y)
    grads = net.backward(dlogits)
    report = check_gradients(lambda: softmax_cross_entropy(net.forward(X), y)[0],
                             net.params(), grads, tol=1e-6)
    assert report.passed, str(report)


_AUTOGRAD_ACTIVATIONS = {
    "relu": lambda z: anp.maximum(z, 0.0),
    "leaky_relu": lambda z: anp.where(z > 0, z, 0.01 * z),
    "sigmoid": lambda z: 1.0 / (1.0 + anp.exp(-z)),
    "tanh": anp.tanh,
    "identity": lambda z: z,
}


def _autograd_loss(params, X, y, activation):
    """The same network and loss, written independently with autograd.numpy."""
    sigma = _AUTOGRAD_ACTIVATIONS[activation]
    H = X
    n_layers = len(params) // 2
    for k in range(n_layers):
        Z = anp.dot(H, params[2 * k].T) + params[2 * k + 1]
        H = sigma(Z) if k < n_layers - 1 else Z
    log_probs = H - anp.log(anp.sum(anp.exp(H), axis=1, keepdims=True))
    return -anp.mean(log_probs[anp.arange(len(y)), y])


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
def test_mlp_gradients_match_autograd(activation):
    net, X, y = _model_and_batch(activation, seed=1)
    loss, dlogits = softmax_cross_entropy(net.forward(X), y)
    ours = net.backward(dlogits)
    params = [p.copy() for p in net.params()]
    assert _autograd_loss(params, X, y, activation) == pytest.approx(loss, rel=1e-12)
    reference = autograd_grad(_autograd_loss)(params, X, y, activation)
    for k, (g, r) in enumerate(zip(ours, reference, strict=True)):
        np.testing.assert_allclose(g, r, rtol=1e-10, atol=1e-14, err_msg=f"params[{k}]")


# --- scikit-learn's MLPClassifier as an oracle for the forward pass --------------------

_SKLEARN_NAMES = {"relu": "relu", "tanh": "tanh", "sigmoid": "logistic", "identity": "identity"}


@pytest.mark.parametrize("activation", sorted(_SKLEARN_NAMES))
@pytest.mark.parametrize("n_classes", [2, 4])
def test_predictions_equal_sklearn_with_the_same_weights(activation, n_classes):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 5))
    y = np.arange(40) % n_classes
    clf = MLPClassifier(hidden_layer_sizes=(6, 4), activation=_SKLEARN_NAMES[activation],
                        max_iter=1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)  # one pass, only to fix the shapes
    n_out = 1 if n_classes == 2 else n_classes  # scikit-learn: one logistic unit for 2 classes
    net = MLP([5, 6, 4, n_out], activation=activation, rng=rng)
    for p in net.params():
        p[...] = rng.normal(size=p.shape)
    # scikit-learn stores coefs_[k] as (n_in, n_out): the transpose of our W.
    clf.coefs_ = [layer.W.T.copy() for layer in net.dense_layers]
    clf.intercepts_ = [layer.b.copy() for layer in net.dense_layers]
    np.testing.assert_allclose(net.predict_proba(X), clf.predict_proba(X), rtol=1e-10,
                               atol=1e-12)
    np.testing.assert_array_equal(net.predict(X), clf.predict(X))


# --- properties ---------------------------------------------------------------------------


@given(
    sizes=st.lists(st.integers(1, 6), min_size=2, max_size=5),
    n=st.integers(1, 7),
    activation=st.sampled_from(ACTIVATION_NAMES),
)
def test_shapes_for_any_architecture(sizes, n, activation):
    rng = np.random.default_rng(sum(sizes) + n)
    net = MLP(sizes, activation=activation, rng=rng)
    logits = net.forward(rng.normal(size=(n, sizes[0])))
    assert logits.shape == (n, sizes[-1])
    grads = net.backward(np.ones_like(logits))
    assert [g.shape for g in grads] == [p.shape for p in net.params()]
    assert net.n_params == sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=True))


@given(
    sizes=st.lists(st.integers(1, 6), min_size=2, max_size=4),
    scale=st.floats(0.1, 100.0),
)
def test_predict_proba_rows_sum_to_one(sizes, scale):
    rng = np.random.default_rng(len(sizes))
    net = MLP(sizes, rng=rng)
    proba = net.predict_proba(scale * rng.normal(size=(5, sizes[0])))
    assert proba.shape == (5, max(sizes[-1], 2))
    assert np.all(proba >= 0)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)


def test_training_step_through_params_changes_the_model():
    rng = np.random.default_rng(0)
    net = MLP([3, 4, 2], rng=rng)
    X, y = rng.normal(size=(8, 3)), rng.integers(0, 2, size=8)
    loss0, d = softmax_cross_entropy(net.forward(X), y)
    opt = SGD(net.params(), lr=0.1)
    for _ in range(20):
        _, d = softmax_cross_entropy(net.forward(X), y)
        net.backward(d)
        opt.step(net.grads())
    assert softmax_cross_entropy(net.forward(X), y)[0] < loss0


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "error", "message"),
    [
        ([5], ValueError, "at least 2 entries"),
        ([], ValueError, "at least 2 entries"),
        ([3, 0], ValueError, r"sizes\[1\] must be an integer >= 1, got 0"),
        ([3, 2.5], TypeError, r"sizes\[1\] must be an integer, got 2.5"),
        ([True, 2], TypeError, r"sizes\[0\] must be an integer, got True"),
        ([3, None], TypeError, r"sizes\[1\] must be an integer, got None"),
        ([3, float("nan")], TypeError, r"sizes\[1\] must be an integer, got nan"),
        (7, TypeError, "list of layer widths"),
        ("64", TypeError, "list of layer widths"),
    ],
)
def test_bad_sizes(sizes, error, message):
    with pytest.raises(error, match=message):
        MLP(sizes, rng=np.random.default_rng(0))


def test_wrong_feature_count():
    net = MLP([4, 3, 2], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"expects X with 4 features .* got shape \(5, 3\)"):
        net.forward(np.ones((5, 3)))
    with pytest.raises(ValueError, match=r"reshape\(1, -1\)"):
        net.predict(np.ones(4))


def test_wrong_dlogits_shape():
    net = MLP([4, 3, 2], rng=np.random.default_rng(0))
    with pytest.raises(RuntimeError, match="call forward before backward"):
        net.backward(np.ones((5, 2)))
    net.forward(np.ones((5, 4)))
    with pytest.raises(ValueError, match=r"dlogits must have shape \(5, 2\).*got shape \(5, 3\)"):
        net.backward(np.ones((5, 3)))
    with pytest.raises(ValueError, match="dlogits must be finite"):
        net.backward(np.full((5, 2), np.nan))


def test_bad_inputs_and_options():
    net = MLP([2, 3, 1], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"X must be finite, but X\[0, 1\] = inf"):
        net.forward([[0.0, np.inf]])
    with pytest.raises(TypeError, match="X must hold real numbers"):
        net.forward([["a", "b"]])
    with pytest.raises(ValueError, match=r"layer must be an integer in \[1, 1\], got 2"):
        net.hidden([[0.0, 1.0]], layer=2)
    with pytest.raises(ValueError, match="has no hidden layer"):
        MLP([2, 1], rng=np.random.default_rng(0)).hidden([[0.0, 1.0]])
    with pytest.raises(ValueError, match="activation must be one of 'relu'.*got 'gelu'"):
        MLP([2, 1], activation="gelu", rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="needs rng: an int seed or a numpy.random.Generator"):
        MLP([2, 1])
    with pytest.raises(ValueError, match="linear=True means activation='identity'"):
        MLP([2, 1], activation="tanh", linear=True, rng=np.random.default_rng(0))


def test_from_arrays_checks_the_chain():
    with pytest.raises(ValueError, match=r"layer 2: W has shape \(1, 4\) \(expects 4 inputs\) "
                                         r"but layer 1 has 3 outputs"):
        MLP.from_arrays([np.ones((3, 2)), np.ones((1, 4))], [np.zeros(3), np.zeros(1)])
    with pytest.raises(ValueError, match=r"layer 1: W has shape \(3, 2\).*b needs shape \(3,\)"):
        MLP.from_arrays([np.ones((3, 2))], [np.zeros(2)])
    with pytest.raises(ValueError, match="one bias vector per weight matrix"):
        MLP.from_arrays([np.ones((3, 2))], [])


# Regressions of the fuzz (issue 8) -------------------------------------------------------


def test_int_seed_gives_one_generator_for_the_whole_model():
    # MLP([4, 4, 4, 4], rng=0) once gave every same-shape layer the same weights,
    # because the int re-seeded each layer.
    model = MLP([4, 4, 4, 4], rng=0)
    W1, W2, W3 = (layer.W for layer in model.dense_layers)
    assert not np.array_equal(W1, W2) and not np.array_equal(W2, W3)
    # An int seed is exactly default_rng(seed), drawn layer after layer.
    same = MLP([4, 4, 4, 4], rng=np.random.default_rng(0))
    for a, b in zip(model.params(), same.params(), strict=True):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(TypeError, match=r"rng must be a numpy.random.Generator or an int seed"):
        MLP([4, 4], rng=0.5)


def test_forward_keeps_its_own_copy_of_X():
    # Mutating X between forward and backward once corrupted dW silently.
    model = MLP([3, 4, 2], rng=0)
    X = np.random.default_rng(1).normal(size=(5, 3))
    dlogits = np.ones((5, 2)) / 5
    model.forward(X)
    expected = model.backward(dlogits)
    model.forward(X)
    X *= 100.0
    for got, want in zip(model.backward(dlogits), expected, strict=True):
        np.testing.assert_array_equal(got, want)


def test_hidden_between_forward_and_backward_leaves_the_gradients_alone():
    model = MLP([3, 4, 4, 2], rng=0)
    X = np.random.default_rng(2).normal(size=(6, 3))
    dlogits = np.full((6, 2), 0.1)
    model.forward(X)
    expected = model.backward(dlogits)
    model.forward(X)
    model.hidden(X[:2], layer=2)  # another batch size: once a broadcast error
    model.hidden(X[::-1], layer=1)  # same size, other rows: once a wrong dW
    for got, want in zip(model.backward(dlogits), expected, strict=True):
        np.testing.assert_array_equal(got, want)


def test_overflowing_logits_are_an_error_not_inf():
    model = MLP.from_arrays([[[1e200, 1e200]], [[1e200]]], [[0.0], [0.0]])
    with pytest.raises(ValueError, match=r"logits overflowed, logits\[0, 0\] = inf"):
        model.forward([[1e10, 1e10]])
    with pytest.raises(ValueError, match="overflowed"):
        model.predict([[1e10, 1e10]])
    with pytest.raises(ValueError, match="overflowed"):
        model.hidden([[1e200, 1e200]])


def test_parameter_vector_is_the_layers_arrays_side_by_side():
    model = MLP([3, 4, 2], rng=0)
    np.testing.assert_array_equal(model.parameter_vector,
                                  np.concatenate([p.ravel() for p in model.params()]))
    model.parameter_vector[0] = 42.0  # the same numbers, seen flat
    assert model.dense_layers[0].W[0, 0] == 42.0
    model.forward(np.ones((5, 3)))
    grads = model.backward(np.ones((5, 2)))
    np.testing.assert_array_equal(model.gradient_vector,
                                  np.concatenate([g.ravel() for g in grads]))


# --- Sequential: any list of layers (chapter 6) ----------------------------------------
from lib.layers import Activation, Dense, Dropout  # noqa: E402
from lib.network import Sequential  # noqa: E402
from lib.normalization import BatchNorm, LayerNorm  # noqa: E402


def _regularised_net(seed=0):
    """Dense -> BatchNorm -> ReLU -> Dropout -> Dense -> LayerNorm -> tanh -> Dense."""
    return Sequential([Dense(4, 6, rng=seed), BatchNorm(6), Activation("relu"),
                       Dropout(0.3, rng=seed + 1), Dense(6, 5, rng=seed + 2), LayerNorm(5),
                       Activation("tanh"), Dense(5, 3, rng=seed + 3)])


def _fix_masks(net, seed=11):
    """Re-seed every dropout layer, so that the next forward pass draws the same masks."""
    for k, layer in enumerate(net.layers):
        if isinstance(layer, Dropout):
            layer.rng = np.random.default_rng(seed + k)


def _perturb_scales(net, rng):
    for layer in net.layers:
        if isinstance(layer, BatchNorm | LayerNorm):
            layer.gamma[:] = rng.uniform(0.5, 1.5, size=layer.n_features)
            layer.beta[:] = rng.normal(size=layer.n_features)


def test_sequential_example_of_the_api():
    net = Sequential([Dense(64, 128, rng=0), BatchNorm(128), Activation("relu"),
                      Dropout(0.5, rng=1), Dense(128, 10, rng=2)])
    assert (net.n_in, net.n_out) == (64, 10)
    assert net.n_params == 64 * 128 + 128 + 2 * 128 + 128 * 10 + 10
    assert len(net.params()) == len(net.grads()) == 6
    assert repr(net) == ("Sequential([Dense(64 -> 128), BatchNorm(128), Activation('relu'), "
                         "Dropout(0.5), Dense(128 -> 10)])")
    assert net.forward(np.zeros((3, 64))).shape == (3, 10)
    assert net.dense_layers == [net.layers[0], net.layers[4]]


def test_sequential_of_dense_and_activations_equals_the_mlp():
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(5, 3)), rng.normal(size=(2, 5))]
    biases = [rng.normal(size=5), rng.normal(size=2)]
    mlp = MLP.from_arrays(weights, biases, activation="tanh")
    net = Sequential([Dense.from_arrays(weights[0], biases[0]), Activation("tanh"),
                      Dense.from_arrays(weights[1], biases[1])])
    X, G = rng.normal(size=(7, 3)), rng.normal(size=(7, 2))
    np.testing.assert_array_equal(net.forward(X), mlp.forward(X))
    for ours, theirs in zip(net.backward(G), mlp.backward(G), strict=True):
        np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(net.predict_proba(X), mlp.predict_proba(X))
    np.testing.assert_array_equal(net.predict(X), mlp.predict(X))


def test_sequential_with_bn_ln_and_dropout_matches_finite_differences():
    rng = np.random.default_rng(1)
    net = _regularised_net()
    _perturb_scales(net, rng)
    X, y = rng.normal(size=(8, 4)), rng.integers(0, 3, size=8)

    def loss():
        _fix_masks(net)
        return softmax_cross_entropy(net.forward(X), y)[0]

    _fix_masks(net)
    grads = net.backward(softmax_cross_entropy(net.forward(X), y)[1])
    # The bias of the dense layer before batch normalization is subtracted again with
    # the batch mean: its gradient is exactly zero (a relative error means nothing there).
    assert np.abs(grads[1]).max() < 1e-15
    params = net.params()
    others = [k for k in range(len(params)) if k != 1]
    report = check_gradients(loss, [params[k] for k in others], [grads[k] for k in others])
    assert report.passed, str(report)


def _autograd_net(params, X, masks, rate):
    """The same network written out with autograd.numpy (training mode, given masks)."""
    W1, b1, g1, be1, W2, b2, g2, be2, W3, b3 = params

    def norm(H, gamma, beta, axis):
        mean = anp.mean(H, axis=axis, keepdims=True)
        var = anp.mean((H - mean) ** 2, axis=axis, keepdims=True)
        return gamma * (H - mean) / anp.sqrt(var + 1e-5) + beta

    H = anp.maximum(norm(X @ W1.T + b1, g1, be1, 0), 0) * masks[0] / (1 - rate)
    H = anp.tanh(norm(H @ W2.T + b2, g2, be2, 1))
    return H @ W3.T + b3


def test_sequential_gradients_match_autograd():
    rng = np.random.default_rng(2)
    net = _regularised_net(seed=5)
    _perturb_scales(net, rng)
    X, G = rng.normal(size=(9, 4)), rng.normal(size=(9, 3))
    logits = net.forward(X)
    masks = [net.layers[3].mask]
    params = [p.copy() for p in net.params()]
    np.testing.assert_allclose(logits, _autograd_net(params, X, masks, 0.3), rtol=1e-12)
    ours = net.backward(G)
    theirs = autograd_grad(lambda ps: anp.sum(G * _autograd_net(ps, X, masks, 0.3)))(params)
    for k, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-13, err_msg=f"params[{k}]")


def test_training_property_switches_every_layer():
    net = _regularised_net()
    assert net.training is True
    net.training = False
    assert all(layer.training is False for layer in net.layers if hasattr(layer, "training"))
    assert net.training is False
    X = np.random.default_rng(3).normal(size=(5, 4))
    np.testing.assert_array_equal(net.forward(X), net.forward(X))  # no dropout: repeatable
    net.training = True
    assert net.layers[1].training and net.layers[3].training and net.layers[5].training
    with pytest.raises(TypeError, match="training must be True or False"):
        net.training = "eval"


def test_predict_and_hidden_use_evaluation_mode_and_remember_nothing():
    rng = np.random.default_rng(4)
    net = _regularised_net()
    X = rng.normal(size=(6, 4))
    net.forward(X)  # training mode: updates the running statistics, draws a mask
    stats = [b.copy() for b in net.buffers()]
    mask = net.layers[3].mask.copy()
    proba = net.predict_proba(X)
    np.testing.assert_array_equal(mask, net.layers[3].mask)
    net.training = False
    np.testing.assert_allclose(proba, net.predict_proba(X), rtol=1e-15)
    np.testing.assert_array_equal(net.predict(X), net.forward(X).argmax(axis=1))
    net.training = True
    for before, after in zip(stats, net.buffers(), strict=True):
        np.testing.assert_array_equal(before, after)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-14)
    assert net.hidden(X, layer=1).shape == (6, 6) and net.hidden(X, layer=5).shape == (6, 5)
    np.testing.assert_array_equal(net.hidden(X, layer=3),
                                  np.maximum(net.hidden(X, layer=2), 0))


def test_backward_returns_copies_and_grads_are_live():
    net = _regularised_net()
    X = np.random.default_rng(5).normal(size=(4, 4))
    net.forward(X)
    copies = net.backward(np.ones((4, 3)))
    live = net.grads()
    for c, g in zip(copies, live, strict=True):
        assert c is not g
        np.testing.assert_array_equal(c, g)


@given(st.integers(2, 9), st.integers(0, 2**32 - 1))
def test_sequential_shapes(n, seed):
    net = _regularised_net(seed=seed % 1000)
    X = np.random.default_rng(seed).normal(size=(n, 4))
    assert net.forward(X).shape == (n, 3)
    assert [g.shape for g in net.backward(np.ones((n, 3)))] == [p.shape for p in net.params()]
    assert net.predict(X).shape == (n,)


@pytest.mark.parametrize(("layers", "error", "match"), [
    ([Dense(3, 4, rng=0), BatchNorm(5)], ValueError,
     r"layers\[1\] \(BatchNorm\(5\)\) expects 5 features, but the layers before it give 4"),
    ([Dense(3, 4, rng=0), Activation("relu"), Dense(5, 2, rng=1)], ValueError,
     r"layers\[2\] .* expects 5 features"),
    ([Dense(3, 4, rng=0), "relu"], TypeError, r"layers\[1\] is 'relu'"),
    ([], ValueError, "layers is empty"),
    (Dense(3, 4, rng=0), TypeError, "layers must be a list"),
    ([Activation("relu"), Dropout(0.1, rng=0)], ValueError, "fixes the number of features"),
])
def test_sequential_rejects_bad_layer_lists(layers, error, match):
    with pytest.raises(error, match=match):
        Sequential(layers)


def test_sequential_rejects_a_layer_used_twice_and_bad_batches():
    act = Activation("relu")
    with pytest.raises(ValueError, match=r"layers\[3\] .* appears twice"):
        Sequential([Dense(2, 2, rng=0), act, Dense(2, 2, rng=1), act])
    net = _regularised_net()
    with pytest.raises(ValueError, match=r"expects X with 4 features .* got shape \(2, 3\)"):
        net.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match="BatchNorm.* needs at least 2 examples"):
        net.forward(np.ones((1, 4)))
    net.training = False
    assert net.forward(np.ones((1, 4))).shape == (1, 3)  # one example: fine in evaluation
    with pytest.raises(RuntimeError, match="call forward before backward"):
        _regularised_net().backward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"dlogits must have shape \(1, 3\)"):
        net.backward(np.ones((2, 3)))
