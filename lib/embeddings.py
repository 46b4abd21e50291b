r"""Embeddings: lookup tables, cosine geometry, analogies, and vectors learned from text.

An embedding layer stores one row per id in a table :math:`E` of shape
``(n_ids, dim)``; looking up id :math:`k` returns row :math:`E_k`, which is the
one-hot product :math:`\mathbf e_k^\top E`. Its gradient reaches only the rows that
were looked up. Once words are vectors, geometry reads meaning:

- :func:`normalize_rows`, :func:`cosine_similarity`: directions and angles;
- :func:`nearest_neighbors`: the rows closest in angle to a batch of queries, by one
  matrix product per batch (never a Python loop over the vocabulary);
- :func:`analogy` and :func:`evaluate_analogies`: "a is to b as c is to ?" by the
  vector offset :math:`\mathbf b - \mathbf a + \mathbf c` (3CosAdd), one question or
  thousands at once;
- :func:`similarity_correlation`: Spearman's :math:`\rho` between cosines and human
  similarity scores;
- :func:`build_vocabulary`, :func:`cooccurrence_matrix`, :func:`ppmi_matrix` and
  :func:`svd_embeddings`: word vectors from counted co-occurrences;
- :func:`skipgram_pairs`, :func:`sgns_loss` and :func:`train_skipgram`: word vectors
  learned by skip-gram with negative sampling;
- :func:`pair_direction`: a direction in the space spanned by word pairs (such as
  *he - she*), to measure what the vectors have absorbed from their data.

Words are matched without regard to case, as gensim's evaluation does: a word is
compared through ``str.upper()``, and when several vocabulary entries share an
upper-case form, the first one (the most frequent in a frequency-ordered
vocabulary) stands for all of them.

Taught in chapter 7.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from lib._validate import (
    as_float_array,
    as_generator,
    check_count,
    check_finite,
    check_real,
)

__all__ = [
    "Embedding",
    "normalize_rows",
    "cosine_similarity",
    "nearest_neighbors",
    "word_indices",
    "analogy",
    "analogy_offset",
    "evaluate_analogies",
    "spearman_rho",
    "similarity_correlation",
    "build_vocabulary",
    "cooccurrence_matrix",
    "ppmi_matrix",
    "svd_embeddings",
    "skipgram_pairs",
    "sgns_loss",
    "train_skipgram",
    "pair_direction",
]

# Rows of query-by-vocabulary similarities computed at once: a block of
# 128 x 30,000 float32 numbers (15 MB) keeps memory small and the products fast.
_BLOCK = 128


# --------------------------------------------------------------------------- checks

def _asarray(value, name: str) -> np.ndarray:
    """``np.asarray`` that reports ragged or unconvertible input under the caller's name."""
    if value is None:
        raise TypeError(f"{name} must be an array, got None")
    try:
        return np.asarray(value)
    except (ValueError, TypeError) as err:
        raise ValueError(f"{name} could not be read as an array (ragged rows?): {err}") from None


def _as_vectors(value, name: str, *, ndim=2) -> np.ndarray:
    """A finite float array, kept in float32 if it is float32 (GloVe), else float64."""
    array = _asarray(value, name)
    if array.dtype == np.float32:
        if array.ndim not in ((ndim,) if isinstance(ndim, int) else ndim):
            raise ValueError(f"{name} must be {ndim}-D, got shape {array.shape}")
        check_finite(array, name)
        return array
    return as_float_array(array, name, ndim=ndim)


def _as_ids(value, name: str, n_ids: int) -> np.ndarray:
    """Integer ids in ``[0, n_ids)`` of any shape, as int64."""
    array = _asarray(value, name)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        if (np.issubdtype(array.dtype, np.floating) and array.size
                and np.all(np.isfinite(array)) and np.all(array == np.round(array))):
            array = array.astype(np.int64)
        elif np.issubdtype(array.dtype, np.floating) and array.size == 0:
            array = array.astype(np.int64)
        else:
            raise TypeError(f"{name} must hold integer ids, got dtype {array.dtype}")
    array = array.astype(np.int64, copy=False)
    if array.size and (array.min() < 0 or array.max() >= n_ids):
        bad = array[(array < 0) | (array >= n_ids)].flat[0]
        raise ValueError(f"{name} must lie in [0, {n_ids}), found {bad}")
    return array


def _as_word_list(words, name: str = "words") -> list[str]:
    if isinstance(words, str) or words is None:
        raise TypeError(f"{name} must be a list of str (the vocabulary), got {words!r:.60}")
    try:
        words = list(words)
    except TypeError:
        raise TypeError(f"{name} must be a list of str, got {type(words).__name__}") from None
    if not words:
        raise ValueError(f"{name} is empty; a vocabulary needs at least one word")
    if not set(map(type, words)) <= {str, np.str_}:  # one pass in C; the loop finds the culprit
        for i, word in enumerate(words):
            if not isinstance(word, str):
                raise TypeError(
                    f"{name}[{i}] must be a str, got {word!r} ({type(word).__name__})"
                )
    return words


def _check_words_vectors(words, vectors, vocab_size=None):
    """The vocabulary and its vectors, cut to the first ``vocab_size`` rows."""
    if isinstance(words, str) or words is None or not hasattr(words, "__len__"):
        raise TypeError(f"words must be a list of str (the vocabulary), got {words!r:.60}")
    array = _asarray(vectors, "vectors")
    if array.ndim != 2:
        raise ValueError(f"vectors must be 2-D (one row per word), got shape {array.shape}")
    if array.shape[0] != len(words):
        raise ValueError(
            f"words has {len(words)} entries but vectors has {array.shape[0]} rows; "
            "they must match (row i is the vector of words[i])"
        )
    if array.shape[1] == 0:
        raise ValueError(f"vectors has shape {array.shape}: each word needs at least one number")
    if vocab_size is not None:
        vocab_size = min(check_count(vocab_size, "vocab_size", minimum=1), len(words))
        words, array = words[:vocab_size], array[:vocab_size]
    return _as_word_list(words), _as_vectors(array, "vectors")


def _upper_words(words: list[str]) -> list[str]:
    """``[w.upper() for w in words]``, done on one joined string (ten times faster)."""
    upper = "\n".join(words).upper().split("\n")
    return upper if len(upper) == len(words) else [w.upper() for w in words]


def _lookup_table(words: list[str]) -> dict[str, int]:
    """Upper-case word -> index of its first (most frequent) entry."""
    upper = _upper_words(words)
    # Later pairs overwrite earlier ones: going backwards, the first entry wins.
    return dict(zip(reversed(upper), range(len(upper) - 1, -1, -1), strict=True))


def _scatter_rows(n_rows: int, ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    r"""Sum of ``values`` rows into ``n_rows`` rows by id: :math:`O^\top G` for one-hot :math:`O`.

    ``np.add.at`` does the same but slowly; the product with a sparse one-hot matrix
    (one 1 per looked-up id) adds repeated ids together in one pass.
    """
    from scipy.sparse import csr_matrix

    one_hot_T = csr_matrix((np.ones(ids.size), (ids, np.arange(ids.size))),
                           shape=(n_rows, ids.size))
    return np.asarray(one_hot_T @ values)


def _unit_rows(X: np.ndarray, name: str) -> np.ndarray:
    norms = np.linalg.norm(X, axis=-1, keepdims=True)
    if X.size and not np.all(norms > 0):
        row = tuple(int(i) for i in np.argwhere(norms[..., 0] == 0)[0])
        raise ValueError(
            f"{name}{list(row)} is the zero vector: it has no direction, so its cosine "
            "with anything is undefined"
        )
    return X / norms


# --------------------------------------------------------------------------- the layer

class Embedding:
    r"""A lookup table of learnable vectors, one row per id: :math:`\text{id } k \mapsto E_k`.

    Looking up id :math:`k` is the one-hot product :math:`\mathbf e_k^\top E`, a row
    read instead of a matrix product. For upstream gradients :math:`G_n` of the
    looked-up rows,

    .. math::

        \frac{\partial L}{\partial E_k} = \sum_{n:\ \text{ids}_n = k} G_n ,

    so rows that were not looked up get exactly zero gradient, and an id that
    appears twice collects both contributions.

    Parameters
    ----------
    n_ids : int
        Number of rows (the vocabulary or catalogue size).
    dim : int
        Length of each vector.
    rng : numpy.random.Generator or int
        Source of the initial table, :math:`E_{kj} \sim \mathcal N(0, \text{scale}^2)`.
    scale : float, default 1.0
        Standard deviation of the initial entries (PyTorch's ``nn.Embedding`` uses 1).

    Attributes
    ----------
    E : ndarray of shape (n_ids, dim)
        The table.
    dE : ndarray of shape (n_ids, dim)
        :math:`\partial L/\partial E` from the last :meth:`backward` (zeros before);
        each backward pass overwrites it.

    Examples
    --------
    >>> layer = Embedding.from_weights([[0.9, 0.1, 0.0], [0.2, 0.8, 0.1],
    ...                                 [0.5, -0.2, 0.1], [-0.3, 0.4, 0.7]])
    >>> layer.forward(2)
    array([ 0.5, -0.2,  0.1])
    """

    def __init__(self, n_ids: int, dim: int, rng=None, scale: float = 1.0):
        self.n_ids = check_count(n_ids, "n_ids", minimum=1)
        self.dim = check_count(dim, "dim", minimum=1)
        scale = check_real(scale, "scale", low=0.0)
        rng = as_generator(rng)
        self.E = scale * rng.normal(size=(self.n_ids, self.dim))
        self.dE = np.zeros_like(self.E)
        self._ids = None

    @classmethod
    def from_weights(cls, E) -> Embedding:
        """A layer holding a float64 copy of a given table.

        Parameters
        ----------
        E : array_like of shape (n_ids, dim)
        """
        E = as_float_array(E, "E", ndim=2)
        if E.size == 0:
            raise ValueError(f"E needs at least one row and one column, got shape {E.shape}")
        layer = cls(E.shape[0], E.shape[1], rng=0)
        layer.E[...] = E
        return layer

    def __repr__(self) -> str:
        return f"Embedding({self.n_ids} ids x {self.dim})"

    def forward(self, ids) -> np.ndarray:
        """The rows of the looked-up ids; remembers the ids for :meth:`backward`.

        Parameters
        ----------
        ids : int or array_like of int, any shape S
            Values in ``[0, n_ids)``.

        Returns
        -------
        ndarray of shape S + (dim,)
            ``E[ids]``: one vector per id.
        """
        ids = _as_ids(ids, "ids", self.n_ids)
        self._ids = ids
        return self.E[ids]

    def backward(self, d_out) -> None:
        r"""Scatter the upstream gradient into ``dE``: only looked-up rows receive any.

        Parameters
        ----------
        d_out : array_like of shape S + (dim,)
            :math:`\partial L/\partial` (output of the last :meth:`forward`).
        """
        if self._ids is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        expected = self._ids.shape + (self.dim,)
        d_out = as_float_array(d_out, "d_out")
        if d_out.shape != expected:
            raise ValueError(
                f"{self!r}: d_out must have shape {expected} to match the last forward "
                f"pass (ids of shape {self._ids.shape}), got shape {d_out.shape}"
            )
        # Repeated ids must add up: dE[ids] += d_out would keep only the last one.
        self.dE[...] = _scatter_rows(self.n_ids, self._ids.ravel(), d_out.reshape(-1, self.dim))

    def params(self) -> list[np.ndarray]:
        """The trainable array ``[E]`` itself (optimizers update it in place)."""
        return [self.E]

    def grads(self) -> list[np.ndarray]:
        """The gradient ``[dE]`` from the last backward pass."""
        return [self.dE]

    @property
    def n_params(self) -> int:
        """Number of trainable numbers, ``n_ids * dim``."""
        return self.E.size


# --------------------------------------------------------------------------- geometry

def normalize_rows(X) -> np.ndarray:
    r"""Each row divided by its length, :math:`\hat{\mathbf x}_i = \mathbf x_i / \|\mathbf x_i\|`.

    Parameters
    ----------
    X : array_like of shape (N, d) or (d,)
        Vectors, none of them zero. float32 input stays float32.

    Returns
    -------
    ndarray of the same shape
        Unit vectors pointing the same way.

    Raises
    ------
    ValueError
        If a row is the zero vector (it has no direction).
    """
    X = _as_vectors(X, "X", ndim=(1, 2))
    if X.shape[-1] == 0:
        raise ValueError(f"X has shape {X.shape}: each vector needs at least one entry")
    return _unit_rows(X, "X")


def cosine_similarity(A, B) -> np.ndarray:
    r"""Cosines between the rows of ``A`` and the rows of ``B``.

    .. math::

        S_{ij} = \cos\theta_{ij}
        = \frac{\mathbf a_i \cdot \mathbf b_j}{\|\mathbf a_i\|\,\|\mathbf b_j\|},
        \qquad S = \hat A \hat B^\top .

    Parameters
    ----------
    A : array_like of shape (m, d) or (d,)
    B : array_like of shape (n, d) or (d,)
        Non-zero vectors of the same length ``d``.

    Returns
    -------
    ndarray of shape (m, n)
        With a 1-D ``A`` (or ``B``) that axis is dropped: two vectors give a float.
        Values lie in :math:`[-1, 1]`.
    """
    A = _as_vectors(A, "A", ndim=(1, 2))
    B = _as_vectors(B, "B", ndim=(1, 2))
    if A.shape[-1] != B.shape[-1]:
        raise ValueError(
            f"A has shape {A.shape} and B has shape {B.shape}: their vectors must have "
            "the same length"
        )
    if A.shape[-1] == 0:
        raise ValueError(f"A has shape {A.shape}: each vector needs at least one entry")
    S = _unit_rows(A, "A") @ _unit_rows(B, "B").T
    S = np.clip(S, -1.0, 1.0)
    return float(S) if S.ndim == 0 else S


def _top_k(sims: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` largest entries of each row, largest first; ties go to the lower index."""
    n = sims.shape[1]
    if k == 1:  # argmax returns the first maximum: the lower index on ties
        best = sims.argmax(axis=1)[:, None]
        return best, np.take_along_axis(sims, best, axis=1)
    if k == n:
        order = np.argsort(-sims, axis=1, kind="stable")
        return order, np.take_along_axis(sims, order, axis=1)
    kth = -np.partition(-sims, k - 1, axis=1)[:, k - 1 : k]  # the k-th largest value
    above = sims > kth
    # Of the entries equal to the k-th value, keep the first (k - #above) of each row.
    equal = sims == kth
    need = k - above.sum(axis=1, keepdims=True)
    chosen = above | (equal & (np.cumsum(equal, axis=1) <= need))
    columns = np.nonzero(chosen)[1].reshape(sims.shape[0], k)
    values = np.take_along_axis(sims, columns, axis=1)
    order = np.argsort(-values, axis=1, kind="stable")  # columns ascend: ties stay in order
    return np.take_along_axis(columns, order, axis=1), np.take_along_axis(values, order, axis=1)


def nearest_neighbors(vectors, query_vectors, k: int = 10, exclude=None):
    r"""The ``k`` rows of ``vectors`` with the largest cosine to each query.

    All queries are scored by one matrix product per block of queries,
    :math:`S = \hat Q \hat V^\top`; each row of :math:`S` is then cut to its ``k``
    largest entries. Ties go to the lower row index (the more frequent word).

    Parameters
    ----------
    vectors : array_like of shape (V, d)
        The searched vectors (for example a vocabulary's embeddings), none zero.
    query_vectors : array_like of shape (q, d) or (d,)
        Non-zero query vectors.
    k : int, default 10
        Neighbours per query, ``1 <= k <=`` the number of rows that are not excluded.
    exclude : array_like of int, shape (q, m) or (m,) for one query, optional
        Row indices never returned for that query (for example the query word itself).

    Returns
    -------
    indices : ndarray of int64, shape (q, k) (or (k,) for one query)
        Row numbers in ``vectors``, best first.
    similarities : ndarray of shape (q, k) (or (k,))
        Their cosines with the query.
    """
    V = _as_vectors(vectors, "vectors")
    Q = _as_vectors(query_vectors, "query_vectors", ndim=(1, 2))
    if V.shape[0] == 0 or V.shape[1] == 0:
        raise ValueError(f"vectors has shape {V.shape}: it needs at least one row and column")
    if Q.shape[-1] != V.shape[1]:
        raise ValueError(
            f"query_vectors has shape {Q.shape} but vectors has shape {V.shape}: "
            f"each query needs {V.shape[1]} numbers"
        )
    single = Q.ndim == 1
    Q = Q[None, :] if single else Q
    if exclude is None:
        excluded = np.zeros((Q.shape[0], 0), dtype=np.int64)
    else:
        excluded = _as_ids(exclude, "exclude", V.shape[0])
        if single and excluded.ndim == 1:
            excluded = excluded[None, :]
        if excluded.ndim != 2 or excluded.shape[0] != Q.shape[0]:
            raise ValueError(
                f"exclude must have shape ({Q.shape[0]}, m): one row of indices per query, "
                f"got shape {excluded.shape}"
            )
    n_excluded = _distinct_per_row(excluded)
    k = check_count(k, "k", minimum=1)
    available = V.shape[0] - (n_excluded.max() if n_excluded.size else 0)
    if k > available:
        raise ValueError(
            f"k = {k} but only {available} rows of vectors can be returned "
            f"({V.shape[0]} rows, up to {V.shape[0] - available} excluded)"
        )
    U, Qn = _unit_rows(V, "vectors"), _unit_rows(Q, "query_vectors")
    indices, sims = _nearest_unit(U, Qn, k, excluded)
    if single:
        return indices[0], sims[0]
    return indices, sims


def _nearest_unit(U: np.ndarray, Qn: np.ndarray, k: int, excluded: np.ndarray):
    """Top ``k`` rows of unit ``U`` for unit queries ``Qn``, one product per block."""
    Qn = Qn.astype(U.dtype, copy=False)
    indices = np.empty((Qn.shape[0], k), dtype=np.int64)
    sims = np.empty((Qn.shape[0], k), dtype=np.float64)
    rows = np.arange(_BLOCK)[:, None]
    for start in range(0, Qn.shape[0], _BLOCK):
        block = Qn[start : start + _BLOCK] @ U.T
        block[rows[: block.shape[0]], excluded[start : start + _BLOCK]] = -np.inf
        top, values = _top_k(block, k)
        indices[start : start + _BLOCK] = top
        sims[start : start + _BLOCK] = np.clip(values, -1.0, 1.0)
    return indices, sims


def _distinct_per_row(ids: np.ndarray) -> np.ndarray:
    if ids.shape[1] == 0:
        return np.zeros(ids.shape[0], dtype=np.int64)
    ordered = np.sort(ids, axis=1)
    return 1 + (np.diff(ordered, axis=1) != 0).sum(axis=1)


def word_indices(words, query) -> np.ndarray:
    """Row numbers of words in a vocabulary (case-insensitive, most frequent entry first).

    Parameters
    ----------
    words : list of str, length V
        The vocabulary, row ``i`` being ``words[i]``.
    query : str or array_like of str, any shape S
        The words to find.

    Returns
    -------
    int or ndarray of int64, shape S
        ``words.index``-style positions (an int for a single word).

    Raises
    ------
    ValueError
        Naming the words that are not in the vocabulary.
    """
    words = _as_word_list(words)
    table = _lookup_table(words)
    return _indices_in(table, query, "query", len(words))


def _indices_in(table: dict[str, int], query, name: str, n_words: int):
    if isinstance(query, str | np.str_):
        array = np.array(query)
    else:
        array = _asarray(query, name)
        if array.size == 0:
            raise ValueError(f"{name} is empty; give at least one word")
        if not np.issubdtype(array.dtype, np.str_):
            raise TypeError(f"{name} must hold words (str), got dtype {array.dtype}")
    flat = [table.get(word.upper(), -1) for word in array.ravel().tolist()]
    missing = [w for w, i in zip(array.ravel().tolist(), flat, strict=True) if i < 0]
    if missing:
        shown = ", ".join(repr(w) for w in list(dict.fromkeys(missing))[:5])
        raise ValueError(f"{name}: {len(missing)} word(s) not in the first {n_words} "
                         f"words of the vocabulary: {shown}")
    result = np.array(flat, dtype=np.int64).reshape(array.shape)
    return int(result) if result.ndim == 0 else result


# --------------------------------------------------------------------------- analogies

def _query_rows(words: list[str], a, b, c) -> tuple[int, int, int]:
    """Rows of the three query words (case-insensitive, first entry), or a clear error."""
    upper = _upper_words(words)
    found = []
    for name, word in {"a": a, "b": b, "c": c}.items():
        if not isinstance(word, str | np.str_):
            raise TypeError(f"{name} must be a word (str), got {word!r}")
        try:
            found.append(upper.index(word.upper()))  # the first (most frequent) entry
        except ValueError:
            raise ValueError(f"{name}: the word {word!r} is not in the vocabulary of "
                             f"{len(words)} words") from None
    return tuple(found)


def _offset(U: np.ndarray, rows, names) -> np.ndarray:
    ia, ib, ic = rows
    target = U[ib] - U[ia] + U[ic]
    if not np.any(target):
        raise ValueError("b - a + c is the zero vector for a={!r}, b={!r}, c={!r}".format(*names))
    return target


def analogy_offset(words, vectors, a: str, b: str, c: str) -> np.ndarray:
    r"""The target vector of 3CosAdd, :math:`\hat{\mathbf b} - \hat{\mathbf a} + \hat{\mathbf c}`.

    Parameters
    ----------
    words : list of str, length V
    vectors : array_like of shape (V, d)
    a, b, c : str
        The query words of "``a`` is to ``b`` as ``c`` is to ?" (case-insensitive).

    Returns
    -------
    ndarray of shape (d,)
        The sum of the unit vectors of ``b`` and ``c`` minus that of ``a``; its cosine
        with each word ranks the answers (:func:`analogy`).
    """
    words, vectors = _check_words_vectors(words, vectors)
    rows = _query_rows(words, a, b, c)
    U = _unit_rows(vectors[list(rows)], "vectors")
    return _offset(U, (0, 1, 2), (a, b, c))


def analogy(words, vectors, a: str, b: str, c: str, k: int = 1, exclude_query: bool = True):
    r"""Answer "``a`` is to ``b`` as ``c`` is to ?" by the vector offset (3CosAdd).

    The answer maximises the cosine with the offset of the unit vectors,

    .. math::

        d^* = \arg\max_{w} \cos\big(\mathbf w,\ \hat{\mathbf b} - \hat{\mathbf a}
        + \hat{\mathbf c}\big),

    which ranks the words exactly like
    :math:`\cos(\mathbf w, \mathbf b) - \cos(\mathbf w, \mathbf a) + \cos(\mathbf w, \mathbf c)`.
    One of the query words usually scores highest itself (when ``a`` is close to ``c``,
    the target is close to ``b``, and the other way round), so by convention all three
    are excluded.

    Parameters
    ----------
    words : list of str, length V
    vectors : array_like of shape (V, d)
        Row ``i`` is the vector of ``words[i]``.
    a, b, c : str
        The query words (case-insensitive).
    k : int, default 1
        Number of answers, best first.
    exclude_query : bool, default True
        Leave ``a``, ``b`` and ``c`` out of the answers.

    Returns
    -------
    list of (str, float)
        ``k`` pairs of a word and its cosine with the offset vector.
    """
    words, vectors = _check_words_vectors(words, vectors)
    rows = _query_rows(words, a, b, c)
    if not isinstance(exclude_query, bool | np.bool_):
        raise TypeError(f"exclude_query must be True or False, got {exclude_query!r}")
    k = check_count(k, "k", minimum=1)
    exclude = np.array([rows] if exclude_query else [[]], dtype=np.int64)
    available = len(words) - _distinct_per_row(exclude)[0]
    if k > available:
        raise ValueError(f"k = {k} but only {available} words can be answers")
    U = _unit_rows(vectors, "vectors")
    target = _offset(U, rows, (a, b, c))
    top, sims = _nearest_unit(U, _unit_rows(target[None, :], "b - a + c"), k, exclude)
    return [(words[i], float(s)) for i, s in zip(top[0], sims[0], strict=True)]


def evaluate_analogies(words, vectors, questions, vocab_size: int | None = 30000,
                       sections=None):
    r"""Accuracy of 3CosAdd on analogy questions, all answered in batches.

    The rules are those of gensim's ``KeyedVectors.evaluate_word_analogies``
    (and of word2vec's ``compute-accuracy``): only the first ``vocab_size`` words
    take part; a question with any of its four words outside them is skipped (not
    counted wrong); the three query words are never an answer; words match without
    regard to case. The prediction for question :math:`(a, b, c, d)` is the word
    with the largest :math:`\cos(\mathbf w, \hat{\mathbf b} - \hat{\mathbf a} +
    \hat{\mathbf c})`; it is correct when it is :math:`d`.

    Parameters
    ----------
    words : list of str, length V
        The vocabulary in frequency order.
    vectors : array_like of shape (V, d)
        Row ``i`` is the vector of ``words[i]``; float32 stays float32.
    questions : array_like of str, shape (n, 4)
        Rows ``a, b, c, d``: "a is to b as c is to d".
    vocab_size : int or None, default 30000
        Restrict the vocabulary (and the questions) to the first ``vocab_size``
        words; None uses all of them.
    sections : array_like of str, shape (n,), optional
        The section of each question; by default all are in one section ``"all"``.

    Returns
    -------
    dict
        ``"accuracy"``: correct / evaluated over all sections (float);
        ``"correct"``, ``"evaluated"``, ``"skipped"``: counts (int);
        ``"sections"``: ``{name: {"accuracy", "correct", "evaluated"}}`` in order of
        first appearance (``accuracy`` is NaN for a section with nothing evaluated);
        ``"predicted"``: ndarray of int64, shape (n,), the row of each answer, -1 for
        skipped questions.

    Raises
    ------
    ValueError
        If no question has all four words inside the vocabulary.
    """
    words, vectors = _check_words_vectors(words, vectors, vocab_size)
    Q = _asarray(questions, "questions")
    if Q.ndim != 2 or Q.shape[1] != 4 or Q.shape[0] == 0:
        raise ValueError(
            f"questions must have shape (n, 4), one row (a, b, c, d) per question, "
            f"got shape {Q.shape}"
        )
    if not np.issubdtype(Q.dtype, np.str_):
        raise TypeError(f"questions must hold words (str), got dtype {Q.dtype}")
    if sections is None:
        section_of = np.full(Q.shape[0], "all")
    else:
        section_of = _asarray(sections, "sections")
        if section_of.shape != (Q.shape[0],):
            raise ValueError(
                f"sections must have shape ({Q.shape[0]},), one name per question, "
                f"got shape {section_of.shape}"
            )
    table = _lookup_table(words)
    ids = np.array([table.get(w.upper(), -1) for w in Q.ravel().tolist()],
                   dtype=np.int64).reshape(Q.shape)
    usable = np.all(ids >= 0, axis=1)
    if not usable.any():
        raise ValueError(
            f"none of the {Q.shape[0]} questions has all four words in the first "
            f"{len(words)} words of the vocabulary"
        )
    predicted = np.full(Q.shape[0], -1, dtype=np.int64)
    predicted[usable] = _answer_3cosadd(_unit_rows(vectors, "vectors"), ids[usable, :3])
    correct = usable & (predicted == ids[:, 3])
    names = list(dict.fromkeys(section_of.tolist()))
    per_section = {}
    for name in names:
        members = section_of == name
        n_eval, n_right = int(usable[members].sum()), int(correct[members].sum())
        per_section[name] = {
            "accuracy": n_right / n_eval if n_eval else float("nan"),
            "correct": n_right,
            "evaluated": n_eval,
        }
    n_eval, n_right = int(usable.sum()), int(correct.sum())
    return {
        "accuracy": n_right / n_eval,
        "correct": n_right,
        "evaluated": n_eval,
        "skipped": int(Q.shape[0] - n_eval),
        "sections": per_section,
        "predicted": predicted,
    }


def _answer_3cosadd(U: np.ndarray, abc: np.ndarray) -> np.ndarray:
    """Row of the best answer to each (a, b, c) of unit vectors ``U``, queries excluded.

    One (block, V) product and one argmax per block of questions; np.argmax returns
    the first maximum, so ties go to the more frequent word.
    """
    targets = U[abc[:, 1]] - U[abc[:, 0]] + U[abc[:, 2]]
    UT = np.ascontiguousarray(U.T)
    answers = np.empty(abc.shape[0], dtype=np.int64)
    buffer = np.empty((_BLOCK, U.shape[0]), dtype=U.dtype)
    rows = np.arange(_BLOCK)[:, None]
    for start in range(0, abc.shape[0], _BLOCK):
        stop = min(start + _BLOCK, abc.shape[0])
        sims = buffer[: stop - start]
        np.matmul(targets[start:stop], UT, out=sims)
        sims[rows[: stop - start], abc[start:stop]] = -np.inf
        answers[start:stop] = sims.argmax(axis=1)
    return answers


# --------------------------------------------------------------------------- similarity

def spearman_rho(x, y) -> float:
    r"""Spearman's rank correlation: the Pearson correlation of the ranks.

    .. math::

        \rho = \frac{\sum_i (r_i - \bar r)(s_i - \bar s)}
                    {\sqrt{\sum_i (r_i - \bar r)^2 \sum_i (s_i - \bar s)^2}},

    with :math:`r, s` the ranks of ``x`` and ``y`` (ties get their mean rank).

    Parameters
    ----------
    x, y : array_like of shape (n,)
        Paired values, ``n >= 2``, neither constant.

    Returns
    -------
    float
        In :math:`[-1, 1]`; 1 when ``y`` increases with ``x``.
    """
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    if x.shape != y.shape:
        raise ValueError(f"x has shape {x.shape} but y has shape {y.shape}; they must match")
    if x.size < 2:
        raise ValueError(f"x and y need at least 2 pairs, got {x.size}")
    for name, values in (("x", x), ("y", y)):
        if np.all(values == values[0]):
            raise ValueError(f"{name} is constant: its ranks have no spread, rho is undefined")
    # Ranking is bookkeeping, not the subject: scipy's rankdata gives tied values the
    # mean of their ranks, as Spearman's rho requires.
    from scipy.stats import rankdata

    r, s = rankdata(x), rankdata(y)
    r, s = r - r.mean(), s - s.mean()
    return float(np.clip(r @ s / np.sqrt((r @ r) * (s @ s)), -1.0, 1.0))


def similarity_correlation(words, vectors, pairs, scores, vocab_size: int | None = None):
    r"""How well cosines rank word pairs the way people do: Spearman's :math:`\rho`.

    For every pair whose two words are in the vocabulary, the cosine of their
    vectors is compared, by rank, with the human score. Pairs with an unknown word
    are left out and counted.

    Parameters
    ----------
    words : list of str, length V
    vectors : array_like of shape (V, d)
    pairs : array_like of str, shape (n, 2)
        Word pairs (case-insensitive).
    scores : array_like of shape (n,)
        Human similarity of each pair.
    vocab_size : int, optional
        Use only the first ``vocab_size`` words.

    Returns
    -------
    rho : float
        :func:`spearman_rho` of (human score, cosine) over the covered pairs.
    n_covered : int
        Number of pairs used (both words known).
    """
    words, vectors = _check_words_vectors(words, vectors, vocab_size)
    P = _asarray(pairs, "pairs")
    if P.ndim != 2 or P.shape[1] != 2 or P.shape[0] == 0:
        raise ValueError(f"pairs must have shape (n, 2), one word pair per row, got {P.shape}")
    if not np.issubdtype(P.dtype, np.str_):
        raise TypeError(f"pairs must hold words (str), got dtype {P.dtype}")
    scores = as_float_array(scores, "scores", ndim=1)
    if scores.shape[0] != P.shape[0]:
        raise ValueError(
            f"pairs has {P.shape[0]} rows but scores has {scores.shape[0]} entries; "
            "give one score per pair"
        )
    table = _lookup_table(words)
    ids = np.array([table.get(w.upper(), -1) for w in P.ravel().tolist()],
                   dtype=np.int64).reshape(P.shape)
    known = np.all(ids >= 0, axis=1)
    if known.sum() < 2:
        raise ValueError(
            f"only {int(known.sum())} of the {P.shape[0]} pairs have both words in the "
            "vocabulary; at least 2 are needed for a rank correlation"
        )
    U = _unit_rows(vectors[np.unique(ids[known])].astype(np.float64), "vectors")
    position = {row: i for i, row in enumerate(np.unique(ids[known]).tolist())}
    first = U[[position[i] for i in ids[known, 0].tolist()]]
    second = U[[position[i] for i in ids[known, 1].tolist()]]
    cosines = np.einsum("ij,ij->i", first, second)
    return spearman_rho(scores[known], cosines), int(known.sum())


# --------------------------------------------------------------------------- counts

def _as_corpus(corpus) -> list[list[str]]:
    if corpus is None or isinstance(corpus, str):
        raise TypeError(
            f"corpus must be a list of token lists (list of list of str), got {corpus!r:.60}"
        )
    try:
        documents = list(corpus)
    except TypeError:
        raise TypeError(f"corpus must be a list of token lists, got {type(corpus).__name__}") \
            from None
    checked = []
    for d, document in enumerate(documents):
        if isinstance(document, str) or not isinstance(document, list | tuple):
            raise TypeError(
                f"corpus[{d}] must be a list of tokens (str), got {type(document).__name__}"
            )
        for t, token in enumerate(document):
            if not isinstance(token, str):
                raise TypeError(f"corpus[{d}][{t}] must be a str token, got {token!r}")
        checked.append(list(document))
    if not any(checked):
        raise ValueError("corpus has no tokens")
    return checked


def build_vocabulary(corpus, min_count: int = 1, max_size: int | None = None) -> list[str]:
    """The distinct tokens of a corpus, most frequent first (ties in alphabetical order).

    Parameters
    ----------
    corpus : list of list of str
        Documents (or sentences) as token lists.
    min_count : int, default 1
        Keep tokens seen at least this often.
    max_size : int, optional
        Keep at most this many tokens.

    Returns
    -------
    list of str
    """
    documents = _as_corpus(corpus)
    min_count = check_count(min_count, "min_count", minimum=1)
    if max_size is not None:
        max_size = check_count(max_size, "max_size", minimum=1)
    counts = Counter(token for document in documents for token in document)
    kept = sorted((item for item in counts.items() if item[1] >= min_count),
                  key=lambda item: (-item[1], item[0]))
    if not kept:
        raise ValueError(f"no token occurs at least min_count = {min_count} times")
    return [token for token, _ in kept[:max_size]]


def _encode(documents: list[list[str]], vocab: list[str]) -> list[np.ndarray]:
    """Token lists -> arrays of vocabulary ids, -1 for tokens outside the vocabulary."""
    index = {word: i for i, word in enumerate(vocab)}
    return [np.array([index.get(token, -1) for token in document], dtype=np.int64)
            for document in documents]


def _check_vocab(vocab) -> list[str]:
    vocab = _as_word_list(vocab, "vocab")
    if len(set(vocab)) != len(vocab):
        repeated = next(w for w, n in Counter(vocab).items() if n > 1)
        raise ValueError(f"vocab must not repeat words, but {repeated!r} appears twice")
    return vocab


def cooccurrence_matrix(corpus, window: int, vocab) -> np.ndarray:
    r"""How often each pair of vocabulary words occurs within ``window`` tokens.

    :math:`C_{ij}` counts the positions where word :math:`j` stands at most
    ``window`` tokens before or after word :math:`i` in the same document. Tokens
    outside the vocabulary keep their place (distances are measured in the text)
    but are not counted. The matrix is symmetric.

    Parameters
    ----------
    corpus : list of list of str
    window : int
        Largest distance counted, at least 1.
    vocab : list of str, length V
        The rows and columns, in order (no repeats).

    Returns
    -------
    ndarray of float64, shape (V, V)
    """
    documents = _as_corpus(corpus)
    window = check_count(window, "window", minimum=1)
    vocab = _check_vocab(vocab)
    V = len(vocab)
    keys = []
    for ids in _encode(documents, vocab):
        for offset in range(1, min(window, len(ids) - 1) + 1):
            left, right = ids[:-offset], ids[offset:]
            both = (left >= 0) & (right >= 0)
            keys.append(left[both] * V + right[both])
    counts = np.bincount(np.concatenate(keys), minlength=V * V) if keys else np.zeros(V * V)
    C = counts.reshape(V, V).astype(np.float64)
    return C + C.T


def ppmi_matrix(corpus, window: int, vocab, alpha: float = 1.0) -> np.ndarray:
    r"""Positive pointwise mutual information of co-occurring words.

    With :math:`C` from :func:`cooccurrence_matrix` and :math:`D = \sum_{ij} C_{ij}`,

    .. math::

        \mathrm{PMI}_{ij} = \ln \frac{C_{ij}\, D}{C_{i\cdot}\, C_{\cdot j}},
        \qquad \mathrm{PPMI}_{ij} = \max(\mathrm{PMI}_{ij}, 0),

    and 0 where :math:`C_{ij} = 0`. PMI is positive when two words meet more often
    than chance would have them meet. With ``alpha < 1`` the context counts are
    smoothed, :math:`C_{\cdot j} \to C_{\cdot j}^{\alpha}` (renormalised), which
    lowers the PMI of rare contexts (Levy, Goldberg and Dagan use 0.75).

    Parameters
    ----------
    corpus : list of list of str
    window : int
    vocab : list of str, length V
    alpha : float, default 1.0
        Context smoothing exponent in (0, 1].

    Returns
    -------
    ndarray of float64, shape (V, V)
        Non-negative; symmetric when ``alpha = 1``.
    """
    alpha = check_real(alpha, "alpha", low=0.0, high=1.0, low_open=True)
    C = cooccurrence_matrix(corpus, window, vocab)
    total = C.sum()
    if total == 0:
        raise ValueError("no two vocabulary words occur within the window: all counts are 0")
    word = C.sum(axis=1)
    context = C.sum(axis=0) ** alpha
    context_p = context / context.sum()
    ppmi = np.zeros_like(C)
    i, j = np.nonzero(C)
    pmi = np.log(C[i, j] / total) - np.log(word[i] / total) - np.log(context_p[j])
    ppmi[i, j] = np.maximum(pmi, 0.0)
    return ppmi


def svd_embeddings(M, dim: int, power: float = 0.5) -> np.ndarray:
    r"""Word vectors from a word-by-context matrix by truncated SVD.

    With :math:`M \approx U_k \Sigma_k V_k^\top` (the ``dim`` largest singular
    values), word :math:`i` gets row :math:`i` of :math:`U_k \Sigma_k^{p}`. The best
    rank-``dim`` approximation of :math:`M` (Eckart-Young) keeps what the rows share
    and drops the rest. Each column's sign is fixed so that its largest entry is
    positive, which makes the result reproducible.

    Parameters
    ----------
    M : array_like of shape (V, C)
        For example :func:`ppmi_matrix`.
    dim : int
        Number of dimensions kept, ``1 <= dim < min(V, C)``.
    power : float, default 0.5
        Exponent :math:`p` on the singular values, in [0, 1] (0: :math:`U_k` alone,
        1: :math:`U_k \Sigma_k`).

    Returns
    -------
    ndarray of float64, shape (V, dim)
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.linalg import svds

    M = as_float_array(M, "M", ndim=2)
    if min(M.shape) < 2:
        raise ValueError(f"M has shape {M.shape}; it needs at least 2 rows and 2 columns")
    dim = check_count(dim, "dim", minimum=1, maximum=min(M.shape) - 1)
    power = check_real(power, "power", low=0.0, high=1.0)
    if not np.any(M):
        raise ValueError("M is all zeros: it has no singular directions")
    # ARPACK from a fixed start vector: the same answer on every run. Its products
    # with M are cheaper on a sparse copy when most entries are 0 (as in PPMI).
    start = np.ones(min(M.shape)) / np.sqrt(min(M.shape))
    operator = csr_matrix(M) if np.count_nonzero(M) < 0.25 * M.size else M
    U, s, _ = svds(operator, k=dim, v0=start)
    order = np.argsort(-s, kind="stable")
    U, s = U[:, order], s[order]
    signs = np.sign(U[np.argmax(np.abs(U), axis=0), np.arange(dim)])
    return U * signs * s**power


# --------------------------------------------------------------------------- skip-gram

def skipgram_pairs(ids, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (center, context) pair of ids at most ``window`` apart in each sequence.

    Parameters
    ----------
    ids : list of array_like of int
        One sequence of word ids per document; negative ids mark dropped tokens,
        which keep their place but form no pairs.
    window : int
        Largest distance, at least 1.

    Returns
    -------
    centers, contexts : ndarray of int64, shape (P,)
        Pair ``p`` says ``contexts[p]`` occurred near ``centers[p]``; both
        directions of every pair are present.
    """
    window = check_count(window, "window", minimum=1)
    if ids is None or isinstance(ids, str | np.ndarray) and np.ndim(ids) == 0:
        raise TypeError(f"ids must be a list of id sequences, got {ids!r:.60}")
    centers, contexts = [], []
    for d, sequence in enumerate(ids):
        seq = _asarray(sequence, f"ids[{d}]")
        if seq.ndim != 1:
            raise ValueError(f"ids[{d}] must be 1-D (one id per token), got shape {seq.shape}")
        if seq.size and (seq.dtype == bool or not np.issubdtype(seq.dtype, np.integer)):
            raise TypeError(f"ids[{d}] must hold integer ids, got dtype {seq.dtype}")
        seq = seq.astype(np.int64)
        for offset in range(1, min(window, len(seq) - 1) + 1):
            left, right = seq[:-offset], seq[offset:]
            both = (left >= 0) & (right >= 0)
            centers += [left[both], right[both]]
            contexts += [right[both], left[both]]
    if not centers or not sum(len(c) for c in centers):
        raise ValueError("ids contain no pair of tokens within the window")
    return np.concatenate(centers), np.concatenate(contexts)


def _log_sigmoid(x: np.ndarray) -> np.ndarray:
    """ln(sigma(x)) = -ln(1 + e^{-x}) without overflow."""
    return -np.logaddexp(0.0, -x)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.exp(_log_sigmoid(x))


def sgns_loss(W_in, W_out, centers, contexts, negatives):
    r"""Skip-gram negative-sampling loss of a batch, and its gradients.

    Center word :math:`w` has input vector :math:`\mathbf v_w` (a row of ``W_in``),
    context word :math:`o` output vector :math:`\mathbf u_o` (a row of ``W_out``).
    Each true pair is pushed to a large score and each of its :math:`K` sampled
    negative words :math:`n_k` to a small one:

    .. math::

        L = \frac{1}{P}\sum_{p=1}^{P} \Big[-\ln\sigma(\mathbf u_{o_p}\cdot\mathbf v_{w_p})
            - \sum_{k=1}^{K} \ln\sigma(-\mathbf u_{n_{pk}}\cdot\mathbf v_{w_p})\Big].

    With :math:`g_p = \sigma(s_p) - 1` for the true score and
    :math:`h_{pk} = \sigma(s_{pk})` for the negatives,
    :math:`\partial L/\partial \mathbf v_{w_p} = (g_p \mathbf u_{o_p} + \sum_k h_{pk}
    \mathbf u_{n_{pk}})/P`, and the output rows receive :math:`g_p \mathbf v_{w_p}/P`
    and :math:`h_{pk}\mathbf v_{w_p}/P`. Only rows used in the batch get gradient.

    Parameters
    ----------
    W_in : array_like of shape (V, d)
        Input (center) vectors: the word embeddings.
    W_out : array_like of shape (V, d)
        Output (context) vectors.
    centers, contexts : array_like of int, shape (P,)
        The true pairs.
    negatives : array_like of int, shape (P, K)
        Sampled negative context ids for each pair.

    Returns
    -------
    loss : float
    dW_in : ndarray of shape (V, d)
    dW_out : ndarray of shape (V, d)
    """
    W_in = as_float_array(W_in, "W_in", ndim=2)
    W_out = as_float_array(W_out, "W_out", ndim=2)
    if W_in.shape != W_out.shape or W_in.size == 0:
        raise ValueError(
            f"W_in has shape {W_in.shape} and W_out has shape {W_out.shape}; they must be "
            "the same non-empty (V, d)"
        )
    V = W_in.shape[0]
    centers = _as_ids(centers, "centers", V)
    contexts = _as_ids(contexts, "contexts", V)
    negatives = _as_ids(negatives, "negatives", V)
    if centers.ndim != 1 or centers.size == 0:
        raise ValueError(f"centers must be 1-D and non-empty, got shape {centers.shape}")
    if contexts.shape != centers.shape:
        raise ValueError(f"contexts has shape {contexts.shape} but centers has shape "
                         f"{centers.shape}; they must match")
    if negatives.ndim != 2 or negatives.shape[0] != centers.shape[0]:
        raise ValueError(f"negatives must have shape ({centers.shape[0]}, K), "
                         f"got {negatives.shape}")
    return _sgns_loss(W_in, W_out, centers, contexts, negatives)


def _sgns_loss(W_in, W_out, centers, contexts, negatives):
    P = centers.shape[0]
    v = W_in[centers]                                   # (P, d)
    u_pos = W_out[contexts]                             # (P, d)
    u_neg = W_out[negatives]                            # (P, K, d)
    s_pos = np.einsum("pd,pd->p", u_pos, v)
    s_neg = np.einsum("pkd,pd->pk", u_neg, v)
    loss = -(_log_sigmoid(s_pos).sum() + _log_sigmoid(-s_neg).sum()) / P
    g = (_sigmoid(s_pos) - 1.0) / P                     # dL/ds_pos
    h = _sigmoid(s_neg) / P                             # dL/ds_neg
    d_v = g[:, None] * u_pos + np.einsum("pk,pkd->pd", h, u_neg)
    V, d = W_in.shape
    dW_in = _scatter_rows(V, centers, d_v)
    out_ids = np.concatenate([contexts, negatives.ravel()])
    out_rows = np.concatenate([g[:, None] * v, (h[:, :, None] * v[:, None, :]).reshape(-1, d)])
    dW_out = _scatter_rows(V, out_ids, out_rows)
    return float(loss), dW_in, dW_out


def train_skipgram(corpus, vocab, dim: int = 50, window: int = 2, n_negatives: int = 5,
                   epochs: int = 5, lr: float = 0.01, batch_size: int = 512,
                   subsample: float | None = 1e-3, rng=None):
    r"""Learn word vectors by skip-gram with negative sampling (word2vec), in NumPy.

    Every (center, context) pair within ``window`` tokens is a positive example;
    for each, ``n_negatives`` context words are drawn from the unigram distribution
    raised to the power 3/4. Frequent words are thinned first: a token of relative
    frequency :math:`f` is kept with probability
    :math:`\min(1, \sqrt{t/f} + t/f)` (:math:`t` = ``subsample``), redrawn every
    epoch. Mini-batches of pairs minimise :func:`sgns_loss` with Adam
    (:class:`lib.optim.Adam`).

    Parameters
    ----------
    corpus : list of list of str
    vocab : list of str, length V
        Words to learn; other tokens keep their place but form no pairs.
    dim : int, default 50
    window : int, default 2
    n_negatives : int, default 5
    epochs : int, default 5
    lr : float, default 0.01
        Adam's step size.
    batch_size : int, default 512
    subsample : float or None, default 1e-3
        The threshold :math:`t`; None keeps every token.
    rng : numpy.random.Generator or int
        Source of the initial vectors, the thinning, the shuffling and the negatives.

    Returns
    -------
    vectors : ndarray of shape (V, dim)
        The input vectors :math:`\mathbf v_w`, the word embeddings.
    context_vectors : ndarray of shape (V, dim)
        The output vectors :math:`\mathbf u_o`.
    losses : ndarray of shape (epochs,)
        Mean :func:`sgns_loss` over the batches of each epoch.
    """
    from lib.optim import Adam

    documents = _as_corpus(corpus)
    vocab = _check_vocab(vocab)
    dim = check_count(dim, "dim", minimum=1)
    window = check_count(window, "window", minimum=1)
    n_negatives = check_count(n_negatives, "n_negatives", minimum=1)
    epochs = check_count(epochs, "epochs", minimum=1)
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    batch_size = check_count(batch_size, "batch_size", minimum=1)
    if subsample is not None:
        subsample = check_real(subsample, "subsample", low=0.0, low_open=True)
    rng = as_generator(rng)
    encoded = _encode(documents, vocab)
    V = len(vocab)
    counts = np.bincount(np.concatenate(encoded)[np.concatenate(encoded) >= 0], minlength=V)
    if counts.sum() == 0:
        raise ValueError("no token of the corpus is in vocab")
    noise = counts ** 0.75
    noise_cdf = np.cumsum(noise / noise.sum())
    frequency = counts / counts.sum()
    if subsample is None:
        keep_p = np.ones(V)
    else:
        ratio = subsample / np.maximum(frequency, 1e-300)
        keep_p = np.minimum(1.0, np.sqrt(ratio) + ratio)
    # word2vec's start: small random input vectors, zero output vectors.
    W_in = (rng.random((V, dim)) - 0.5) / dim
    W_out = np.zeros((V, dim))
    optimizer = Adam([W_in, W_out], lr=lr)
    losses = np.empty(epochs)
    for epoch in range(epochs):
        kept = [np.where((ids >= 0) & (rng.random(ids.size) < keep_p[np.maximum(ids, 0)]),
                         ids, -1) for ids in encoded]
        centers, contexts = skipgram_pairs(kept, window)
        order = rng.permutation(centers.size)
        centers, contexts = centers[order], contexts[order]
        total, n_batches = 0.0, 0
        for start in range(0, centers.size, batch_size):
            c, o = centers[start : start + batch_size], contexts[start : start + batch_size]
            negatives = np.searchsorted(noise_cdf, rng.random((c.size, n_negatives)))
            negatives = np.minimum(negatives, V - 1)
            loss, dW_in, dW_out = _sgns_loss(W_in, W_out, c, o, negatives)
            optimizer.step([dW_in, dW_out])
            total, n_batches = total + loss, n_batches + 1
        losses[epoch] = total / n_batches
    return W_in, W_out, losses


# --------------------------------------------------------------------------- directions

def pair_direction(first, second) -> np.ndarray:
    r"""The unit direction shared by word pairs: the mean of their unit-vector differences.

    .. math::

        \mathbf g = \frac{\sum_i (\hat{\mathbf x}_i - \hat{\mathbf y}_i)}
                         {\big\|\sum_i (\hat{\mathbf x}_i - \hat{\mathbf y}_i)\big\|}

    for pairs :math:`(\mathbf x_i, \mathbf y_i)` such as (he, she), (man, woman).
    The cosine of a word with :math:`\mathbf g` says which side of the pairs it leans to.

    Parameters
    ----------
    first, second : array_like of shape (n, d)
        Row ``i`` of each is one side of pair ``i``.

    Returns
    -------
    ndarray of shape (d,)
        A unit vector.
    """
    X = _as_vectors(first, "first", ndim=2)
    Y = _as_vectors(second, "second", ndim=2)
    if X.shape != Y.shape:
        raise ValueError(
            f"first has shape {X.shape} but second has shape {Y.shape}; give one row per pair"
        )
    if X.size == 0:
        raise ValueError(f"first has shape {X.shape}: at least one pair of vectors is needed")
    total = (_unit_rows(X, "first") - _unit_rows(Y, "second")).sum(axis=0).astype(np.float64)
    length = np.linalg.norm(total)
    if length == 0:
        raise ValueError("the pair differences cancel out: their mean is the zero vector")
    return total / length
