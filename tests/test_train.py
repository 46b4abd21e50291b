"""Tests for lib.train: the training loss is lib.losses' loss, seeded runs repeat
exactly, the digits are learned, early stopping restores the best parameters, and
bad input is refused with messages that name the values."""

import numpy as np
import pytest

from lib import losses
from lib.data import load_digits_split, moons, nonlinear_1d, xor
from lib.network import MLP
from lib.optim import SGD, Adam
from lib.train import History, evaluate, train


@pytest.fixture(scope="module")
def digits():
    return load_digits_split(seed=0)


def _small_problem(seed=0):
    rng = np.random.default_rng(seed)
    X, y = moons(n=60, noise=0.2, rng=rng)
    return X, y, rng


# --- the training loss is lib.losses' loss ---------------------------------------------


@pytest.mark.parametrize(("loss", "sizes", "reference"), [
    ("softmax_cross_entropy", [2, 4, 3], losses.softmax_cross_entropy),
    ("binary_cross_entropy", [2, 4, 1], losses.binary_cross_entropy_with_logits),
    ("mse", [2, 4, 3], losses.mse),
])
def test_training_loss_of_a_full_batch_is_the_lib_losses_value(loss, sizes, reference):
    # One full-batch epoch with lr = 0: the recorded loss is the loss of the
    # starting network, computed by the public function of lib.losses.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(9, 2))
    y = (rng.normal(size=(9, 3)) if loss == "mse"
         else rng.integers(0, sizes[-1] if sizes[-1] > 1 else 2, size=9))
    net = MLP(sizes, rng=rng)
    logits = net.forward(X)
    expected, _ = reference(logits, y)
    history = train(net, X, y, optimizer=SGD(net.params(), lr=0.0), epochs=1, batch_size=9,
                    rng=rng, loss=loss)
    assert history.train_loss[0] == pytest.approx(expected, rel=1e-13)
    assert evaluate(net, X, y, loss=loss)[0] == pytest.approx(expected, rel=1e-13)


# --- what train does ------------------------------------------------------------------------


def test_one_full_batch_sgd_step_is_gradient_descent_with_l2():
    X, y, rng = _small_problem()
    net = MLP([2, 5, 2], rng=rng)
    start = [p.copy() for p in net.params()]
    loss, dlogits = losses.softmax_cross_entropy(net.forward(X), y)
    grads = net.backward(dlogits)
    _, l2_grads = losses.l2_penalty([start[0], start[2]], 0.1)
    grads[0] += l2_grads[0]
    grads[2] += l2_grads[1]  # weights only; the biases get no L2 term
    history = train(net, X, y, optimizer=SGD(net.params(), lr=0.5), epochs=1,
                    batch_size=len(X), rng=rng, l2=0.1)
    for p, p0, g in zip(net.params(), start, grads, strict=True):
        np.testing.assert_allclose(p, p0 - 0.5 * g, rtol=1e-12, atol=1e-15)
    assert history.train_loss[0] == pytest.approx(loss, rel=1e-12)
    penalty = 0.05 * sum(float(np.sum(p**2)) for p in net.params()[::2])
    assert history.penalty[0] == pytest.approx(penalty, rel=1e-12)


def test_seeded_runs_repeat_exactly():
    X, y, _ = _small_problem()
    results = []
    for _ in range(2):
        rng = np.random.default_rng(42)
        net = MLP([2, 8, 2], rng=rng)
        history = train(net, X, y, optimizer=Adam(net.params(), lr=0.01), epochs=5,
                        batch_size=16, rng=rng, X_val=X[:10], y_val=y[:10])
        results.append((history, [p.copy() for p in net.params()]))
    (h1, p1), (h2, p2) = results
    assert h1 == h2
    for a, b in zip(p1, p2, strict=True):
        np.testing.assert_array_equal(a, b)
    rng = np.random.default_rng(43)  # another seed, another run
    net = MLP([2, 8, 2], rng=rng)
    h3 = train(net, X, y, optimizer=Adam(net.params(), lr=0.01), epochs=5, batch_size=16, rng=rng)
    assert h3.train_loss != h1.train_loss


def test_digits_reach_97_percent_in_a_short_run(digits):
    X_train, X_test, y_train, y_test = digits
    rng = np.random.default_rng(0)
    net = MLP([64, 64, 10], rng=rng)
    history = train(net, X_train, y_train, optimizer=Adam(net.params(), lr=1e-2), epochs=10,
                    batch_size=32, rng=rng, X_val=X_test, y_val=y_test)
    test_loss, test_acc = evaluate(net, X_test, y_test)
    assert test_acc >= 0.97
    assert test_acc == history.val_acc[-1] and test_loss == history.val_loss[-1]
    assert history.train_loss[-1] < history.train_loss[0] / 5
    assert history.epochs_run == 10 and len(history.train_acc) == 10
    assert history.best_epoch == int(np.argmin(history.val_loss)) + 1


def test_early_stopping_restores_the_best_parameters():
    rng = np.random.default_rng(0)
    X, y = moons(n=40, noise=0.35, rng=rng)
    X_val, y_val = moons(n=200, noise=0.35, rng=rng)

    def run(epochs, patience):
        run_rng = np.random.default_rng(7)
        net = MLP([2, 64, 64, 2], rng=run_rng)
        history = train(net, X, y, optimizer=Adam(net.params(), lr=0.02), epochs=epochs,
                        batch_size=8, rng=run_rng, X_val=X_val, y_val=y_val, patience=patience)
        return net, history

    net, history = run(epochs=300, patience=5)
    assert history.epochs_run < 300  # it overfits, so it stopped early
    assert history.epochs_run == history.best_epoch + 5
    assert history.val_loss[history.best_epoch - 1] == min(history.val_loss)
    # The same seeded run stopped by hand at the best epoch has the same parameters.
    reference, _ = run(epochs=history.best_epoch, patience=None)
    for a, b in zip(net.params(), reference.params(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert evaluate(net, X_val, y_val)[0] == pytest.approx(min(history.val_loss), rel=1e-12)


def test_binary_cross_entropy_with_one_output_learns_xor():
    X, y = xor()
    rng = np.random.default_rng(0)
    net = MLP([2, 8, 1], activation="tanh", rng=rng)
    history = train(net, X, y, optimizer=Adam(net.params(), lr=0.05), epochs=300, batch_size=4,
                    rng=rng, loss="binary_cross_entropy")
    np.testing.assert_array_equal(net.predict(X), y)
    assert history.train_acc[-1] == 1.0
    assert evaluate(net, X, y, loss="binary_cross_entropy")[0] == pytest.approx(
        losses.binary_cross_entropy_with_logits(net.forward(X), y)[0])


def test_mse_regression_fits_the_curve():
    rng = np.random.default_rng(3)
    X, y = nonlinear_1d(120, rng=rng)
    net = MLP([1, 16, 1], activation="tanh", rng=rng)
    history = train(net, X, y, optimizer=Adam(net.params(), lr=0.02), epochs=300,
                    batch_size=32, rng=rng, loss="mse")
    # the noise variance is 0.15^2 = 0.0225; y itself varies about 0.54
    assert history.train_loss[-1] < 0.2 * np.var(y)
    assert history.train_acc == [] and history.val_acc == []
    assert evaluate(net, X, y, loss="mse")[1] is None


def test_progress_bar_runs(capsys):
    X, y, rng = _small_problem()
    net = MLP([2, 4, 2], rng=rng)
    history = train(net, X, y, optimizer=SGD(net.params(), lr=0.1), epochs=2, batch_size=10,
                    rng=rng, progress=True)
    assert isinstance(history, History) and history.epochs_run == 2


# --- bad input -------------------------------------------------------------------------------


def _args(net, generator, **changes):
    arguments = dict(optimizer=SGD(net.params(), lr=0.1), epochs=1, batch_size=8, rng=generator)
    arguments.update(changes)
    return arguments


def test_labels_outside_the_classes():
    X, y, rng = _small_problem()
    net = MLP([2, 3, 2], rng=rng)
    bad = y.copy()
    bad[4] = 2
    with pytest.raises(ValueError, match=r"y must lie in \[0, 2\), found 2"):
        train(net, X, bad, **_args(net, rng))
    with pytest.raises(ValueError, match=r"y must lie in \[0, 2\), found -1"):
        train(net, X, bad - 3 * (bad == 2), **_args(net, rng))
    with pytest.raises(ValueError, match=r"y_val must lie in \[0, 2\), found 5"):
        train(net, X, y, X_val=X[:2], y_val=[0, 5], **_args(net, rng))


def test_shape_mismatches():
    X, y, rng = _small_problem()
    net = MLP([2, 3, 2], rng=rng)
    with pytest.raises(ValueError, match=r"expects X with 2 features .* got shape \(60, 3\)"):
        train(net, np.ones((60, 3)), y, **_args(net, rng))
    with pytest.raises(ValueError, match="y has 59 entries but the batch has 60 examples"):
        train(net, X, y[:-1], **_args(net, rng))
    with pytest.raises(ValueError, match=r"y has shape \(60, 1\) but the model's outputs have "
                                         r"shape \(60, 2\)"):
        train(net, X, np.ones((60, 1)), **_args(net, rng, loss="mse"))
    with pytest.raises(ValueError, match="binary_cross_entropy needs 1 output"):
        train(net, X, y, **_args(net, rng, loss="binary_cross_entropy"))
    one = MLP([2, 1], rng=rng)
    with pytest.raises(ValueError, match="softmax_cross_entropy needs at least 2 outputs"):
        train(one, X, y, **_args(one, rng))


def test_bad_values_and_types():
    X, y, rng = _small_problem()
    net = MLP([2, 3, 2], rng=rng)
    X_nan = X.copy()
    X_nan[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"X must be finite, but X\[3, 1\] = nan"):
        train(net, X_nan, y, **_args(net, rng))
    with pytest.raises(TypeError, match="y must be integer class indices"):
        train(net, X, y + 0.5, **_args(net, rng))
    with pytest.raises(TypeError, match="X must hold real numbers"):
        train(net, X.astype(str), y, **_args(net, rng))


def test_bad_settings():
    X, y, rng = _small_problem()
    net = MLP([2, 3, 2], rng=rng)
    other = MLP([2, 3, 2], rng=rng)
    with pytest.raises(ValueError, match="does not hold this model's parameter arrays"):
        train(net, X, y, **_args(net, rng, optimizer=SGD(other.params(), lr=0.1)))
    with pytest.raises(ValueError, match="does not hold this model's parameter arrays"):
        train(net, X, y, **_args(net, rng, optimizer=SGD([p.copy() for p in net.params()],
                                                          lr=0.1)))
    with pytest.raises(TypeError, match="optimizer must be a lib.optim optimizer"):
        train(net, X, y, **_args(net, rng, optimizer="adam"))
    with pytest.raises(ValueError, match="epochs must be an integer >= 1, got 0"):
        train(net, X, y, **_args(net, rng, epochs=0))
    with pytest.raises(TypeError, match=r"batch_size must be an integer, got 2.5 \(float\)"):
        train(net, X, y, **_args(net, rng, batch_size=2.5))
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator or an int seed"):
        train(net, X, y, **_args(net, rng, rng=None))
    with pytest.raises(ValueError, match=r"l2 must lie in \[0.0, inf\), got -1"):
        train(net, X, y, **_args(net, rng, l2=-1))
    with pytest.raises(ValueError,
                       match="loss must be one of 'softmax_cross_entropy'.*got 'hinge'"):
        train(net, X, y, **_args(net, rng, loss="hinge"))
    with pytest.raises(ValueError, match="patience .* needs a validation set"):
        train(net, X, y, **_args(net, rng, patience=3))
    with pytest.raises(ValueError, match="pass both X_val and y_val"):
        train(net, X, y, **_args(net, rng, X_val=X))


def test_divergence_is_reported():
    X, y, rng = _small_problem()
    net = MLP([2, 16, 2], rng=rng)
    with pytest.raises(ValueError, match="diverged"):
        train(net, 1e3 * X, y, **_args(net, rng, optimizer=SGD(net.params(), lr=1e6), epochs=20))



def test_an_int_seed_is_accepted_like_its_generator():
    # The one rng rule: train accepts what MLP and the data loaders accept.
    runs = []
    for rng in (7, np.random.default_rng(7)):
        X, y, _ = _small_problem()
        net = MLP([2, 4, 2], rng=0)
        runs.append(train(net, X, y, **_args(net, rng)).train_loss)
    assert runs[0] == runs[1]


# -- learning_rate_curves (chapter 5's learning-rate lab) --------------------------------
from lib.train import DIVERGED_LOSS, LEARNING_RATES, learning_rate_curves  # noqa: E402


def test_learning_rates_are_nine_half_decades():
    np.testing.assert_allclose(np.log10(LEARNING_RATES), np.arange(-3, 1.01, 0.5))


def test_curves_show_the_three_regimes():
    curves = learning_rate_curves()
    assert curves.epochs == 40 and curves.train_loss.shape == (9, 41)
    last = curves.train_loss[:, -1]
    assert last[0] > 1.5 and last[4] < 0.05 and curves.val_acc[4, -1] > 0.9
    assert curves.diverged_at.tolist() == [-1] * 7 + [1, 1]
    assert np.all(curves.train_loss[7:, 1] > DIVERGED_LOSS)
    assert np.all(np.isnan(curves.train_loss[7:, 2:]))
    assert LEARNING_RATES[int(np.nanargmin(curves.val_loss[:, -1]))] == pytest.approx(0.1)
    assert learning_rate_curves() is curves  # cached
    with pytest.raises(ValueError):
        curves.train_loss[0, 0] = 1.0  # read-only, shared by every caller


def test_curves_equal_one_long_training_run():
    from lib.data import digits_subset
    from lib.network import MLP
    from lib.optim import SGD

    curves = learning_rate_curves([0.1], epochs=3, hidden=8, n_train=60, n_val=30)
    X, y, X_val, y_val = digits_subset(60, 30)
    model = MLP([64, 8, 10], rng=np.random.default_rng(0))
    fresh = evaluate(model, X, y)
    history = train(model, X, y, optimizer=SGD(model.params(), lr=0.1), epochs=3,
                    batch_size=32, rng=np.random.default_rng(1), X_val=X_val, y_val=y_val)
    assert curves.train_loss[0, 0] == pytest.approx(fresh[0], rel=1e-12)
    np.testing.assert_allclose(curves.train_loss[0, 1:], history.train_loss, rtol=1e-12)
    np.testing.assert_allclose(curves.val_acc[0, 1:], history.val_acc)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"learning_rates": [0.1, -1.0]}, "learning_rates must be positive"),
    ({"learning_rates": []}, "learning_rates must be positive"),
    ({"learning_rates": [0.1, float("nan")]}, "learning_rates"),
    ({"epochs": 0}, "epochs must be an integer"),
    ({"hidden": 2.5}, "hidden must be an integer"),
    ({"seed": -1}, "seed must be an integer"),
])
def test_curves_reject_bad_input(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        learning_rate_curves(**kwargs)


@pytest.mark.parametrize("make", [
    lambda p: SGD(p, lr=0.1),
    lambda p: Adam(p, lr=0.01),
])
def test_an_optimizer_on_the_parameter_vector_trains_identically(make):
    # Every rule of lib.optim is entry by entry: one flat vector or four arrays,
    # the same numbers (the vector only saves NumPy calls).
    X, y, _ = _small_problem()
    nets = [MLP([2, 5, 2], rng=3) for _ in range(2)]
    histories = [
        train(net, X, y, optimizer=make(params), epochs=3, batch_size=8, rng=1, l2=0.01)
        for net, params in zip(nets, (nets[0].params(), [nets[1].parameter_vector]),
                               strict=True)
    ]
    assert histories[0].train_loss == histories[1].train_loss
    for a, b in zip(nets[0].params(), nets[1].params(), strict=True):
        np.testing.assert_array_equal(a, b)


# --- Sequential networks, training/evaluation modes, clipping (chapter 6) ---------------
from lib.layers import Activation, Dense, Dropout  # noqa: E402
from lib.network import Sequential  # noqa: E402
from lib.normalization import BatchNorm, LayerNorm  # noqa: E402
from lib.optim import AdamW  # noqa: E402


class _ModeSpy(Dropout):
    """A dropout layer that drops nothing and records the mode of every forward pass."""

    def __init__(self):
        super().__init__(0.0, rng=0)
        self.seen = []

    def _forward(self, X):
        self.seen.append(self.training)
        return super()._forward(X)


def test_train_steps_in_training_mode_and_evaluates_in_evaluation_mode():
    X, y, rng = _small_problem()
    spy = _ModeSpy()
    net = Sequential([Dense(2, 4, rng=rng), spy, Activation("relu"), Dense(4, 2, rng=rng)])
    train(net, X, y, optimizer=SGD(net.params(), lr=0.1), epochs=2, batch_size=20, rng=rng,
          X_val=X[:10], y_val=y[:10])
    # each epoch: 3 steps (60 examples in batches of 20), then one validation pass
    assert spy.seen == [True, True, True, False] * 2
    assert net.training is False  # left in evaluation mode
    net.training = True
    evaluate(net, X, y)
    assert spy.seen[-1] is False and net.training is True  # evaluate restores the mode


def test_a_sequential_of_dense_layers_trains_exactly_like_the_mlp():
    X, y, _ = _small_problem()
    mlp = MLP([2, 6, 2], rng=3)
    net = Sequential([Dense.from_arrays(mlp.dense_layers[0].W, mlp.dense_layers[0].b),
                      Activation("relu"),
                      Dense.from_arrays(mlp.dense_layers[1].W, mlp.dense_layers[1].b)])
    h_mlp = train(mlp, X, y, optimizer=Adam(mlp.params(), lr=0.01), epochs=3, batch_size=16,
                  rng=5, l2=1e-3, X_val=X, y_val=y, clip_norm=1.0)
    h_net = train(net, X, y, optimizer=Adam(net.params(), lr=0.01), epochs=3, batch_size=16,
                  rng=5, l2=1e-3, X_val=X, y_val=y, clip_norm=1.0)
    np.testing.assert_allclose(h_net.train_loss, h_mlp.train_loss, rtol=1e-12)
    np.testing.assert_allclose(h_net.val_loss, h_mlp.val_loss, rtol=1e-12)
    for a, b in zip(net.params(), mlp.params(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_clip_norm_caps_the_length_of_one_sgd_step():
    X, y, rng = _small_problem()
    net = MLP([2, 5, 2], rng=rng)
    start = [p.copy() for p in net.params()]
    _, dlogits = losses.softmax_cross_entropy(net.forward(X), y)
    grads = net.backward(dlogits)
    norm = np.sqrt(sum(float(np.sum(g**2)) for g in grads))
    cap = norm / 4
    train(net, X, y, optimizer=SGD(net.params(), lr=0.5), epochs=1, batch_size=len(X), rng=rng,
          clip_norm=cap)
    for p, p0, g in zip(net.params(), start, grads, strict=True):
        np.testing.assert_allclose(p, p0 - 0.5 * g / 4, rtol=1e-12, atol=1e-15)


def test_a_large_clip_norm_changes_nothing_and_clipping_tames_a_huge_learning_rate():
    X, y, _ = _small_problem()
    runs = []
    for clip in (None, 1e9):
        net = MLP([2, 6, 2], rng=0)
        runs.append(train(net, X, y, optimizer=SGD([net.parameter_vector], lr=0.1), epochs=2,
                          batch_size=16, rng=1, clip_norm=clip).train_loss)
    assert runs[0] == runs[1]
    net = MLP([2, 32, 2], rng=0)
    X_big = 100 * X  # large inputs: large gradients
    history = train(net, X_big, y, optimizer=SGD(net.params(), lr=1.0), epochs=3, batch_size=8,
                    rng=1, clip_norm=0.1)
    assert all(np.isfinite(history.train_loss))


def test_l2_acts_on_the_dense_weights_of_a_sequential_only():
    X, y, rng = _small_problem()
    net = Sequential([Dense(2, 5, rng=rng), LayerNorm(5), Activation("tanh"),
                      Dense(5, 2, rng=rng)])
    net.layers[1].gamma[:] = 2.0  # a non-zero gamma that an L2 term on it would shrink
    start = [p.copy() for p in net.params()]
    _, dlogits = losses.softmax_cross_entropy(net.forward(X), y)
    grads = net.backward(dlogits)
    for k in (0, 4):  # W_1 and W_2
        grads[k] += 0.1 * start[k]
    history = train(net, X, y, optimizer=SGD(net.params(), lr=0.5), epochs=1,
                    batch_size=len(X), rng=rng, l2=0.1)
    for p, p0, g in zip(net.params(), start, grads, strict=True):
        np.testing.assert_allclose(p, p0 - 0.5 * g, rtol=1e-12, atol=1e-15)
    assert history.penalty[0] == pytest.approx(
        0.05 * sum(float(np.sum(net.params()[k] ** 2)) for k in (0, 4)), rel=1e-12)


def test_batch_norm_and_dropout_network_learns_the_digits(digits):
    X_train, X_test, y_train, y_test = digits
    net = Sequential([Dense(64, 64, rng=0), BatchNorm(64), Activation("relu"),
                      Dropout(0.2, rng=1), Dense(64, 10, rng=2)])
    history = train(net, X_train, y_train, optimizer=AdamW(net.params(), lr=1e-2), epochs=5,
                    batch_size=64, rng=3, X_val=X_test, y_val=y_test, clip_norm=5.0)
    assert history.val_acc[-1] >= 0.95
    assert net.training is False
    assert evaluate(net, X_test, y_test) == (history.val_loss[-1], history.val_acc[-1])


def test_early_stopping_puts_back_the_running_statistics_too():
    rng = np.random.default_rng(0)
    X, y = moons(n=40, noise=0.35, rng=rng)
    X_val, y_val = moons(n=200, noise=0.35, rng=rng)
    net = Sequential([Dense(2, 64, rng=1), BatchNorm(64), Activation("relu"),
                      Dense(64, 2, rng=2)])
    history = train(net, X, y, optimizer=Adam(net.params(), lr=0.05), epochs=200,
                    batch_size=8, rng=3, X_val=X_val, y_val=y_val, patience=5)
    assert history.epochs_run < 200
    # evaluated with the restored parameters AND statistics: the best validation loss
    assert evaluate(net, X_val, y_val)[0] == pytest.approx(min(history.val_loss), rel=1e-12)


def test_a_mini_batch_of_one_is_refused_for_batch_norm():
    X, y, rng = _small_problem()  # 60 examples
    net = Sequential([Dense(2, 4, rng=rng), BatchNorm(4), Dense(4, 2, rng=rng)])
    with pytest.raises(ValueError, match="in batches of 59 the last mini-batch holds a single"):
        train(net, X, y, optimizer=SGD(net.params(), lr=0.1), epochs=1, batch_size=59, rng=0)
    with pytest.raises(ValueError, match="clip_norm must lie in"):
        train(net, X, y, optimizer=SGD(net.params(), lr=0.1), epochs=1, batch_size=20, rng=0,
              clip_norm=0.0)


def test_a_run_that_blows_up_on_the_validation_set_says_training_diverged():
    # Weights can stay finite but grow so large that the validation forward pass
    # overflows: the error must be the same clear "training diverged", not an
    # overflow warning or a message about logits.
    from lib.data import load_digits_split
    from lib.network import MLP
    from lib.optim import SGD
    from lib.train import train

    X, _, y, _ = load_digits_split()
    model = MLP([64, 64, 64, 10], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="training diverged in epoch"):
        train(model, X[200:600], y[200:600], optimizer=SGD(model.params(), lr=4.0), epochs=20,
              batch_size=32, rng=np.random.default_rng(1), X_val=X[:200], y_val=y[:200])
