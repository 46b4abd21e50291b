"""Speed of lib's MLP training against scikit-learn's MLPClassifier on the digits.

A script, not a test: ``.venv/bin/python tests/benchmarks/bench_mlp_digits.py``.

Both train the same network on the same data with the same settings, alternating
within one run (lib, scikit-learn, lib, scikit-learn, ...) so that both see the
same machine load:

- data: ``lib.data.load_digits_split(seed=0)``: scikit-learn's digits, 75/25
  stratified split with ``random_state=0``, pixels standardised with training
  statistics (1347 training and 450 test images of 64 pixels);
- network: 64 -> 64 ReLU -> 10 logits, softmax cross-entropy; initial weights
  from the same scheme, Glorot uniform U(-a, a) with a = sqrt(6 / (n_in + n_out))
  (scikit-learn's choice for ReLU networks;
  lib's ``init="xavier_uniform"``), each library drawing its own numbers;
- optimizer: Adam, learning rate 1e-3, betas 0.9 / 0.999, eps 1e-8, mini-batches
  of 32 reshuffled every epoch, 200 epochs, no early stopping (scikit-learn:
  ``n_iter_no_change`` huge and ``tol=0`` so that it runs all 200; lib's Adam
  is built on ``model.parameter_vector``, the network's weights and biases as
  one vector: the same update, entry by entry, as on ``model.params()``, in one
  NumPy call per operation);
- L2: scikit-learn's ``alpha`` adds ``alpha * W / batch_size`` to each weight
  gradient; lib's ``l2`` adds ``l2 * W`` (the gradient of
  ``l2 / 2 * sum ||W||^2``, lib.losses.l2_penalty). We pass ``l2 = alpha / 32``,
  so both follow the same objective (scikit-learn's last, smaller batch of each
  epoch is the only place they differ).

Differences that remain: scikit-learn's Adam folds the bias correction into
the step size (epsilon enters before the correction, see ``lib.optim.Adam``);
initial weights and shuffles come from different random streams; both record
the mean mini-batch training loss of each epoch, and lib also counts the
training accuracy along the way.

BLAS is limited to one thread for both (threadpoolctl): on a shared two-core
machine, multi-threaded products of such small matrices spend their time
waiting for each other, which adds noise without changing the comparison.

Reported: the median milliseconds per epoch of each over the repetitions, their
ratio (lib / scikit-learn), and both test accuracies (median over repetitions);
also the median of the per-repetition ratios, which is steadier on a busy machine.
"""

from __future__ import annotations

import statistics
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_limits

from lib.data import load_digits_split
from lib.network import MLP
from lib.optim import Adam
from lib.train import train

REPETITIONS = 5
EPOCHS = 200
BATCH_SIZE = 32
LEARNING_RATE = 1e-3
ALPHA = 1e-4  # scikit-learn's L2 strength; lib's equivalent is ALPHA / BATCH_SIZE


def run_lib(data, seed: int):
    X_train, X_test, y_train, y_test = data
    rng = np.random.default_rng(seed)
    model = MLP([64, 64, 10], activation="relu", rng=rng, init="xavier_uniform")
    # Adam on the network's one parameter vector: the same entry-by-entry update as
    # Adam(model.params()), in one NumPy call per operation instead of one per array.
    optimizer = Adam([model.parameter_vector], lr=LEARNING_RATE)
    start = time.perf_counter()
    train(model, X_train, y_train, optimizer=optimizer, epochs=EPOCHS, batch_size=BATCH_SIZE,
          rng=rng, l2=ALPHA / BATCH_SIZE)
    seconds = time.perf_counter() - start
    accuracy = float(np.mean(model.predict(X_test) == y_test))
    return 1e3 * seconds / EPOCHS, accuracy


def run_sklearn(data, seed: int):
    X_train, X_test, y_train, y_test = data
    clf = MLPClassifier(
        hidden_layer_sizes=(64,), activation="relu", solver="adam", alpha=ALPHA,
        batch_size=BATCH_SIZE, learning_rate_init=LEARNING_RATE, max_iter=EPOCHS,
        shuffle=True, random_state=seed, tol=0.0, n_iter_no_change=10**9,
        early_stopping=False,
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # "max_iter reached" is the plan
        clf.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    assert clf.n_iter_ == EPOCHS, clf.n_iter_
    accuracy = float(np.mean(clf.predict(X_test) == y_test))
    return 1e3 * seconds / clf.n_iter_, accuracy


def main() -> None:
    data = load_digits_split(test_size=0.25, seed=0, standardize=True)
    results = {"lib": [], "sklearn": []}
    with threadpool_limits(limits=1, user_api="blas"):
        run_lib(data, seed=100)  # warm-up: imports, caches
        for rep in range(REPETITIONS):
            for name, run in (("lib", run_lib), ("sklearn", run_sklearn)):
                ms, acc = run(data, seed=rep)
                results[name].append((ms, acc))
                print(f"rep {rep + 1}/{REPETITIONS} {name:>7}: {ms:7.2f} ms/epoch, "
                      f"test accuracy {acc:.4f}", flush=True)
    ms_lib = statistics.median(ms for ms, _ in results["lib"])
    ms_sk = statistics.median(ms for ms, _ in results["sklearn"])
    acc_lib = statistics.median(acc for _, acc in results["lib"])
    acc_sk = statistics.median(acc for _, acc in results["sklearn"])
    # Each lib run is timed next to a scikit-learn run, so their ratio is less
    # disturbed by changes in machine load than the ratio of the two medians.
    paired = statistics.median(
        lib[0] / sk[0] for lib, sk in zip(results["lib"], results["sklearn"], strict=True)
    )
    print(f"median ms/epoch: lib {ms_lib:.2f}, scikit-learn {ms_sk:.2f} "
          f"(median of the paired ratios: {paired:.3f})")
    print(f"median test accuracy: lib {acc_lib:.4f}, scikit-learn {acc_sk:.4f}")
    print(
        f"mlp_digits: ms_per_epoch_lib={ms_lib:.2f} ms_per_epoch_sklearn={ms_sk:.2f} "
        f"ratio={ms_lib / ms_sk:.3f} acc_lib={acc_lib:.4f} acc_sklearn={acc_sk:.4f}"
    )


if __name__ == "__main__":
    main()
