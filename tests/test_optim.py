"""Tests for lib.optim: the sources' worked steps, the written recurrences,
scikit-learn's Adam where the two forms agree, properties and error messages."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.neural_network._stochastic_optimizers import AdamOptimizer

from lib.network import MLP
from lib.optim import SGD, Adam, Momentum

G1 = 0.1463  # chapter 5's gradient dL/dw of the one-neuron example


# --- worked numbers ------------------------------------------------------------------------


def test_sgd_step_from_the_one_neuron_example():
    w = np.array([0.5])
    SGD([w], lr=0.1).step([np.array([G1])])
    assert round(float(w[0]), 4) == 0.4854


def test_first_adam_step_from_rest_moves_eta():
    w = np.array([0.5])
    opt = Adam([w], lr=0.1)
    opt.step([np.array([G1])])
    assert opt.t == 1
    assert opt.m[0][0] == pytest.approx(0.01463, rel=1e-12)
    assert round(float(opt.v[0][0]), 7) == 2.14e-5
    m_hat, v_hat = opt.m[0][0] / (1 - 0.9), opt.v[0][0] / (1 - 0.999)
    assert m_hat == pytest.approx(G1, rel=1e-12) and v_hat == pytest.approx(G1**2, rel=1e-12)
    assert 0.5 - w[0] == pytest.approx(0.1, abs=1e-7)  # eps = 1e-8 shaves off ~7e-9
    assert round(float(0.5 - w[0]), 4) == 0.1


# --- recurrences written out ----------------------------------------------------------------


def _random_gradients(rng, shapes, steps):
    return [[rng.normal(size=s) for s in shapes] for _ in range(steps)]


def test_sgd_follows_theta_minus_eta_g():
    rng = np.random.default_rng(0)
    theta = rng.normal(size=(3, 2))
    start = theta.copy()
    grads = _random_gradients(rng, [(3, 2)], 5)
    opt = SGD([theta], lr=0.05)
    for g in grads:
        opt.step(g)
    np.testing.assert_allclose(theta, start - 0.05 * sum(g[0] for g in grads), rtol=1e-13)
    assert opt.t == 5


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_follows_the_written_recurrence(nesterov):
    rng = np.random.default_rng(1)
    theta = rng.normal(size=4)
    expected, v = theta.copy(), np.zeros(4)
    opt = Momentum([theta], lr=0.1, beta=0.8, nesterov=nesterov)
    for (g,) in _random_gradients(rng, [(4,)], 6):
        v = 0.8 * v + g
        expected = expected - 0.1 * ((g + 0.8 * v) if nesterov else v)
        opt.step([g])
        np.testing.assert_allclose(opt.velocities[0], v, rtol=1e-13)
    np.testing.assert_allclose(theta, expected, rtol=1e-13)


def test_momentum_with_beta_zero_is_sgd():
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=5), None
    b = a.copy()
    heavy, plain = Momentum([a], lr=0.3, beta=0.0), SGD([b], lr=0.3)
    for (g,) in _random_gradients(rng, [(5,)], 4):
        heavy.step([g])
        plain.step([g])
    np.testing.assert_array_equal(a, b)


def test_adam_follows_the_textbook_formula_coordinate_by_coordinate():
    rng = np.random.default_rng(3)
    theta = rng.normal(size=3)
    expected = [float(x) for x in theta]
    m, v = [0.0] * 3, [0.0] * 3
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    opt = Adam([theta], lr=lr, beta1=b1, beta2=b2, eps=eps)
    for t, (g,) in enumerate(_random_gradients(rng, [(3,)], 10), start=1):
        for i in range(3):
            m[i] = b1 * m[i] + (1 - b1) * g[i]
            v[i] = b2 * v[i] + (1 - b2) * g[i] ** 2
            m_hat, v_hat = m[i] / (1 - b1**t), v[i] / (1 - b2**t)
            expected[i] -= lr * m_hat / (math.sqrt(v_hat) + eps)
        opt.step([g])
    np.testing.assert_allclose(theta, expected, rtol=1e-13)
    np.testing.assert_allclose(opt.m[0], m, rtol=1e-13)
    np.testing.assert_allclose(opt.v[0], v, rtol=1e-13)


def test_adam_equals_sklearn_when_eps_is_zero():
    # With eps = 0 the textbook form and scikit-learn's folded form are the same
    # update; with eps > 0 they differ in how eps is scaled (see Adam's docstring).
    rng = np.random.default_rng(4)
    shapes = [(3, 2), (3,)]
    ours = [rng.normal(size=s) for s in shapes]
    theirs = [p.copy() for p in ours]
    opt = Adam(ours, lr=0.01, eps=0.0)
    reference = AdamOptimizer(theirs, learning_rate_init=0.01, epsilon=0.0)
    for grads in _random_gradients(rng, shapes, 8):
        opt.step(grads)
        reference.update_params(theirs, grads)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_adam_with_eps_matches_sklearn_with_eps_rescaled_in_the_first_step():
    # scikit-learn's eps enters before the bias correction: at step t it acts like a
    # textbook eps of eps_sklearn / sqrt(1 - beta2^t). Rescaled, the two agree.
    g = [np.array([1e-6, -3e-7, 2.0])]
    ours, theirs = [np.zeros(3)], [np.zeros(3)]
    Adam(ours, lr=0.1, eps=1e-6).step(g)
    AdamOptimizer(theirs, learning_rate_init=0.1, epsilon=1e-6 * math.sqrt(1 - 0.999)) \
        .update_params(theirs, g)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-12)


# --- a network's own arrays, updated in place --------------------------------------------


@pytest.mark.parametrize("make", [
    lambda p: SGD(p, lr=0.1),
    lambda p: Momentum(p, lr=0.1, nesterov=True),
    lambda p: Adam(p, lr=0.01),
])
def test_network_parameters_update_like_separate_arrays(make):
    rng = np.random.default_rng(5)
    net = MLP([3, 4, 2], rng=rng)
    separate = [p.copy() for p in net.params()]
    live_opt, separate_opt = make(net.params()), make(separate)
    for _ in range(4):
        grads = net.grads()
        for g in grads:
            g[...] = rng.normal(size=g.shape)  # write into the network's gradient arrays
        live_opt.step(grads)
        separate_opt.step([g.copy() for g in grads])
    for a, b, layer_param in zip(net.params(), separate, net.params(), strict=True):
        np.testing.assert_array_equal(a, b)
        assert a is layer_param  # the model sees the update


def test_adam_state_lists_are_per_parameter():
    net = MLP([3, 4, 2], rng=np.random.default_rng(0))
    opt = Adam(net.params())
    assert [m.shape for m in opt.m] == [p.shape for p in net.params()]
    assert [v.shape for v in opt.v] == [p.shape for p in net.params()]
    opt.step([np.ones_like(p) for p in net.params()])
    np.testing.assert_allclose(opt.m[2], 0.1)
    assert repr(opt) == "Adam(lr=0.001, t=1)"


# --- 2-D trajectories (chapter 6) -------------------------------------------------------------


@pytest.mark.parametrize("make", [
    lambda p: SGD(p, lr=0.05),
    lambda p: Momentum(p, lr=0.02, beta=0.9),
    lambda p: Adam(p, lr=0.1),
])
def test_optimizers_descend_an_elongated_bowl(make):
    theta = np.array([2.0, -1.5])
    scales = np.array([1.0, 10.0])  # f = (x^2 + 10 y^2) / 2
    opt = make([theta])
    path = [theta.copy()]
    for _ in range(300):
        opt.step([scales * theta])
        path.append(theta.copy())
    assert np.linalg.norm(path[-1]) < 0.05 * np.linalg.norm(path[0])
    assert len({tuple(p) for p in path}) > 10  # really moved, step by step


def test_integer_gradients_are_accepted():
    theta = np.array([1.0, 1.0])
    SGD([theta], lr=0.5).step([[1, 2]])
    np.testing.assert_array_equal(theta, [0.5, 0.0])


# --- properties ---------------------------------------------------------------------------------

_finite = st.floats(-1e3, 1e3, allow_nan=False)


@given(st.lists(_finite, min_size=1, max_size=6), st.lists(_finite, min_size=1, max_size=6))
def test_sgd_with_zero_learning_rate_changes_nothing(values, grads):
    n = min(len(values), len(grads))
    theta = np.array(values[:n])
    before = theta.copy()
    for make in (SGD, Momentum, Adam):
        make([theta], lr=0.0).step([np.array(grads[:n])])
    np.testing.assert_array_equal(theta, before)


@given(
    st.lists(st.floats(1e-4, 1e4) | st.floats(-1e4, -1e-4) | st.just(0.0), min_size=1,
             max_size=8),
    st.floats(1e-4, 1.0),
)
def test_first_adam_step_is_exactly_eta_per_coordinate(gradient, lr):
    g = np.array(gradient)
    theta = np.zeros_like(g)
    Adam([theta], lr=lr, eps=0.0).step([g])
    np.testing.assert_allclose(theta, -lr * np.sign(g), rtol=1e-12, atol=0)


@given(st.floats(1e-3, 1e3), st.floats(1e-4, 1.0))
def test_first_adam_step_with_small_eps_is_eta_to_eps_over_g(g, lr):
    theta = np.zeros(1)
    Adam([theta], lr=lr, eps=1e-8).step([np.array([g])])
    assert -theta[0] == pytest.approx(lr, rel=1e-8 / g * 1.01 + 1e-13)


# --- bad input -----------------------------------------------------------------------------------


def test_wrong_number_of_gradients():
    opt = SGD([np.zeros(2), np.zeros(3)], lr=0.1)
    with pytest.raises(ValueError, match="got 1 gradients for 2 parameters"):
        opt.step([np.zeros(2)])


def test_wrong_gradient_shape_names_index_and_shapes():
    opt = Adam([np.zeros(2), np.zeros((3, 4))])
    with pytest.raises(ValueError, match=r"grads\[1\] has shape \(4, 3\) but params\[1\] has "
                                         r"shape \(3, 4\)"):
        opt.step([np.zeros(2), np.zeros((4, 3))])


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_gradients_are_refused(bad):
    theta = np.zeros(3)
    opt = Momentum([theta], lr=0.1)
    with pytest.raises(ValueError, match=r"grads\[0\] must be finite, but grads\[0\]\[1\]"):
        opt.step([np.array([0.0, bad, 1.0])])
    np.testing.assert_array_equal(theta, 0.0)  # nothing moved
    assert opt.t == 0


def test_non_finite_gradients_in_a_network_buffer_are_refused():
    net = MLP([2, 2, 2], rng=np.random.default_rng(0))
    opt = Adam(net.params())
    opt.step(net.grads())
    net.grads()[3][1] = np.nan
    with pytest.raises(ValueError, match=r"grads\[3\] must be finite"):
        opt.step(net.grads())


def test_non_numeric_gradients_are_a_type_error():
    with pytest.raises(TypeError, match=r"grads\[0\] must hold real numbers"):
        SGD([np.zeros(2)], lr=0.1).step([np.array(["a", "b"])])


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: SGD([np.zeros(2)], lr=-0.1), ValueError, r"lr must lie in \[0.0, inf\), got -0.1"),
        (lambda: SGD([np.zeros(2)], lr=float("nan")), ValueError, "lr must be"),
        (lambda: SGD([np.zeros(2)], lr="fast"), TypeError, "lr must be a real number"),
        (lambda: Momentum([np.zeros(2)], lr=0.1, beta=1.0), ValueError,
         r"beta must lie in \[0.0, 1.0\), got 1.0"),
        (lambda: Adam([np.zeros(2)], beta1=-0.1), ValueError, "beta1 must lie in"),
        (lambda: Adam([np.zeros(2)], beta2=1.0), ValueError, "beta2 must lie in"),
        (lambda: Adam([np.zeros(2)], eps=-1.0), ValueError, "eps must lie in"),
        (lambda: SGD([], lr=0.1), ValueError, "params is empty"),
        (lambda: Momentum([np.zeros(2)], lr=0.1, nesterov="yes"), TypeError,
         "nesterov must be True or False"),
        (lambda: SGD(np.zeros(2), lr=0.1), TypeError, r"for a single array theta pass \[theta\]"),
        (lambda: SGD([np.zeros(2, dtype=int)], lr=0.1), TypeError,
         r"params\[0\] must be a float NumPy array"),
        (lambda: SGD([[0.0, 1.0]], lr=0.1), TypeError, r"params\[0\] must be a float NumPy array"),
    ],
)
def test_bad_settings(make, error, message):
    with pytest.raises(error, match=message):
        make()


# --- regressions of the fuzz (issue 8) -----------------------------------------------------


def test_empty_gradient_list_is_a_clear_error():
    # SGD([p], 0.1).step([]) once failed inside zip.
    theta = np.zeros(2)
    opt = SGD([theta], lr=0.1)
    with pytest.raises(ValueError, match="got 0 gradients for 1 parameters"):
        opt.step([])
    with pytest.raises(TypeError, match="grads must be a list with one array per parameter"):
        opt.step(np.ones(2))
    assert opt.t == 0


def test_a_parameter_passed_twice_is_refused():
    # SGD([p, p], ...) once updated p twice per step, silently.
    p = np.zeros(3)
    with pytest.raises(ValueError, match=r"params\[1\] and params\[0\] are the same array"):
        SGD([p, p], lr=0.1)
    with pytest.raises(ValueError, match=r"params\[1\] and params\[0\] .* overlap"):
        Adam([p, p[1:]])
    whole = np.zeros(6)
    Adam([whole[:3], whole[3:]])  # neighbouring slices of one array are fine


def test_a_read_only_parameter_is_refused_up_front():
    # Once failed deep inside NumPy at the first step.
    p = np.zeros(3)
    p.flags.writeable = False
    with pytest.raises(ValueError, match=r"params\[0\] is read-only"):
        Momentum([p], lr=0.1)


def test_ragged_and_boolean_gradients_are_refused():
    opt = SGD([np.zeros((2, 2))], lr=0.1)
    with pytest.raises(ValueError, match=r"grads\[0\] is a ragged list"):
        opt.step([[[1.0, 2.0], [3.0]]])
    with pytest.raises(TypeError, match=r"grads\[0\] must hold real numbers, got dtype bool"):
        opt.step([np.ones((2, 2), dtype=bool)])


# --- AdamW: decoupled weight decay (chapter 6) ---------------------------------------------
from lib.optim import AdamW, clip_grad_norm  # noqa: E402


def test_adamw_follows_its_formula_written_out():
    rng = np.random.default_rng(10)
    shapes = [(3, 2), (3,)]
    params = [rng.normal(size=s) for s in shapes]
    expected = [p.copy() for p in params]
    m, v = [np.zeros(s) for s in shapes], [np.zeros(s) for s in shapes]
    lr, b1, b2, eps, wd = 0.01, 0.9, 0.999, 1e-8, 0.1
    opt = AdamW(params, lr=lr, weight_decay=wd)
    for t, grads in enumerate(_random_gradients(rng, shapes, 7), start=1):
        for k, g in enumerate(grads):
            m[k] = b1 * m[k] + (1 - b1) * g
            v[k] = b2 * v[k] + (1 - b2) * g**2
            m_hat, v_hat = m[k] / (1 - b1**t), v[k] / (1 - b2**t)
            decay = wd * expected[k] if k == 0 else 0.0  # the matrix only, not the bias
            expected[k] = expected[k] - lr * (m_hat / (np.sqrt(v_hat) + eps) + decay)
        opt.step(grads)
    for ours, theirs in zip(params, expected, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-13)
    assert opt.decay == [True, False]


def test_adamw_without_decay_is_adam():
    rng = np.random.default_rng(11)
    a = [rng.normal(size=(2, 2)), rng.normal(size=2)]
    b = [p.copy() for p in a]
    decoupled, plain = AdamW(a, lr=0.05, weight_decay=0.0), Adam(b, lr=0.05)
    for grads in _random_gradients(rng, [(2, 2), (2,)], 5):
        decoupled.step(grads)
        plain.step(grads)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)


def test_decoupled_decay_ignores_the_gradient_scale_but_coupled_l2_does_not():
    # Two weights with noisy gradients, one 100 times larger than the other. AdamW
    # shrinks both by the same factor (1 - lr wd) per step. Adam on g + wd w divides
    # the decay term by sqrt(v_hat) too, so the weight with the small gradients is
    # pulled towards zero far harder than the one with large gradients.
    rng = np.random.default_rng(14)
    lr, wd, steps = 0.01, 0.05, 50
    grads = [rng.normal(size=(1, 2)) * [[1.0, 0.01]] for _ in range(steps)]
    start = np.array([[1.0, 1.0]])
    w_decoupled, w_plain, w_coupled = start.copy(), start.copy(), start.copy()
    decoupled = AdamW([w_decoupled], lr=lr, weight_decay=wd)
    plain, coupled = Adam([w_plain], lr=lr), Adam([w_coupled], lr=lr)
    for g in grads:
        decoupled.step([g])
        plain.step([g])
        coupled.step([g + wd * w_coupled])
    # AdamW: the decay's share of the change is the same for both weights, close to
    # (1 - lr wd)^steps - 1 (exactly that if the weights stayed at 1).
    decay_share = (w_decoupled - w_plain)[0]
    assert decay_share[0] == pytest.approx(decay_share[1], rel=0.05)
    assert decay_share[1] == pytest.approx((1 - lr * wd) ** steps - 1, rel=0.05)
    # coupled L2 under Adam: many times more decay where the gradients are small
    coupled_share = (w_coupled - w_plain)[0]
    assert coupled_share[1] < 5 * coupled_share[0] < 0


def test_with_sgd_coupled_l2_is_decoupled_decay():
    # W <- W - lr (g + wd W) = (1 - lr wd) W - lr g: on plain gradient descent the two agree.
    rng = np.random.default_rng(12)
    W, g = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    coupled = W.copy()
    SGD([coupled], lr=0.1).step([g + 0.2 * coupled])
    np.testing.assert_allclose(coupled, (1 - 0.1 * 0.2) * W - 0.1 * g, rtol=1e-14)


def test_adamw_decay_flags_choose_the_parameters():
    W, b = np.ones((2, 2)), np.ones(2)
    AdamW([W, b], lr=0.1, weight_decay=1.0, decay=[False, True]).step(
        [np.zeros((2, 2)), np.zeros(2)])
    np.testing.assert_array_equal(W, 1.0)
    np.testing.assert_allclose(b, 0.9, rtol=1e-15)  # (1 - lr wd) with no gradient
    assert "weight_decay=1" in repr(AdamW([W], lr=0.1, weight_decay=1.0))


def test_adamw_trains_a_network_with_its_matrices_decayed():
    net = MLP([3, 4, 2], rng=0)
    opt = AdamW(net.params(), lr=0.01)
    assert opt.decay == [True, False, True, False]


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: AdamW([np.zeros(2)], weight_decay=-0.1), ValueError, "weight_decay must lie in"),
    (lambda: AdamW([np.zeros(2)], lr=10.0, weight_decay=0.1), ValueError,
     "lr \\* weight_decay = 1 must be below 1"),
    (lambda: AdamW([np.zeros(2)], decay=[True, False]), ValueError,
     "decay has 2 entries for 1 parameters"),
    (lambda: AdamW([np.zeros(2)], decay="all"), TypeError, "decay must be a list"),
    (lambda: AdamW([np.zeros(2)], decay=[1]), TypeError, r"decay\[0\] must be True or False"),
    (lambda: AdamW(np.zeros(2)), TypeError, r"pass \[theta\]"),
])
def test_adamw_rejects_bad_settings(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --- clip_grad_norm ------------------------------------------------------------------------


def test_clip_grad_norm_by_hand_3_4_5():
    g = [np.array([3.0]), np.array([[4.0]])]
    assert clip_grad_norm(g, max_norm=1.0) == 5.0
    np.testing.assert_allclose(g[0], [0.6], rtol=1e-15)
    np.testing.assert_allclose(g[1], [[0.8]], rtol=1e-15)


def test_clip_grad_norm_matches_numpy_linalg_norm():
    rng = np.random.default_rng(13)
    grads = [rng.normal(size=s) for s in [(4, 3), (4,), (2, 4), (2,)]]
    flat = np.concatenate([g.ravel() for g in grads])
    original = [g.copy() for g in grads]
    norm = clip_grad_norm(grads, max_norm=0.5)
    assert norm == pytest.approx(np.linalg.norm(flat), rel=1e-14)
    clipped = np.concatenate([g.ravel() for g in grads])
    assert np.linalg.norm(clipped) == pytest.approx(0.5, rel=1e-14)
    for a, b in zip(grads, original, strict=True):  # one factor for every array
        np.testing.assert_allclose(a, b * 0.5 / norm, rtol=1e-14)


def test_short_gradients_are_left_alone():
    g = [np.array([0.3, -0.4])]
    assert clip_grad_norm(g, max_norm=1.0) == pytest.approx(0.5, rel=1e-15)
    np.testing.assert_array_equal(g[0], [0.3, -0.4])
    zero = [np.zeros(3)]
    assert clip_grad_norm(zero, max_norm=1.0) == 0.0


def test_huge_gradients_do_not_overflow_the_norm():
    g = [np.array([3e200]), np.array([4e200])]
    assert clip_grad_norm(g, max_norm=1.0) == pytest.approx(math.hypot(3e200, 4e200), rel=1e-14)
    np.testing.assert_allclose(np.concatenate(g), [0.6, 0.8], rtol=1e-14)
    tiny = [np.array([3e-200, 4e-200])]  # squares that underflow to 0
    assert clip_grad_norm(tiny, max_norm=1.0) == pytest.approx(5e-200, rel=1e-14)


@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=12), st.floats(1e-3, 1e3))
def test_clipped_norm_is_at_most_max_norm_and_the_direction_is_kept(values, max_norm):
    g = np.array(values)
    original = g.copy()
    norm = clip_grad_norm([g], max_norm)
    assert norm == pytest.approx(math.hypot(*values), rel=1e-12, abs=1e-300)
    assert np.linalg.norm(g) <= max_norm * (1 + 1e-12)
    if norm > 0:
        np.testing.assert_allclose(g * norm, original * min(norm, max_norm), rtol=1e-12,
                                   atol=1e-300)


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: clip_grad_norm([np.ones(2)], 0.0), ValueError, "max_norm must lie in"),
    (lambda: clip_grad_norm([np.ones(2)], None), TypeError, "max_norm must be a real"),
    (lambda: clip_grad_norm(np.ones(2), 1.0), TypeError, "grads must be a list"),
    (lambda: clip_grad_norm([[1.0, 2.0]], 1.0), TypeError, r"grads\[0\] must be a float"),
    (lambda: clip_grad_norm([np.array([1.0, np.nan])], 1.0), ValueError,
     r"grads\[0\] must be finite"),
    (lambda: clip_grad_norm([], 1.0), ValueError, "grads is empty"),
])
def test_clip_grad_norm_rejects_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
