"""Tests for lib.layers: worked numbers, finite differences, exact agreement of the
fast path with lib.activations, shape properties and teaching error messages."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib import activations
from lib.gradcheck import check_gradients, numerical_gradient, relative_error
from lib.layers import Activation, Dense, dense_forward, dense_parameter_count
from lib.losses import half_squared_error
from lib.optim import SGD

ACTIVATION_NAMES = ["relu", "leaky_relu", "sigmoid", "tanh", "identity"]

# Chapter 1's tiny layer: 2 inputs, 3 neurons.
W_SMALL = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
B_SMALL = np.array([0.0, 0.0, 1.0])


# --- worked numbers from the sources -------------------------------------------------


def test_three_neuron_layer_gives_2_3_0():
    layer = Dense.from_arrays(W_SMALL, B_SMALL)
    h = Activation("relu").forward(layer.forward([[2.0, 3.0]]))
    np.testing.assert_array_equal(h, [[2.0, 3.0, 0.0]])


def test_two_layer_forward_pass_gives_5_5():
    hidden = Activation("relu").forward(Dense.from_arrays(W_SMALL, B_SMALL).forward([[2.0, 3.0]]))
    y_hat = Dense.from_arrays([[1.0, 1.0, -1.0]], [0.5]).forward(hidden)
    np.testing.assert_array_equal(y_hat, [[5.5]])


def test_batch_example_hidden_matrix():
    X = np.array([[2.0, 3.0], [1.0, 1.0], [4.0, 0.5], [-1.0, 2.0]])
    H = Activation("relu").forward(Dense.from_arrays(W_SMALL, B_SMALL).forward(X))
    expected = [[2, 3, 0], [1, 1, 1], [4, 0.5, 4.5], [0, 2, 0]]
    np.testing.assert_array_equal(H, expected)
    # the batch is the single-example formula applied row by row
    for x, h in zip(X, H, strict=True):
        np.testing.assert_array_equal(np.maximum(dense_forward(x, W_SMALL, B_SMALL), 0), h)


@pytest.mark.parametrize(
    ("n_in", "n_out", "total"), [(784, 128, 100_480), (20, 7, 147), (50, 12, 612)]
)
def test_parameter_counts(n_in, n_out, total):
    layer = Dense(n_in, n_out, init="zeros")
    assert layer.n_params == total == dense_parameter_count(n_in, n_out)
    assert layer.W.shape == (n_out, n_in) and layer.b.shape == (n_out,)


def test_colour_image_layer_has_614400_weights():
    layer = Dense(32 * 32 * 3, 200, init="zeros")
    assert layer.W.size == 614_400 and layer.b.size == 200


@pytest.mark.parametrize(
    ("target", "dw", "new_w"), [(0.0, 0.1463, 0.4854), (1.0, -0.0887, 0.5089)]
)
def test_one_neuron_backprop_and_sgd_step(target, dw, new_w):
    # x = 1, w = 0.5, b = 0, sigmoid, L = (a - y)^2 / 2, one step with eta = 0.1.
    neuron, act = Dense.from_arrays([[0.5]], [0.0]), Activation("sigmoid")
    a = act.forward(neuron.forward([[1.0]]))
    loss, dloss_da = half_squared_error(a, [[target]])
    assert round(float(a[0, 0]), 4) == 0.6225
    assert round(float(act.derivative(neuron.forward([[1.0]]))[0, 0]), 4) == 0.2350
    neuron.backward(act.backward(dloss_da))
    assert round(float(neuron.dW[0, 0]), 4) == dw
    assert neuron.db[0] == neuron.dW[0, 0]  # equal only because x = 1
    SGD(neuron.params(), lr=0.1).step(neuron.grads())
    assert round(float(neuron.W[0, 0]), 4) == new_w
    if target == 0.0:
        assert round(loss, 4) == 0.1937


# --- backward pass against finite differences ------------------------------------------


def test_dense_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    layer = Dense(4, 3, rng=rng)
    layer.b[:] = rng.normal(size=3)
    X = rng.normal(size=(5, 4))
    R = rng.normal(size=(5, 3))  # L = sum(Z * R), so dL/dZ = R

    def loss():
        return float(np.sum(layer.forward(X) * R))

    loss()
    dX = layer.backward(R)
    report = check_gradients(loss, [X, layer.W, layer.b], [dX, layer.dW, layer.db],
                             names=["X", "W", "b"])
    assert report.passed, str(report)


def test_dense_backward_formulas():
    rng = np.random.default_rng(1)
    layer = Dense(3, 2, rng=rng)
    X, G = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    layer.forward(X)
    dX = layer.backward(G)
    np.testing.assert_allclose(dX, G @ layer.W)
    np.testing.assert_allclose(layer.dW, G.T @ X)
    np.testing.assert_allclose(layer.db, G.sum(axis=0))


def _inputs_away_from_zero(rng, shape):
    # |z| >= 0.1 keeps ReLU's kink out of reach of the finite-difference step.
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.1, 2.0, size=shape)


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_activation_layer_gradient_matches_finite_differences(name):
    rng = np.random.default_rng(2)
    layer = Activation(name)
    Z = _inputs_away_from_zero(rng, (4, 3))
    R = rng.normal(size=(4, 3))

    def loss(z):
        return float(np.sum(layer.forward(z) * R))

    loss(Z)
    dZ = layer.backward(R)
    assert relative_error(dZ, numerical_gradient(loss, Z)) <= 1e-6


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_fast_path_equals_lib_activations_exactly(name):
    rng = np.random.default_rng(3)
    Z = rng.normal(scale=3.0, size=(6, 5))
    Z[0, :3] = [0.0, 800.0, -800.0]  # the kink and far tails (sigmoid must not overflow)
    function, derivative = activations.get_activation(name)
    layer = Activation(name)
    np.testing.assert_array_equal(layer.forward(Z), function(Z))
    dA = rng.normal(size=Z.shape)
    np.testing.assert_array_equal(layer.backward(dA), dA * derivative(Z))
    np.testing.assert_array_equal(layer.derivative(Z), derivative(Z))


def test_leaky_relu_layer_uses_its_slope():
    layer = Activation("leaky_relu", slope=0.2)
    np.testing.assert_array_equal(layer.forward([[-1.0, 2.0]]), [[-0.2, 2.0]])
    np.testing.assert_array_equal(layer.backward([[1.0, 1.0]]), [[0.2, 1.0]])


def test_identity_layer_returns_new_arrays():
    layer = Activation("identity")
    Z = np.ones((2, 2))
    A = layer.forward(Z)
    A[0, 0] = 5.0
    assert Z[0, 0] == 1.0
    dA = np.ones((2, 2))
    assert layer.backward(dA) is not dA


# --- construction ------------------------------------------------------------------------


def test_random_init_is_seeded_and_biases_start_at_zero():
    a = Dense(6, 4, rng=np.random.default_rng(7))
    b = Dense(6, 4, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a.W, b.W)
    np.testing.assert_array_equal(a.b, np.zeros(4))
    assert not np.array_equal(a.W, Dense(6, 4, rng=np.random.default_rng(8)).W)


def test_he_init_has_the_he_scale():
    W = Dense(400, 300, rng=np.random.default_rng(0), init="he").W
    assert W.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)


def test_from_arrays_copies():
    W, b = W_SMALL.copy(), B_SMALL.copy()
    layer = Dense.from_arrays(W, b)
    layer.W += 1.0
    np.testing.assert_array_equal(W, W_SMALL)
    assert repr(layer) == "Dense(2 -> 3)"


def test_params_and_grads_are_the_layer_arrays():
    layer = Dense(2, 3, rng=np.random.default_rng(0))
    assert layer.params()[0] is layer.W and layer.params()[1] is layer.b
    layer.forward(np.ones((4, 2)))
    layer.backward(np.ones((4, 3)))
    assert layer.grads()[0] is layer.dW and layer.grads()[1] is layer.db


# --- properties ---------------------------------------------------------------------------


@given(
    n_in=st.integers(1, 8),
    n_out=st.integers(1, 8),
    n=st.integers(1, 9),
    name=st.sampled_from(ACTIVATION_NAMES),
)
def test_shapes_for_any_sizes(n_in, n_out, n, name):
    rng = np.random.default_rng(n_in * 100 + n_out * 10 + n)
    layer, act = Dense(n_in, n_out, rng=rng), Activation(name)
    A = act.forward(layer.forward(rng.normal(size=(n, n_in))))
    assert A.shape == (n, n_out)
    dX = layer.backward(act.backward(np.ones((n, n_out))))
    assert dX.shape == (n, n_in)
    assert layer.dW.shape == (n_out, n_in) and layer.db.shape == (n_out,)


# --- bad input ---------------------------------------------------------------------------


def test_wrong_feature_count_names_the_shapes():
    layer = Dense(4, 3, rng=np.random.default_rng(0))
    message = r"Dense\(4 -> 3\) expects X with 4 features, got shape \(5, 3\)"
    with pytest.raises(ValueError, match=message):
        layer.forward(np.ones((5, 3)))


def test_single_vector_gets_a_hint():
    with pytest.raises(ValueError, match=r"reshape\(1, -1\)"):
        Dense(4, 3, init="zeros").forward(np.ones(4))


def test_wrong_dz_shape_names_the_shapes():
    layer = Dense(4, 3, init="zeros")
    layer.forward(np.ones((5, 4)))
    with pytest.raises(ValueError, match=r"dZ must have shape \(5, 3\).*got shape \(5, 2\)"):
        layer.backward(np.ones((5, 2)))


def test_wrong_da_shape_names_the_shapes():
    layer = Activation("tanh")
    layer.forward(np.ones((5, 3)))
    with pytest.raises(ValueError, match=r"dA has shape \(5, 2\).*\(5, 3\)"):
        layer.backward(np.ones((5, 2)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_inputs_are_refused(bad):
    X = np.ones((2, 4))
    X[1, 2] = bad
    with pytest.raises(ValueError, match=r"X must be finite, but X\[1, 2\]"):
        Dense(4, 3, init="zeros").forward(X)
    with pytest.raises(ValueError, match="finite"):
        Activation("relu").forward(X)
    layer = Dense(4, 3, init="zeros")
    layer.forward(np.ones((2, 4)))
    with pytest.raises(ValueError, match="dZ must be finite"):
        layer.backward(np.full((2, 3), bad))


def test_non_numeric_input_is_a_type_error():
    with pytest.raises(TypeError, match="X must hold real numbers"):
        Dense(2, 1, init="zeros").forward([["a", "b"]])
    with pytest.raises(TypeError, match="Z must hold real numbers"):
        Activation("sigmoid").forward([[True, False]])


def test_backward_before_forward():
    with pytest.raises(RuntimeError, match="call forward before backward"):
        Dense(2, 1, init="zeros").backward(np.ones((1, 1)))
    with pytest.raises(RuntimeError, match="call forward before backward"):
        Activation("relu").backward(np.ones((1, 1)))


def test_construction_errors():
    with pytest.raises(TypeError, match=r"needs rng: an int seed or a numpy.random.Generator"):
        Dense(3, 2)
    with pytest.raises(ValueError, match="init must be one of 'zeros'.*got 'uniform'"):
        Dense(3, 2, rng=np.random.default_rng(0), init="uniform")
    with pytest.raises(ValueError, match="n_in must be an integer >= 1, got 0"):
        Dense(0, 2, init="zeros")
    with pytest.raises(TypeError, match=r"n_out must be an integer, got 2.5 \(float\)"):
        Dense(3, 2.5, init="zeros")
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator or an int seed"):
        Dense(3, 2, rng="0")
    with pytest.raises(ValueError, match="name must be one of 'relu'.*got 'softplus'"):
        Activation("softplus")
    with pytest.raises(ValueError, match="slope"):
        Activation("leaky_relu", slope=1.5)
    with pytest.raises(ValueError, match=r"b needs shape \(3,\), got \(2,\)"):
        Dense.from_arrays(W_SMALL, [0.0, 1.0])


# Regressions of the fuzz (issue 8) -------------------------------------------------------


def test_dense_forward_keeps_its_own_copy_of_X():
    # Dense.forward once kept the caller's X by reference: mutating it before
    # backward silently changed dW.
    layer = Dense(3, 2, rng=0)
    X = np.arange(12.0).reshape(4, 3)
    dZ = np.ones((4, 2))
    layer.forward(X)
    layer.backward(dZ)
    expected = layer.dW.copy()
    layer.forward(X)
    X[...] = -7.0
    layer.backward(dZ)
    np.testing.assert_array_equal(layer.dW, expected)
    np.testing.assert_array_equal(expected, dZ.T @ np.arange(12.0).reshape(4, 3))


def test_activation_forward_keeps_its_own_copy_of_Z():
    act = Activation("sigmoid")
    Z = np.array([[0.0, 2.0]])
    act.forward(Z)
    Z[...] = 50.0
    np.testing.assert_allclose(act.backward([[1.0, 1.0]]),
                               [[0.25, activations.sigmoid_derivative(2.0)]])


def test_dense_forward_overflow_is_an_error():
    layer = Dense.from_arrays([[1e308, 1e308]], [0.0])
    with pytest.raises(ValueError, match=r"Z overflowed, Z\[0, 0\] = inf"):
        layer.forward([[10.0, 10.0]])


def test_parameter_count_follows_the_same_rule_as_dense():
    # dense_parameter_count(True, 3) once returned 6 while Dense(True, 2) raised.
    for bad in (True, 2.0, "3", None, float("nan")):
        with pytest.raises(TypeError, match="n_in must be an integer"):
            dense_parameter_count(bad, 3)
        with pytest.raises(TypeError, match="n_in must be an integer"):
            Dense(bad, 3, init="zeros")
    with pytest.raises(ValueError, match="n_out must be an integer >= 1, got 0"):
        dense_parameter_count(3, 0)


@pytest.mark.parametrize("name", sorted(activations.ACTIVATIONS))
def test_activation_layer_uses_the_kernels_of_lib_activations(name):
    # One formula, one place: the layer's fast path and the checked functions
    # give the same numbers bit for bit.
    Z = np.random.default_rng(4).normal(scale=3.0, size=(5, 4))
    function, derivative = activations.get_activation(name)
    act = Activation(name)
    np.testing.assert_array_equal(act.forward(Z), function(Z))
    np.testing.assert_array_equal(act.backward(np.ones_like(Z)), derivative(Z))
    np.testing.assert_array_equal(act.derivative(Z), derivative(Z))


# -- layer_forward (chapter 1's heat maps and bent grids) ----------------------------
from lib.layers import layer_forward  # noqa: E402


def test_layer_forward_worked_example_of_chapter_1():
    Z, A = layer_forward([[2.0, 3.0]], [[0.5, -1.0]], [1.0], "relu")
    assert Z.tolist() == [[-1.0]] and A.tolist() == [[0.0]]
    Z, A = layer_forward([[2.0, 3.0]], [[0.5, -1.0]], [3.0], "relu")  # exercise 1.8
    assert Z.tolist() == [[1.0]] and A.tolist() == [[1.0]]


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "identity"])
def test_layer_forward_matches_scipy_and_numpy(name):
    from scipy.special import expit

    rng = np.random.default_rng(3)
    X, W, b = rng.normal(size=(7, 3)), rng.normal(size=(4, 3)), rng.normal(size=4)
    Z, A = layer_forward(X, W, b, name)
    np.testing.assert_allclose(Z, np.einsum("ni,oi->no", X, W) + b, rtol=1e-12)
    independent = {"relu": np.maximum(Z, 0), "sigmoid": expit(Z), "tanh": np.tanh(Z),
                   "identity": Z}[name]
    np.testing.assert_allclose(A, independent, rtol=1e-12)


@pytest.mark.parametrize(("args", "match"), [
    (([1.0, 2.0], [[1.0, 2.0]], [0.0], "relu"), "X"),
    (([[1.0, 2.0]], [[1.0, 2.0, 3.0]], [0.0], "relu"), "shape"),
    (([[1.0, 2.0]], [[1.0, 2.0]], [0.0], "softplus"), "softplus"),
    (([[1.0, np.nan]], [[1.0, 2.0]], [0.0], "relu"), "X"),
])
def test_layer_forward_rejects_bad_input(args, match):
    with pytest.raises((ValueError, TypeError), match=match):
        layer_forward(*args)


# -- Dropout (chapter 6) ---------------------------------------------------------------
from lib.layers import Dropout  # noqa: E402


def test_dropout_with_a_known_mask_by_hand():
    drop = Dropout(0.5, rng=0)
    X = np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])
    Y = drop.forward(X)
    mask = np.random.default_rng(0).random(X.shape) >= 0.5  # the same draw, made by hand
    np.testing.assert_array_equal(drop.mask, mask)
    np.testing.assert_array_equal(Y, np.where(mask, 2.0 * X, 0.0))  # kept entries doubled
    np.testing.assert_array_equal(drop.backward(np.ones_like(X)), np.where(mask, 2.0, 0.0))


def test_dropout_keeps_one_in_four_scaled_by_four():
    drop = Dropout(0.75, rng=1)
    Y = drop.forward(np.ones((1, 8)))
    assert set(np.unique(Y)) <= {0.0, 4.0}  # 1 / (1 - 0.75) = 4


def test_dropout_in_evaluation_mode_is_the_identity():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(5, 3))
    drop = Dropout(0.4, rng=3)
    drop.training = False
    Y = drop.forward(X)
    np.testing.assert_array_equal(Y, X)
    assert Y is not X and drop.mask is None
    G = rng.normal(size=(5, 3))
    np.testing.assert_array_equal(drop.backward(G), G)
    state = drop.rng.bit_generator.state
    drop.forward(X)
    assert drop.rng.bit_generator.state == state  # no random numbers drawn


def test_dropout_preserves_the_expected_value():
    # E[Y] = X: averaged over many entries the mean stays within a few standard errors.
    drop, rate = Dropout(0.3, rng=4), 0.3
    X = np.full((400, 500), 2.5)
    Y = drop.forward(X)
    standard_error = 2.5 * np.sqrt(rate / (1 - rate) / X.size)
    assert abs(Y.mean() - 2.5) < 5 * standard_error
    assert abs((Y == 0).mean() - rate) < 0.005  # about 30 % dropped


def test_dropout_draws_a_new_mask_each_training_pass():
    drop = Dropout(0.5, rng=5)
    first = drop.forward(np.ones((4, 4)))
    second = drop.forward(np.ones((4, 4)))
    assert not np.array_equal(first, second)


def test_dropout_rate_zero_changes_nothing():
    drop = Dropout(0.0, rng=0)
    X = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(drop.forward(X), X)
    assert drop.params() == [] and drop.grads() == [] and drop.n_params == 0
    assert repr(Dropout(0.25, rng=0)) == "Dropout(0.25)"


def test_dropout_backward_matches_finite_differences_with_a_fixed_mask():
    rng = np.random.default_rng(6)
    X, R = rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
    drop = Dropout(0.4, rng=0)

    def loss():
        drop.rng = np.random.default_rng(7)  # the same mask at every evaluation
        return float(np.sum(R * np.tanh(drop.forward(X))))

    loss()
    dropped = X * drop.mask / 0.6  # the forward output of that pass
    dX = drop.backward(R * (1 - np.tanh(dropped) ** 2))
    report = check_gradients(loss, [X], [dX], names=["X"])
    assert report.passed, str(report)


@given(st.tuples(st.integers(1, 6), st.integers(1, 6)), st.floats(0.0, 0.95),
       st.integers(0, 2**32 - 1))
def test_dropout_properties(shape, rate, seed):
    X = np.random.default_rng(seed).normal(size=shape) + 3.0
    drop = Dropout(rate, rng=seed)
    Y = drop.forward(X)
    assert Y.shape == X.shape
    kept = Y != 0
    np.testing.assert_allclose(Y[kept], X[kept] / (1 - rate), rtol=1e-15)
    np.testing.assert_array_equal(kept, drop.mask if rate > 0 else np.ones(shape, bool))
    np.testing.assert_allclose(drop.backward(np.ones(shape)), Y / X, rtol=1e-15)


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: Dropout(1.0, rng=0), ValueError, r"rate must lie in \[0.0, 1.0\)"),
    (lambda: Dropout(-0.1, rng=0), ValueError, "rate must lie in"),
    (lambda: Dropout("0.5", rng=0), TypeError, "rate must be a real number"),
    (lambda: Dropout(0.5, rng=None), TypeError, "rng must be a numpy.random.Generator"),
    (lambda: Dropout(0.5, rng=0).backward(np.ones((2, 2))), RuntimeError, "call forward"),
    (lambda: Dropout(0.5, rng=0).forward([[1.0, np.inf]]), ValueError, "X must be finite"),
])
def test_dropout_rejects_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_dropout_rejects_a_gradient_of_another_shape_and_a_bad_mode():
    drop = Dropout(0.5, rng=0)
    drop.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"dY has shape \(3, 2\) but the last forward"):
        drop.backward(np.ones((3, 2)))
    with pytest.raises(TypeError, match="training must be True or False"):
        drop.training = 1
