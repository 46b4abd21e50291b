r"""Recommenders as low-rank matrices: baselines, the SVD and matrix factorization.

A table of ratings is a matrix :math:`R` with one row per user and one column per
item, most of it missing. Chapter 8 predicts the missing entries in three steps:

1. **Baselines.** The global mean :math:`\mu` (:class:`GlobalMean`), then
   :math:`\mu + b_u + b_i` with regularised user and item biases
   (:class:`BiasBaseline`).
2. **The SVD of a filled-in matrix.** Fill the missing entries, compute the
   truncated SVD (:func:`randomized_svd`, written from scratch), keep rank
   :math:`k` (:func:`rank_k_reconstruction`). Eckart and Young: no rank-:math:`k`
   matrix is closer in the Frobenius norm. :class:`FilledSVD` turns this into a
   predictor.
3. **Matrix factorization on the observed entries only.**
   :math:`\hat r_{ui} = \mu + b_u + b_i + \mathbf p_u \cdot \mathbf q_i`
   (:class:`MatrixFactorization`), fitted by alternating least squares (one ridge
   regression per user, then per item, all solved in one batched call) or by
   stochastic gradient descent.

Around them: :func:`split_ratings` (random) and :func:`split_ratings_by_time`,
the errors :func:`rmse` and :func:`mae`, :func:`top_n` recommendations,
:func:`similar_items` ("more like this", a cosine search over item factors) and
:func:`fold_in` (a new user placed among the fitted item factors from a few
ratings: the answer to cold start).

Ids are 0-based integers. A model asked about a user or item it never saw in
``fit`` falls back to the best baseline it has (:math:`\mu + b_u`,
:math:`\mu + b_i` or :math:`\mu`): never NaN, never an error.

Taught in chapter 8 (SVD recommenders).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.linalg import solve_triangular

from lib._validate import (
    as_float_array,
    as_generator,
    check_count,
    check_option,
    check_real,
)

__all__ = [
    "split_ratings",
    "split_ratings_by_time",
    "rating_matrix",
    "GlobalMean",
    "BiasBaseline",
    "randomized_svd",
    "rank_k_reconstruction",
    "FilledSVD",
    "MatrixFactorization",
    "FoldedInUser",
    "validation_grid",
    "rmse",
    "mae",
    "top_n",
    "similar_items",
    "fold_in",
]


# --------------------------------------------------------------------------- checks

def _asarray(value, name: str) -> np.ndarray:
    """``np.asarray(value)``, with NumPy's error for ragged lists turned into a named one."""
    try:
        return np.asarray(value)
    except ValueError as error:
        raise ValueError(f"{name} must be a flat list or array of numbers, not a ragged "
                         f"nesting ({error})") from None


def _as_ids(value, name: str) -> np.ndarray:
    """``value`` as a 1-D int64 array of ids >= 0, or a clear error."""
    array = _asarray(value, name)
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    ):
        raise TypeError(f"{name} must hold integer ids, got dtype {array.dtype}")
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one id per rating), got shape {array.shape}")
    if np.issubdtype(array.dtype, np.floating):
        whole = np.isfinite(array) & (array == np.round(array))
        if not whole.all():
            where = int(np.argmin(whole))
            raise TypeError(f"{name} must hold integer ids, but {name}[{where}] = {array[where]}")
    array = array.astype(np.int64)
    if array.size and array.min() < 0:
        where = int(np.argmin(array))
        raise ValueError(f"{name} must be ids >= 0, but {name}[{where}] = {array[where]}")
    return array


def _as_triples(users, items, ratings):
    """Validated ``(users, items, ratings)`` of one common length."""
    users = _as_ids(users, "users")
    items = _as_ids(items, "items")
    ratings = as_float_array(_asarray(ratings, "ratings"), "ratings", ndim=1)
    if not (users.shape == items.shape == ratings.shape):
        raise ValueError(
            f"users, items and ratings must have one entry per rating, got lengths "
            f"{users.shape[0]}, {items.shape[0]} and {ratings.shape[0]}"
        )
    return users, items, ratings


def _test_size(test_fraction, n: int) -> int:
    """The number of test ratings, ``round(test_fraction * n)``; both sets must be non-empty."""
    test_fraction = check_real(test_fraction, "test_fraction", low=0, high=1,
                               low_open=True, high_open=True)
    n_test = int(round(test_fraction * n))
    if n_test == 0 or n_test == n:
        raise ValueError(
            f"test_fraction = {test_fraction} of {n} ratings leaves {n_test} test and "
            f"{n - n_test} training ratings; both sets need at least one"
        )
    return n_test


def _as_pairs(users, items):
    users = _as_ids(users, "users")
    items = _as_ids(items, "items")
    if users.shape != items.shape:
        raise ValueError(
            f"users and items must have one entry per prediction, got lengths "
            f"{users.shape[0]} and {items.shape[0]}"
        )
    return users, items


def _check_nonempty(ratings) -> None:
    if ratings.size == 0:
        raise ValueError("ratings is empty: fit needs at least one rating")


def _check_fitted(model, attribute: str) -> None:
    if getattr(model, attribute, None) is None:
        raise ValueError(
            f"{type(model).__name__} is not fitted yet: call fit(users, items, ratings) first")


def _sizes(users, items, n_users, n_items):
    """Matrix sizes: the given ones (checked against the ids) or max id + 1."""
    sizes = []
    for ids, size, name in ((users, n_users, "users"), (items, n_items, "items")):
        needed = int(ids.max()) + 1 if ids.size else 0
        if size is None:
            sizes.append(needed)
            continue
        size = check_count(size, f"n_{name}")
        if needed > size:
            raise ValueError(f"{name} has id {needed - 1} but n_{name} = {size}")
        sizes.append(size)
    return sizes


# --------------------------------------------------------------------------- splits

def split_ratings(users, items, ratings, test_fraction: float = 0.2, *, rng):
    r"""Split ratings at random into a training and a test set.

    Parameters
    ----------
    users, items : array_like of int, shape (n_ratings,)
        The 0-based user and item id of each rating.
    ratings : array_like of float, shape (n_ratings,)
        The ratings.
    test_fraction : float in (0, 1)
        The share of ratings held out; the test set has
        :math:`\mathrm{round}(\text{test\_fraction}\cdot n)` ratings.
    rng : numpy.random.Generator or int
        Source of the random permutation.

    Returns
    -------
    train, test : ndarray of int, shapes (n_train,) and (n_test,)
        Sorted positions into the input arrays: ``users[train]`` and so on.

    Notes
    -----
    A random split lets the model see a user's later ratings when predicting
    earlier ones; :func:`split_ratings_by_time` is the harder, honest version.
    Some test ratings may concern users or items absent from ``train``.
    """
    users, items, ratings = _as_triples(users, items, ratings)
    n = ratings.shape[0]
    n_test = _test_size(test_fraction, n)
    rng = as_generator(rng)
    order = rng.permutation(n)
    return np.sort(order[n_test:]), np.sort(order[:n_test])


def split_ratings_by_time(users, items, ratings, timestamps, test_fraction: float = 0.2):
    r"""Split ratings in time: the latest ``test_fraction`` of them are the test set.

    This is what deployment asks of a recommender: learn from the past, predict
    the future. Ties in time are broken by position, so the split is deterministic.

    Parameters
    ----------
    users, items : array_like of int, shape (n_ratings,)
    ratings : array_like of float, shape (n_ratings,)
    timestamps : array_like of int or float, shape (n_ratings,)
        When each rating was made (any increasing clock, e.g. Unix seconds).
    test_fraction : float in (0, 1)

    Returns
    -------
    train, test : ndarray of int, shapes (n_train,) and (n_test,)
        Sorted positions; every training rating is no later than every test rating.
    """
    users, items, ratings = _as_triples(users, items, ratings)
    timestamps = as_float_array(timestamps, "timestamps", ndim=1)
    if timestamps.shape != ratings.shape:
        raise ValueError(
            f"timestamps has {timestamps.shape[0]} entries but there are "
            f"{ratings.shape[0]} ratings; give one timestamp per rating"
        )
    n = ratings.shape[0]
    n_test = _test_size(test_fraction, n)
    order = np.argsort(timestamps, kind="stable")
    return np.sort(order[: n - n_test]), np.sort(order[n - n_test:])


def rating_matrix(users, items, ratings, shape=None) -> sp.csr_array:
    r"""The sparse rating matrix :math:`R` (users by items) of the observed entries.

    Parameters
    ----------
    users, items : array_like of int, shape (n_ratings,)
    ratings : array_like of float, shape (n_ratings,)
    shape : tuple of int (n_users, n_items), optional
        Default: largest id + 1 in each direction.

    Returns
    -------
    scipy.sparse.csr_array of shape (n_users, n_items)
        :math:`R_{ui} = r_{ui}` where rated. A repeated (user, item) pair is an error.
    """
    users, items, ratings = _as_triples(users, items, ratings)
    if shape is None:
        n_users, n_items = _sizes(users, items, None, None)
    else:
        if not isinstance(shape, tuple | list) or len(shape) != 2:
            raise TypeError(f"shape must be a pair (n_users, n_items), got {shape!r}")
        n_users, n_items = _sizes(users, items, shape[0], shape[1])
    matrix = sp.csr_array((ratings, (users, items)), shape=(n_users, n_items))
    if matrix.nnz != ratings.shape[0]:
        key = users * n_items + items
        _, first, counts = np.unique(key, return_index=True, return_counts=True)
        where = int(first[np.argmax(counts > 1)])
        raise ValueError(
            f"users and items repeat the pair (user {users[where]}, item {items[where]}): "
            "each user may rate each item once"
        )
    return matrix


# --------------------------------------------------------------------------- errors

def _errors(predicted, actual):
    predicted = as_float_array(predicted, "predicted", ndim=1)
    actual = as_float_array(actual, "actual", ndim=1)
    if predicted.shape != actual.shape:
        raise ValueError(
            f"predicted has shape {predicted.shape} but actual has shape {actual.shape}; "
            "they must match"
        )
    if predicted.size == 0:
        raise ValueError("predicted and actual are empty: an error needs at least one rating")
    return predicted - actual


def rmse(predicted, actual) -> float:
    r"""Root mean squared error :math:`\sqrt{\tfrac1n \sum_j (\hat r_j - r_j)^2}`.

    Parameters
    ----------
    predicted, actual : array_like of float, shape (n,)
    """
    diff = _errors(predicted, actual)
    return float(np.sqrt(np.mean(diff**2)))


def mae(predicted, actual) -> float:
    r"""Mean absolute error :math:`\tfrac1n \sum_j |\hat r_j - r_j|`.

    Parameters
    ----------
    predicted, actual : array_like of float, shape (n,)
    """
    diff = _errors(predicted, actual)
    return float(np.mean(np.abs(diff)))


# --------------------------------------------------------------------------- models

class _Model:
    """What every model shares: fitted sizes, the seen ratings, clipping."""

    mu = None

    def _remember(self, users, items, ratings, n_users, n_items):
        self.n_users, self.n_items = _sizes(users, items, n_users, n_items)
        self.mu = float(ratings.mean())
        self.rating_range = (float(ratings.min()), float(ratings.max()))
        self.user_counts = np.bincount(users, minlength=self.n_users)
        self.item_counts = np.bincount(items, minlength=self.n_items)
        self.seen = sp.csr_array(
            (np.ones(users.shape[0], dtype=bool), (users, items)),
            shape=(self.n_users, self.n_items),
        )

    def _known(self, users, items):
        """Which ids are inside the fitted range and were seen in fit."""
        user_known = users < self.n_users
        item_known = items < self.n_items
        user_known[user_known] = self.user_counts[users[user_known]] > 0
        item_known[item_known] = self.item_counts[items[item_known]] > 0
        return user_known, item_known

    def predict(self, users, items, clip: bool = True) -> np.ndarray:
        r"""Predicted ratings of the pairs ``(users[j], items[j])``.

        Parameters
        ----------
        users, items : array_like of int, shape (n,)
            Ids never seen in ``fit`` (or beyond the fitted sizes) get the best
            baseline available instead of an error.
        clip : bool
            Clip to the range of the training ratings (as scikit-surprise does).

        Returns
        -------
        ndarray of shape (n,)
        """
        _check_fitted(self, "mu")
        users, items = _as_pairs(users, items)
        predicted = self._predict(users, items)
        if clip:
            predicted = np.clip(predicted, *self.rating_range)
        return predicted

    def predict_user(self, user) -> np.ndarray:
        """Predicted ratings of every fitted item for one ``user``, shape (n_items,)."""
        _check_fitted(self, "mu")
        user = check_count(user, "user", minimum=0)
        items = np.arange(self.n_items)
        return self.predict(np.full(self.n_items, user), items)


class GlobalMean(_Model):
    r"""The simplest baseline: predict the mean training rating :math:`\mu` everywhere.

    Examples
    --------
    >>> GlobalMean().fit([0, 1], [0, 0], [3.0, 5.0]).predict([1], [7])
    array([4.])
    """

    def fit(self, users, items, ratings, n_users=None, n_items=None) -> GlobalMean:
        """Learn :math:`\\mu` from ratings (users, items, ratings: shape (n_ratings,))."""
        users, items, ratings = _as_triples(users, items, ratings)
        _check_nonempty(ratings)
        self._remember(users, items, ratings, n_users, n_items)
        return self

    def _predict(self, users, items):
        return np.full(users.shape[0], self.mu)


def _bias_sweeps(users, items, residual, n_users, n_items, reg_user, reg_item, n_epochs,
                 user_bias=None):
    """Alternate the closed-form item and user bias updates (items first)."""
    user_count = np.bincount(users, minlength=n_users)
    item_count = np.bincount(items, minlength=n_items)
    user_bias = np.zeros(n_users) if user_bias is None else user_bias
    item_bias = np.zeros(n_items)
    for _ in range(n_epochs):
        # Each update is the exact minimiser over one set of biases with the other
        # fixed: a ridge regression with a single feature, solved by a division.
        item_bias = np.bincount(items, residual - user_bias[users], minlength=n_items) / (
            reg_item + item_count)
        user_bias = np.bincount(users, residual - item_bias[items], minlength=n_users) / (
            reg_user + user_count)
    return user_bias, item_bias


class BiasBaseline(_Model):
    r"""The baseline :math:`\hat r_{ui} = \mu + b_u + b_i` with regularised biases.

    The biases minimise

    .. math::
        \sum_{(u,i)\in\Omega} (r_{ui} - \mu - b_u - b_i)^2
        + \lambda_u \sum_u b_u^2 + \lambda_i \sum_i b_i^2

    by alternating exact updates (items, then users), each a division:
    :math:`b_i = \sum_{u \in \Omega_i} (r_{ui} - \mu - b_u) / (\lambda_i + |\Omega_i|)`,
    and likewise for :math:`b_u`. This is scikit-surprise's ``BaselineOnly`` with its
    default ALS options (``reg_u=15``, ``reg_i=10``, ``n_epochs=10``).

    Parameters
    ----------
    reg_user, reg_item : float >= 0
        :math:`\lambda_u, \lambda_i`. With 0 a bias is a plain average of residuals,
        and an id with no ratings would get 0/0; such ids get bias 0 here.
    n_epochs : int >= 1
        Number of (items, users) sweeps.

    Attributes
    ----------
    mu : float
    user_bias : ndarray of shape (n_users,)
    item_bias : ndarray of shape (n_items,)
    """

    def __init__(self, reg_user: float = 15.0, reg_item: float = 10.0, n_epochs: int = 10):
        self.reg_user = check_real(reg_user, "reg_user", low=0)
        self.reg_item = check_real(reg_item, "reg_item", low=0)
        self.n_epochs = check_count(n_epochs, "n_epochs")
        self.user_bias = self.item_bias = None

    def fit(self, users, items, ratings, n_users=None, n_items=None) -> BiasBaseline:
        """Fit the biases to ratings (users, items, ratings: shape (n_ratings,))."""
        users, items, ratings = _as_triples(users, items, ratings)
        _check_nonempty(ratings)
        self._remember(users, items, ratings, n_users, n_items)
        with np.errstate(invalid="ignore", divide="ignore"):
            user_bias, item_bias = _bias_sweeps(
                users, items, ratings - self.mu, self.n_users, self.n_items,
                self.reg_user, self.reg_item, self.n_epochs)
        # Only an unregularised bias of an id without ratings can be 0/0; it has
        # no data, so its best estimate is no offset at all.
        self.user_bias = np.where(self.user_counts > 0, user_bias, 0.0)
        self.item_bias = np.where(self.item_counts > 0, item_bias, 0.0)
        return self

    def _predict(self, users, items):
        user_known, item_known = self._known(users, items)
        predicted = np.full(users.shape[0], self.mu)
        predicted[user_known] += self.user_bias[users[user_known]]
        predicted[item_known] += self.item_bias[items[item_known]]
        return predicted


# --------------------------------------------------------------------------- the SVD

def randomized_svd(A, k: int, n_oversamples: int = 10, n_iter: int = 4, *, rng):
    r"""The top-:math:`k` singular triplets of ``A`` by a randomized range finder.

    Halko, Martinsson and Tropp (2011): multiply :math:`A` by a random Gaussian
    matrix :math:`\Omega` of :math:`\ell = k + p` columns, so that
    :math:`Y = A\Omega` spans (almost) the top of the column space; sharpen it by
    :math:`q` power iterations :math:`Y \leftarrow A A^\top Y` (re-orthonormalised
    each time, or round-off would drown all but the top direction); take an
    orthonormal basis :math:`Q` of :math:`Y`. Then :math:`A \approx Q Q^\top A`, and
    the SVD of the small :math:`\ell \times n` matrix :math:`B = Q^\top A`,
    :math:`B = \tilde U \Sigma V^\top`, gives :math:`A \approx (Q\tilde U)\Sigma V^\top`.
    Each power iteration multiplies the error in the :math:`j`-th direction by
    about :math:`(\sigma_{\ell+1}/\sigma_j)^2`; here each is *shifted*,
    :math:`Y \leftarrow (AA^\top - cI)Y` with :math:`c` half the smallest Ritz value
    of the current basis, which makes that factor about
    :math:`\sigma_{\ell+1}^2 / (2\sigma_j^2 - \sigma_{\ell+1}^2)`, roughly twice as
    fast on a flat spectrum. Orthonormalisation inside the loop is CholeskyQR.

    The iterations run on the side with fewer rows; when there are many of them,
    :math:`AA^\top` is formed once so that an iteration is one product with a
    small square matrix instead of two with :math:`A`.

    Parameters
    ----------
    A : array_like of shape (m, n)
    k : int, 1 <= k <= min(m, n)
        Number of singular triplets.
    n_oversamples : int >= 0
        Extra random directions :math:`p`; :math:`\ell = \min(k + p, m, n)`.
    n_iter : int >= 0
        Power iterations :math:`q`.
    rng : numpy.random.Generator or int
        Source of :math:`\Omega`.

    Returns
    -------
    U : ndarray of shape (m, k)
        Orthonormal columns.
    s : ndarray of shape (k,)
        Singular values, largest first.
    Vt : ndarray of shape (k, n)
        Orthonormal rows.
    """
    A = as_float_array(A, "A", ndim=2)
    m, n = A.shape
    if min(m, n) == 0:
        raise ValueError(f"A must not be empty, got shape {A.shape}")
    k = check_count(k, "k", minimum=1, maximum=min(m, n))
    n_oversamples = check_count(n_oversamples, "n_oversamples", minimum=0)
    n_iter = check_count(n_iter, "n_iter", minimum=0)
    rng = as_generator(rng)
    # Work on the orientation with fewer rows: a smaller basis to orthonormalise.
    if m > n:
        V, s, Ut = _randomized_svd(A.T, k, n_oversamples, n_iter, rng)
        return Ut.T, s, V.T
    return _randomized_svd(A, k, n_oversamples, n_iter, rng)


def _orthonormal_basis(Y):
    """An orthonormal basis of the columns of ``Y`` (thin Householder QR)."""
    return np.linalg.qr(Y, mode="reduced")[0]


def _cholesky_basis(Y, passes: int = 1):
    r"""A (nearly) orthonormal basis of the columns of ``Y`` by CholeskyQR.

    :math:`Y^\top Y = R^\top R` (Cholesky) gives :math:`Q = Y R^{-1}`: one product
    and one triangular solve, several times faster than Householder QR for a thin
    :math:`Y`. Orthogonality is lost in proportion to :math:`\kappa(Y)^2`; inside the
    power iterations that does no harm (the next iteration orthonormalises again, and
    the final basis is made exactly orthonormal by Householder QR). If ``Y`` is too
    ill-conditioned for the Cholesky factorization, fall back to Householder.
    """
    for _ in range(passes):
        try:
            R = np.linalg.cholesky(Y.T @ Y, upper=True)
        except np.linalg.LinAlgError:
            return _orthonormal_basis(Y)
        Y = solve_triangular(R, Y.T, trans="T", check_finite=False).T
    return Y


def _randomized_svd(A, k, n_oversamples, n_iter, rng):
    """The range finder for a matrix with m <= n rows."""
    m, n = A.shape
    width = min(k + n_oversamples, m)
    Q = _orthonormal_basis(A @ rng.standard_normal((n, width)))
    if n_iter > 0:
        # Each power iteration applies A A^T. Done as two products with A it costs
        # 2 m n width flops; with the m x m Gram matrix formed once (m^2 n flops)
        # it costs m^2 width. The Gram pays for itself when 2 n_iter width > m.
        if 2 * n_iter * width > m:
            gram = A @ A.T
            apply = lambda Q: gram @ Q            # noqa: E731
        else:
            apply = lambda Q: A @ (A.T @ Q)       # noqa: E731
        for _ in range(n_iter):
            Y = apply(Q)
            # The shift: iterate with A A^T - c I, c = half the smallest Ritz value
            # lambda_l of the current basis. Every eigenvalue we want moves down by c
            # and every one we do not want ends within [-c, lambda_(l+1) - c], so the
            # unwanted part shrinks by about (lambda_(l+1)/2) / (lambda_j - lambda_(l+1)/2)
            # per iteration instead of lambda_(l+1) / lambda_j: for a flat spectrum,
            # about twice as fast.
            shift = 0.5 * np.linalg.eigvalsh(Q.T @ Y)[0]
            Q = _cholesky_basis(Y - shift * Q)
        Q = _orthonormal_basis(Q)   # exact orthonormality for the final projection
    # Rayleigh-Ritz: the SVD of the small projection B = Q^T A (width x n), from A
    # itself, so the singular values carry no rounding from the Gram matrix. B is
    # wide: factor B^T = Q_B R first, then only the width x width R needs an SVD.
    Q_B, R = np.linalg.qr((Q.T @ A).T, mode="reduced")
    V_small, s, Ut_small = np.linalg.svd(R.T, full_matrices=False)
    # B = R^T Q_B^T = V_small diag(s) Ut_small Q_B^T
    return Q @ V_small[:, :k], s[:k], (Q_B @ Ut_small.T[:, :k]).T


def rank_k_reconstruction(U, s, Vt, k: int) -> np.ndarray:
    r"""The rank-:math:`k` matrix :math:`A_k = \sum_{j<k} \sigma_j \mathbf u_j \mathbf v_j^\top`.

    By Eckart and Young (1936) no matrix of rank :math:`k` is closer to :math:`A` in
    the Frobenius norm, and :math:`\|A - A_k\|_F^2 = \sum_{j \ge k} \sigma_j^2`.

    Parameters
    ----------
    U : array_like of shape (m, r)
    s : array_like of shape (r,)
        Singular values, largest first.
    Vt : array_like of shape (r, n)
    k : int, 1 <= k <= r

    Returns
    -------
    ndarray of shape (m, n)
    """
    U = as_float_array(U, "U", ndim=2)
    s = as_float_array(s, "s", ndim=1)
    Vt = as_float_array(Vt, "Vt", ndim=2)
    if U.shape[1] != s.shape[0] or Vt.shape[0] != s.shape[0]:
        raise ValueError(
            f"U has shape {U.shape}, s has shape {s.shape} and Vt has shape {Vt.shape}: "
            "U needs one column and Vt one row per singular value"
        )
    k = check_count(k, "k", minimum=1, maximum=s.shape[0])
    return (U[:, :k] * s[:k]) @ Vt[:k]


class FilledSVD(_Model):
    r"""Predict from the rank-:math:`k` SVD of the rating matrix with its gaps filled.

    The SVD needs a complete matrix, so the missing entries must be given values
    first, and that choice decides the result:

    - ``"zeros"``: :math:`R` with 0 where unrated (the SVD then fits the zeros,
      and predicts "not rated" rather than a rating);
    - ``"mean"``: the global mean :math:`\mu` where unrated;
    - ``"baseline"``: factor the residual :math:`r_{ui} - (\mu + b_u + b_i)` of a
      :class:`BiasBaseline`, with 0 (= the baseline's own guess) where unrated, and
      predict :math:`\mu + b_u + b_i + [R_k]_{ui}`.

    Parameters
    ----------
    n_factors : int >= 1
        The rank :math:`k`.
    fill : {"zeros", "mean", "baseline"}
    n_oversamples, n_iter : int
        Passed to :func:`randomized_svd`.
    rng : numpy.random.Generator or int

    Attributes
    ----------
    U : ndarray of shape (n_users, k)
    s : ndarray of shape (k,)
    Vt : ndarray of shape (k, n_items)
    filled : ndarray of shape (n_users, n_items)
        The matrix that was factored.
    item_factors : ndarray of shape (n_items, k)
        :math:`V\Sigma^{1/2}`, the item embeddings used by :func:`similar_items`.
    """

    FILLS = ("zeros", "mean", "baseline")

    def __init__(self, n_factors: int, fill: str = "baseline", n_oversamples: int = 10,
                 n_iter: int = 4, *, rng):
        self.n_factors = check_count(n_factors, "n_factors")
        self.fill = check_option(fill, "fill", self.FILLS)
        self.n_oversamples = check_count(n_oversamples, "n_oversamples", minimum=0)
        self.n_iter = check_count(n_iter, "n_iter", minimum=0)
        self.rng = as_generator(rng)
        self.U = None
        self._rank = self.n_factors

    def fit(self, users, items, ratings, n_users=None, n_items=None) -> FilledSVD:
        """Fill, factor and keep rank ``n_factors`` (inputs of shape (n_ratings,))."""
        users, items, ratings = _as_triples(users, items, ratings)
        _check_nonempty(ratings)
        self._remember(users, items, ratings, n_users, n_items)
        k = self.n_factors
        if k > min(self.n_users, self.n_items):
            raise ValueError(
                f"n_factors = {k} exceeds the rank limit min(n_users, n_items) = "
                f"{min(self.n_users, self.n_items)}"
            )
        self.baseline = None
        if self.fill == "baseline":
            self.baseline = BiasBaseline().fit(users, items, ratings, self.n_users, self.n_items)
            values = ratings - self.baseline._predict(users, items)
            filled = np.zeros((self.n_users, self.n_items))
        else:
            values = ratings
            filled = np.full((self.n_users, self.n_items), 0.0 if self.fill == "zeros" else self.mu)
        filled[users, items] = values
        self.filled = filled
        self.total_energy = float(np.sum(filled**2))
        self.U, self.s, self.Vt = randomized_svd(
            filled, k, self.n_oversamples, self.n_iter, rng=self.rng)
        self.item_factors = self.Vt.T * np.sqrt(self.s)
        return self

    def _predict(self, users, items):
        user_known, item_known = self._known(users, items)
        both = user_known & item_known
        if self.baseline is not None:
            predicted = self.baseline._predict(users, items)
        else:
            # With no biases to fall back on, an unseen id gets the global mean.
            predicted = np.full(users.shape[0], self.mu)
            predicted[both] = 0.0
        k = self._rank
        predicted[both] += np.einsum("jk,k,jk->j", self.U[users[both], :k], self.s[:k],
                                     self.Vt.T[items[both], :k])
        return predicted

    def predict_ranks(self, users, items, clip: bool = True) -> np.ndarray:
        r"""Predictions at every rank :math:`1, \dots, k` at once (a cumulative sum).

        Parameters
        ----------
        users, items : array_like of int, shape (n,)
        clip : bool

        Returns
        -------
        ndarray of shape (n, n_factors)
            Column :math:`j` holds the predictions of rank :math:`j + 1`, the same as
            ``predict(users, items, rank=j + 1)``.
        """
        _check_fitted(self, "U")
        users, items = _as_pairs(users, items)
        base = self._predict_rank_zero(users, items)
        user_known, item_known = self._known(users, items)
        both = user_known & item_known
        terms = np.zeros((users.shape[0], self.n_factors))
        terms[both] = self.U[users[both]] * self.s * self.Vt.T[items[both]]
        predicted = base[:, None] + np.cumsum(terms, axis=1)
        return np.clip(predicted, *self.rating_range) if clip else predicted

    def _predict_rank_zero(self, users, items):
        """What the model predicts before any singular triplet is added."""
        if self.baseline is not None:
            return self.baseline._predict(users, items)
        user_known, item_known = self._known(users, items)
        return np.where(user_known & item_known, 0.0, self.mu)

    def reconstruction_error(self, rank: int | None = None) -> float:
        r"""The squared error :math:`\lVert A - A_k \rVert_F^2` of the filled matrix at rank k.

        By Eckart and Young it equals :math:`\lVert A\rVert_F^2 - \sum_{j \le k}\sigma_j^2`
        (the discarded :math:`\sigma_j^2`), computed that way, without forming :math:`A_k`.

        Parameters
        ----------
        rank : int, 1 <= rank <= n_factors, optional
            Default ``n_factors``.
        """
        _check_fitted(self, "U")
        k = self.n_factors if rank is None else check_count(
            rank, "rank", minimum=1, maximum=self.n_factors)
        return max(self.total_energy - float(np.sum(self.s[:k] ** 2)), 0.0)

    def predict(self, users, items, clip: bool = True, rank: int | None = None) -> np.ndarray:
        r"""Predicted ratings from the rank-``rank`` reconstruction (default ``n_factors``).

        Parameters
        ----------
        users, items : array_like of int, shape (n,)
        clip : bool
            Clip to the range of the training ratings.
        rank : int, 1 <= rank <= n_factors, optional
            Use only the top ``rank`` singular triplets: one fit serves every smaller
            rank (Eckart-Young: the best rank-:math:`j` matrix is the first :math:`j`
            terms of the same SVD).

        Returns
        -------
        ndarray of shape (n,)
        """
        _check_fitted(self, "U")
        self._rank = self.n_factors if rank is None else check_count(
            rank, "rank", minimum=1, maximum=self.n_factors)
        try:
            return super().predict(users, items, clip)
        finally:
            self._rank = self.n_factors


# --------------------------------------------------------------------------- factorization

class MatrixFactorization(_Model):
    r"""Biased matrix factorization: user and item embeddings fitted to observed ratings.

    The model is :math:`\hat r_{ui} = \mu + b_u + b_i + \mathbf p_u \cdot \mathbf q_i`.

    Users and items become vectors :math:`\mathbf p_u, \mathbf q_i \in \mathbb R^k`
    (embeddings, as in chapter 7), fitted on the observed ratings :math:`\Omega`
    only, by minimising

    .. math::
        L = \sum_{(u,i)\in\Omega} \Big[(r_{ui} - \hat r_{ui})^2
            + \lambda\,(\|\mathbf p_u\|^2 + \|\mathbf q_i\|^2)\Big]
            + \lambda_b \Big(\sum_u b_u^2 + \sum_i b_i^2\Big).

    A user with :math:`n_u` ratings pays :math:`\lambda n_u \|\mathbf p_u\|^2` for
    its factors (the weighted-:math:`\lambda` regularisation of Zhou et al. 2008,
    which per-rating SGD descends), but a fixed :math:`\lambda_b b_u^2` for its bias,
    exactly as in :class:`BiasBaseline`: a film with two ratings keeps a small bias
    instead of the full average of two lucky ratings. (The sums over users and items
    run over the ids present in the ratings.)

    ``method="als"`` alternates exact minimisations. With the items fixed, user
    :math:`u`'s problem is a ridge regression of the residuals
    :math:`y_{ui} = r_{ui} - \mu - b_i` on the features :math:`\mathbf x_i = (1, \mathbf q_i)`:

    .. math::
        \Big(\sum_{i\in\Omega_u} \mathbf x_i \mathbf x_i^\top + \Lambda_u\Big)
        \begin{pmatrix} b_u \\ \mathbf p_u \end{pmatrix}
        = \sum_{i\in\Omega_u} y_{ui}\,\mathbf x_i,
        \qquad \Lambda_u = \mathrm{diag}(\lambda_b, n_u\lambda, \dots, n_u\lambda),

    and all users' :math:`(k+1)\times(k+1)` systems are built by one sparse product
    and solved by one batched call; then the same for the items. A sweep costs
    :math:`O(|\Omega| k^2 + (m + n) k^3)`.

    ``method="sgd"`` takes, for each rating in a shuffled mini-batch, Funk's step
    :math:`\theta \leftarrow \theta - \eta\, \tfrac12 \partial \ell_{ui} / \partial\theta`
    on that rating's share :math:`\ell_{ui}` of :math:`L` (a bias penalty is shared
    out as :math:`\lambda_b b_u^2 / n_u` per rating), the steps of one mini-batch
    added together.

    Parameters
    ----------
    n_factors : int >= 1
        The rank :math:`k`.
    reg : float >= 0
        :math:`\lambda`, on the factors.
    method : {"als", "sgd"}
    n_epochs : int >= 1
        ALS sweeps (users then items) or SGD passes over the ratings.
    reg_bias : float >= 0
        :math:`\lambda_b`, on the biases (a fixed amount per id, as in
        :class:`BiasBaseline`).
    learning_rate : float > 0
        :math:`\eta` (SGD only).
    batch_size : int >= 1
        Ratings per SGD step (SGD only).
    init_std : float >= 0
        Standard deviation of the random initial factors.
    rng : numpy.random.Generator or int

    Attributes
    ----------
    mu : float
    user_bias : ndarray of shape (n_users,)
    item_bias : ndarray of shape (n_items,)
    user_factors : ndarray of shape (n_users, k)
        Rows :math:`\mathbf p_u`; zero for users not seen in ``fit``.
    item_factors : ndarray of shape (n_items, k)
        Rows :math:`\mathbf q_i`; zero for items not seen in ``fit``.
    history : dict of str to list of float
        ``"loss"`` (the objective :math:`L` on the training ratings), ``"train_rmse"``
        and ``"test_rmse"``, one value per epoch, recorded when
        ``fit`` is given ``eval_set`` (empty otherwise: the extra predictions cost
        time).
    """

    METHODS = ("als", "sgd")

    def __init__(self, n_factors: int = 10, reg: float = 0.1, method: str = "als",
                 n_epochs: int = 10, *, reg_bias: float = 5.0,
                 learning_rate: float = 0.01, batch_size: int = 256,
                 init_std: float = 0.1, rng):
        self.n_factors = check_count(n_factors, "n_factors")
        self.reg = check_real(reg, "reg", low=0)
        self.method = check_option(method, "method", self.METHODS)
        self.n_epochs = check_count(n_epochs, "n_epochs")
        self.reg_bias = check_real(reg_bias, "reg_bias", low=0)
        self.learning_rate = check_real(learning_rate, "learning_rate", low=0, low_open=True)
        self.batch_size = check_count(batch_size, "batch_size")
        self.init_std = check_real(init_std, "init_std", low=0)
        self.rng = as_generator(rng)
        self.user_factors = None

    # ----- fitting
    def fit(self, users, items, ratings, n_users=None, n_items=None, eval_set=None):
        r"""Fit biases and factors to the observed ratings.

        Parameters
        ----------
        users, items : array_like of int, shape (n_ratings,)
        ratings : array_like of float, shape (n_ratings,)
        n_users, n_items : int, optional
            Sizes of the factor tables (default: largest id + 1).
        eval_set : tuple (users, items, ratings), optional
            Held-out ratings: after every epoch the training loss, the training RMSE
            and the held-out RMSE are appended to ``history``.

        Returns
        -------
        self
        """
        users, items, ratings = _as_triples(users, items, ratings)
        _check_nonempty(ratings)
        if eval_set is not None:
            if not isinstance(eval_set, tuple | list) or len(eval_set) != 3:
                raise TypeError("eval_set must be a tuple (users, items, ratings)")
            eval_set = _as_triples(*eval_set)
        self._remember(users, items, ratings, n_users, n_items)
        k = self.n_factors
        self.user_bias = np.zeros(self.n_users)
        self.item_bias = np.zeros(self.n_items)
        self.user_factors = self.rng.normal(0.0, self.init_std, (self.n_users, k))
        self.item_factors = self.rng.normal(0.0, self.init_std, (self.n_items, k))
        self.user_factors[self.user_counts == 0] = 0.0
        self.item_factors[self.item_counts == 0] = 0.0
        self.history = {"loss": [], "train_rmse": [], "test_rmse": []}
        epoch = self._als_epoch if self.method == "als" else self._sgd_epoch
        state = self._als_setup(users, items, ratings) if self.method == "als" else (
            users, items, ratings)
        for _ in range(self.n_epochs):
            with np.errstate(over="ignore", invalid="ignore"):
                epoch(state)
            self._check_not_diverged()
            if eval_set is not None:
                self.history["loss"].append(self.loss(users, items, ratings))
                self.history["train_rmse"].append(rmse(self._predict(users, items), ratings))
                self.history["test_rmse"].append(
                    rmse(self.predict(eval_set[0], eval_set[1]), eval_set[2]))
        return self

    def _check_not_diverged(self):
        """Raise if a step blew the parameters up (SGD with too large a learning rate)."""
        # Below 1e100 every product p_u . q_i stays finite, so predict can never give NaN.
        tables = (self.user_factors, self.item_factors, self.user_bias, self.item_bias)
        if not all(np.isfinite(t).all() and np.abs(t).max(initial=0) < 1e100 for t in tables):
            raise ValueError(
                f"{self.method.upper()} diverged (learning_rate = {self.learning_rate}, "
                f"reg = {self.reg}): the parameters overflowed; use a smaller learning_rate"
            )

    def _als_setup(self, users, items, ratings):
        """The two sparse layouts (by user, by item) of the ratings, built once."""
        by_user = sp.csr_array((ratings, (users, items)), shape=(self.n_users, self.n_items))
        by_user.sum_duplicates()
        by_user.sort_indices()
        by_item = by_user.T.tocsr()
        by_item.sort_indices()
        return by_user, by_item

    def _als_epoch(self, state):
        by_user, by_item = state
        self.user_bias, self.user_factors = self._ridge_solve(
            by_user, self.item_bias, self.item_factors, self.user_counts)
        self.item_bias, self.item_factors = self._ridge_solve(
            by_item, self.user_bias, self.user_factors, self.item_counts)

    def _ridge_solve(self, R, other_bias, other_factors, counts):
        r"""Solve every row's ridge system against the fixed other side.

        ``R`` is a sparse matrix with one row per entity being solved for, holding
        ratings against the other side's ids. Returns new (bias, factors).
        """
        k1 = self.n_factors + 1
        X = np.hstack([np.ones((other_factors.shape[0], 1)), other_factors])   # (n_other, k+1)
        pattern = R.copy()
        pattern.data = np.ones_like(pattern.data)
        # Gram matrices sum_i x_i x_i^T for every row at once: the sparsity pattern
        # times the table of outer products x_i x_i^T, one row per other id. They are
        # symmetric, so only the upper triangle is summed, then mirrored.
        upper, lower = np.triu_indices(k1)
        triangle = pattern @ (X[:, upper] * X[:, lower])                       # (n_rows, T)
        mirror = np.zeros((k1, k1), dtype=np.int64)
        mirror[upper, lower] = mirror[lower, upper] = np.arange(upper.size)
        gram = triangle[:, mirror.ravel()].reshape(-1, k1, k1)
        targets = R.copy()
        targets.data = targets.data - self.mu - other_bias[targets.indices]
        rhs = targets @ X                                                       # (n_rows, k+1)
        seen = counts > 0
        gram = gram[seen]
        gram[:, np.arange(k1), np.arange(k1)] += _penalty(
            counts[seen], self.n_factors, self.reg, self.reg_bias)
        solution = np.zeros((R.shape[0], k1))
        solution[seen] = _solve_ridge(gram, rhs[seen])
        return solution[:, 0], solution[:, 1:]

    def _sgd_epoch(self, state):
        users, items, ratings = state
        lr, reg = self.learning_rate, self.reg
        # The bias penalty lambda_b b^2 shared out over an id's ratings.
        reg_user_bias = self.reg_bias / np.maximum(self.user_counts, 1)
        reg_item_bias = self.reg_bias / np.maximum(self.item_counts, 1)
        order = self.rng.permutation(ratings.shape[0])
        P, Q, bu, bi = self.user_factors, self.item_factors, self.user_bias, self.item_bias
        for start in range(0, order.shape[0], self.batch_size):
            batch = order[start:start + self.batch_size]
            u, i, r = users[batch], items[batch], ratings[batch]
            pu, qi = P[u], Q[i]
            err = r - (self.mu + bu[u] + bi[i] + np.einsum("jk,jk->j", pu, qi))
            # One Funk step per rating, all taken from the same starting point and
            # added (np.add.at adds repeated ids instead of overwriting them).
            np.add.at(bu, u, lr * (err - reg_user_bias[u] * bu[u]))
            np.add.at(bi, i, lr * (err - reg_item_bias[i] * bi[i]))
            _scatter_add(P, u, lr * (err[:, None] * qi - reg * pu))
            _scatter_add(Q, i, lr * (err[:, None] * pu - reg * qi))

    # ----- predicting
    def _predict(self, users, items):
        user_known, item_known = self._known(users, items)
        if user_known.all() and item_known.all():      # the common case, without masks
            return (self.mu + self.user_bias[users] + self.item_bias[items]
                    + np.einsum("jk,jk->j", self.user_factors[users], self.item_factors[items]))
        predicted = np.full(users.shape[0], self.mu)
        predicted[user_known] += self.user_bias[users[user_known]]
        predicted[item_known] += self.item_bias[items[item_known]]
        both = user_known & item_known
        predicted[both] += np.einsum("jk,jk->j", self.user_factors[users[both]],
                                     self.item_factors[items[both]])
        return predicted

    # ----- the objective, for checking
    def loss(self, users, items, ratings) -> float:
        r"""The objective :math:`L` above on the given ratings (ids must be fitted)."""
        users, items, ratings = self._fitted_triples(users, items, ratings)
        err = ratings - self._predict(users, items)
        factors = self.reg * np.sum(np.sum(self.user_factors[users] ** 2, axis=1)
                                    + np.sum(self.item_factors[items] ** 2, axis=1))
        present_users, present_items = self._present(users, items)
        biases = self.reg_bias * (np.sum(self.user_bias[present_users] ** 2)
                                  + np.sum(self.item_bias[present_items] ** 2))
        return float(np.sum(err**2) + factors + biases)

    def loss_gradient(self, users, items, ratings) -> dict:
        r"""The gradient of :meth:`loss` with respect to every parameter table.

        With :math:`e_{ui} = r_{ui} - \hat r_{ui}`:
        :math:`\partial L/\partial \mathbf p_u = \sum_{i\in\Omega_u}
        (-2 e_{ui} \mathbf q_i + 2\lambda \mathbf p_u)`,
        :math:`\partial L/\partial b_u = 2\lambda_b b_u - 2\sum_{i\in\Omega_u} e_{ui}`,
        and symmetrically for items.

        Returns
        -------
        dict with ``"user_bias"`` (n_users,), ``"item_bias"`` (n_items,),
        ``"user_factors"`` (n_users, k), ``"item_factors"`` (n_items, k).
        """
        users, items, ratings = self._fitted_triples(users, items, ratings)
        P, Q, bu, bi = self.user_factors, self.item_factors, self.user_bias, self.item_bias
        err = ratings - self._predict(users, items)
        grads = {name: np.zeros_like(value) for name, value in (
            ("user_bias", bu), ("item_bias", bi), ("user_factors", P), ("item_factors", Q))}
        np.add.at(grads["user_bias"], users, -2 * err)
        np.add.at(grads["item_bias"], items, -2 * err)
        present_users, present_items = self._present(users, items)
        grads["user_bias"][present_users] += 2 * self.reg_bias * bu[present_users]
        grads["item_bias"][present_items] += 2 * self.reg_bias * bi[present_items]
        np.add.at(grads["user_factors"], users,
                  -2 * err[:, None] * Q[items] + 2 * self.reg * P[users])
        np.add.at(grads["item_factors"], items,
                  -2 * err[:, None] * P[users] + 2 * self.reg * Q[items])
        return grads

    def _present(self, users, items):
        """Masks of the user and item ids that occur in the given ratings."""
        return (np.bincount(users, minlength=self.n_users) > 0,
                np.bincount(items, minlength=self.n_items) > 0)

    def _fitted_triples(self, users, items, ratings):
        _check_fitted(self, "user_factors")
        users, items, ratings = _as_triples(users, items, ratings)
        for ids, size, name in ((users, self.n_users, "users"), (items, self.n_items, "items")):
            if ids.size and ids.max() >= size:
                raise ValueError(f"{name} has id {ids.max()} but the model was fitted with "
                                 f"n_{name} = {size}")
        return users, items, ratings


def _scatter_add(table, rows, values):
    """``table[rows[j]] += values[j]`` for every j, adding (not overwriting) repeated rows.

    ``np.add.at`` on the flattened table with flat indices: several times faster than
    on the 2-D table, which takes a slow general path.
    """
    k = table.shape[1]
    flat = (rows[:, None] * k + np.arange(k)).ravel()
    np.add.at(table.reshape(-1), flat, values.ravel())


def _penalty(counts, n_factors, reg, reg_bias):
    """Diagonal ridge penalties (lambda_b, n lambda, ..., n lambda), one row per count n."""
    factors = np.repeat(counts[:, None] * reg, n_factors, axis=1).astype(np.float64)
    return np.column_stack([np.full(counts.shape[0], float(reg_bias)), factors])


def _solve_ridge(A, b):
    """Solve the systems ``A[j] x[j] = b[j]`` (symmetric, positive semidefinite) in one call.

    With a positive penalty every system is positive definite and ``solve`` works.
    Without one, an id with fewer ratings than unknowns has a singular system; then
    every system gets its minimum-norm least-squares solution (the pseudo-inverse).
    """
    try:
        return np.linalg.solve(A, b[..., None])[..., 0]
    except np.linalg.LinAlgError:
        return (np.linalg.pinv(A, hermitian=True) @ b[..., None])[..., 0]


def validation_grid(fit_data, validation_data, test_data, ranks, regs, n_epochs: int = 6, *,
                    shape, rng):
    r"""Validation and test RMSE of ALS matrix factorization for every rank and :math:`\lambda`.

    The honest way to choose settings: fit on ``fit_data``, score on
    ``validation_data``, and keep ``test_data`` for reporting the chosen model only.

    Parameters
    ----------
    fit_data, validation_data, test_data : tuple (users, items, ratings)
        Arrays of shape (n,) each.
    ranks : sequence of int
    regs : sequence of float
    n_epochs : int
        ALS sweeps per fit.
    shape : tuple (n_users, n_items)
    rng : int
        Seed of every fit (the same start for each model, so they differ only in settings).

    Returns
    -------
    validation, test : ndarray of shape (len(ranks), len(regs))
    """
    fit_data, validation_data, test_data = (
        _as_triples(*_check_triple_arg(d, name)) for d, name in
        ((fit_data, "fit_data"), (validation_data, "validation_data"), (test_data, "test_data")))
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer) or rng < 0:
        raise TypeError(f"rng must be an int seed >= 0 (one start for every model), got {rng!r}")
    ranks = [check_count(k, "ranks") for k in _as_sequence(ranks, "ranks")]
    regs = [check_real(r, "regs", low=0) for r in _as_sequence(regs, "regs")]
    if not isinstance(shape, tuple | list) or len(shape) != 2:
        raise TypeError(f"shape must be a pair (n_users, n_items), got {shape!r}")
    validation = np.zeros((len(ranks), len(regs)))
    test = np.zeros_like(validation)
    for a, k in enumerate(ranks):
        for b, reg in enumerate(regs):
            model = MatrixFactorization(k, reg, "als", n_epochs, rng=int(rng)).fit(
                *fit_data, shape[0], shape[1])
            validation[a, b] = rmse(model.predict(*validation_data[:2]), validation_data[2])
            test[a, b] = rmse(model.predict(*test_data[:2]), test_data[2])
    return validation, test


def _check_triple_arg(value, name):
    if not isinstance(value, tuple | list) or len(value) != 3:
        raise TypeError(f"{name} must be a tuple (users, items, ratings)")
    return value


def _as_sequence(value, name):
    if isinstance(value, str) or not hasattr(value, "__len__") or len(value) == 0:
        raise TypeError(f"{name} must be a non-empty list of values, got {value!r:.60}")
    return list(value)


# --------------------------------------------------------------------------- using a model

@dataclass(frozen=True)
class FoldedInUser:
    r"""A new user placed among a fitted model's item factors by :func:`fold_in`.

    Attributes
    ----------
    bias : float
        :math:`b_u`.
    factors : ndarray of shape (k,)
        :math:`\mathbf p_u`.
    predictions : ndarray of shape (n_items,)
        :math:`\mu + b_u + b_i + \mathbf p_u\cdot\mathbf q_i` for every item, clipped
        to the training range.
    rated : ndarray of int
        The items the user rated.
    """

    bias: float
    factors: np.ndarray
    predictions: np.ndarray
    rated: np.ndarray


def fold_in(model, items, ratings) -> FoldedInUser:
    r"""Place a new user from a few ratings, keeping the fitted items fixed.

    This is one ALS user step for a single user: the ridge regression of
    :math:`r_i - \mu - b_i` on :math:`(1, \mathbf q_i)` with the model's penalty
    :math:`\mathrm{diag}(\lambda_b, n\lambda, \dots, n\lambda)` for :math:`n` ratings.
    No refit is needed, which is how a deployed system answers a newcomer.

    Parameters
    ----------
    model : MatrixFactorization
        A fitted model.
    items : array_like of int, shape (n,)
        Items the new user rated (distinct, fitted ids). With none, the solution is
        :math:`b_u = 0, \mathbf p_u = 0`: the average user, :math:`\mu + b_i`.
    ratings : array_like of float, shape (n,)

    Returns
    -------
    FoldedInUser
    """
    if not isinstance(model, MatrixFactorization):
        raise TypeError(f"model must be a fitted MatrixFactorization, got {type(model).__name__}")
    _check_fitted(model, "user_factors")
    items = _as_ids(items, "items")
    ratings = as_float_array(ratings, "ratings", ndim=1)
    if items.shape != ratings.shape:
        raise ValueError(f"items has {items.shape[0]} entries but ratings has "
                         f"{ratings.shape[0]}; give one rating per item")
    if items.size and items.max() >= model.n_items:
        raise ValueError(f"items has id {items.max()} but the model knows {model.n_items} items")
    if np.unique(items).size != items.size:
        raise ValueError("items repeats an item: rate each item once")
    X = np.hstack([np.ones((items.size, 1)), model.item_factors[items]])
    gram = X.T @ X + np.diag(_penalty(
        np.array([items.size]), model.n_factors, model.reg, model.reg_bias)[0])
    theta = _solve_ridge(gram[None], (X.T @ (ratings - model.mu - model.item_bias[items]))[None])[0]
    predictions = model.mu + theta[0] + model.item_bias + model.item_factors @ theta[1:]
    predictions = np.clip(predictions, *model.rating_range)
    return FoldedInUser(bias=float(theta[0]), factors=theta[1:], predictions=predictions,
                        rated=np.sort(items))


def _as_candidates(candidates, n_items: int):
    """Distinct fitted item ids to choose among (all items when None)."""
    if candidates is None:
        return np.arange(n_items)
    candidates = _as_ids(candidates, "candidates")
    if candidates.size == 0:
        raise ValueError("candidates is empty: give at least one item id")
    if candidates.max() >= n_items:
        raise ValueError(f"candidates has id {candidates.max()} but the model knows "
                         f"{n_items} items")
    return np.unique(candidates)


def top_n(model, user, n: int = 10, exclude_seen: bool = True, candidates=None) -> np.ndarray:
    r"""The ``n`` items with the highest predicted rating for ``user``.

    Parameters
    ----------
    model : a fitted model of this module
    user : int or FoldedInUser
        A fitted user id, or a user made by :func:`fold_in`.
    n : int >= 1
    exclude_seen : bool
        Leave out the items the user rated in training (or in ``fold_in``).
    candidates : array_like of int, optional
        Choose only among these items (for example, films with enough ratings for
        their factors to be trusted). Default: every fitted item.

    Returns
    -------
    ndarray of int, shape (min(n, available),)
        Item ids, best first; ties are broken by the smaller id.
    """
    if not isinstance(model, _Model):
        raise TypeError(
            f"model must be a fitted model of lib.recommend, got {type(model).__name__}")
    _check_fitted(model, "mu")
    n = check_count(n, "n")
    if not isinstance(exclude_seen, bool | np.bool_):
        raise TypeError(f"exclude_seen must be True or False, got {exclude_seen!r}")
    if isinstance(user, FoldedInUser):
        if user.predictions.shape[0] != model.n_items:
            raise ValueError("user was folded into a model with a different number of items")
        scores, seen = user.predictions.copy(), user.rated
    else:
        user = check_count(user, "user", minimum=0)
        if user >= model.n_users:
            raise ValueError(f"user {user} is not a fitted user (n_users = {model.n_users}); "
                             "fold a new user in with fold_in")
        scores = model.predict_user(user)
        seen = model.seen.indices[model.seen.indptr[user]:model.seen.indptr[user + 1]]
    candidates = _as_candidates(candidates, model.n_items)
    if exclude_seen:
        candidates = np.setdiff1d(candidates, seen)
    # lexsort: primary key is the (negated) score, ties go to the smaller id.
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order[:n]]


def similar_items(model, item, n: int = 10, candidates=None):
    r"""Items whose factor vectors point the most nearly the same way as ``item``'s.

    "More like this" as a cosine search (chapter 7) over the item embeddings:
    :math:`\cos(\mathbf q_i, \mathbf q_j) = \mathbf q_i\cdot\mathbf q_j /
    (\|\mathbf q_i\|\,\|\mathbf q_j\|)`.

    Parameters
    ----------
    model : MatrixFactorization or FilledSVD
        A fitted model with ``item_factors`` of shape (n_items, k).
    item : int
        A fitted item id with a nonzero factor vector.
    n : int >= 1
    candidates : array_like of int, optional
        Search only among these items (default: every fitted item).

    Returns
    -------
    items : ndarray of int, shape (min(n, number of candidates other than item),)
        Most similar first, ``item`` itself left out; ties go to the smaller id.
    cosines : ndarray of the same shape
    """
    if not isinstance(model, MatrixFactorization | FilledSVD):
        raise TypeError(
            f"model must be a fitted MatrixFactorization or FilledSVD, got {type(model).__name__}")
    factors = getattr(model, "item_factors", None)
    if factors is None or getattr(model, "mu", None) is None:
        raise ValueError(f"{type(model).__name__} is not fitted yet: call fit first")
    item = check_count(item, "item", minimum=0)
    n = check_count(n, "n")
    if item >= factors.shape[0]:
        raise ValueError(f"item {item} is not a fitted item (n_items = {factors.shape[0]})")
    norms = np.linalg.norm(factors, axis=1)
    if norms[item] == 0:
        raise ValueError(f"item {item} has no factor vector (it had no ratings in fit)")
    pool = _as_candidates(candidates, factors.shape[0])
    pool = pool[pool != item]
    if pool.size == 0:
        raise ValueError("candidates holds no item other than item itself")
    safe = np.where(norms[pool] > 0, norms[pool], 1.0)
    cosines = factors[pool] @ factors[item] / (safe * norms[item])
    order = np.lexsort((pool, -cosines))[:n]
    return pool[order], cosines[order]
