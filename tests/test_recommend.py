"""Tests for lib/recommend.py: the chapter 8 recommenders.

Three kinds of evidence: numbers worked by hand on tiny rating matrices; central
finite differences for the matrix-factorization loss gradient; independent
implementations (np.linalg.svd, scipy.sparse.linalg.svds, np.linalg.lstsq for every
ridge system, scikit-surprise's BaselineOnly on the same split, scikit-learn's
metrics and cosine similarities). Plus hypothesis properties and bad inputs.
"""

import numpy as np
import pytest
import scipy.sparse.linalg as spla
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import mean_absolute_error, mean_squared_error
from sklearn.metrics.pairwise import cosine_similarity

from lib.gradcheck import check_gradients
from lib.recommend import (
    BiasBaseline,
    FilledSVD,
    FoldedInUser,
    GlobalMean,
    MatrixFactorization,
    fold_in,
    mae,
    randomized_svd,
    rank_k_reconstruction,
    rating_matrix,
    rmse,
    similar_items,
    split_ratings,
    split_ratings_by_time,
    top_n,
    validation_grid,
)

# The tiny matrix of the hand computations (rows users, columns items, . missing):
#   [[5, 3],
#    [4, .]]
TINY = (np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([5.0, 3.0, 4.0]))


def synthetic(n_users=30, n_items=40, k=3, density=0.3, seed=0, noise=0.1):
    """Ratings from a known biased low-rank model, observed at random."""
    rng = np.random.default_rng(seed)
    P, Q = rng.normal(size=(n_users, k)), rng.normal(size=(n_items, k))
    full = 3.5 + rng.normal(0, 0.5, (n_users, 1)) + rng.normal(0, 0.5, (1, n_items)) + 0.4 * P @ Q.T
    mask = rng.random((n_users, n_items)) < density
    mask[np.arange(n_users), rng.integers(0, n_items, n_users)] = True   # every user rates
    mask[rng.integers(0, n_users, n_items), np.arange(n_items)] = True   # every item is rated
    users, items = np.nonzero(mask)
    ratings = full[users, items] + rng.normal(0, noise, users.size)
    return users, items, ratings


def movielens():
    """ml-100k through the book's loader, or skip if the data are not installed."""
    data = pytest.importorskip("lib.data")
    if not hasattr(data, "load_movielens_100k"):
        pytest.skip("lib.data.load_movielens_100k is not available")
    try:
        return data.load_movielens_100k()
    except (FileNotFoundError, ImportError, ModuleNotFoundError) as error:
        pytest.skip(f"MovieLens 100k not installed: {error}")


# -- worked numbers ----------------------------------------------------------------
def test_global_mean_by_hand():
    model = GlobalMean().fit(*TINY)
    assert model.mu == 4.0
    np.testing.assert_array_equal(model.predict([1, 5], [1, 9]), [4.0, 4.0])


def test_bias_baseline_one_sweep_by_hand():
    # mu = 4, residuals 1, -1, 0. Items first (b_u = 0):
    #   b_i0 = (1 + 0) / (1 + 2) = 1/3,   b_i1 = -1 / (1 + 1) = -1/2.
    # Then users: b_u0 = ((1 - 1/3) + (-1 + 1/2)) / (1 + 2) = 1/18,
    #             b_u1 = (0 - 1/3) / (1 + 1) = -1/6.
    model = BiasBaseline(reg_user=1, reg_item=1, n_epochs=1).fit(*TINY)
    np.testing.assert_allclose(model.item_bias, [1 / 3, -1 / 2])
    np.testing.assert_allclose(model.user_bias, [1 / 18, -1 / 6])
    np.testing.assert_allclose(model.predict([1], [1]), [4 - 1 / 6 - 1 / 2])


def test_unregularised_biases_of_unrated_ids_are_zero_not_nan():
    # User 2 and item 2 exist (n_users = n_items = 3) but have no ratings: 0 / 0.
    model = BiasBaseline(0, 0, n_epochs=40).fit(*TINY, n_users=3, n_items=3)
    assert np.isfinite(model.user_bias).all() and np.isfinite(model.item_bias).all()
    assert model.user_bias[2] == 0 and model.item_bias[2] == 0
    # The unregularised biases fit the observed ratings exactly (3 equations, 4 unknowns).
    np.testing.assert_allclose(model.predict(*TINY[:2]), TINY[2], atol=1e-9)


def test_rmse_and_mae_by_hand():
    assert rmse([3.0, 4.0], [1.0, 4.0]) == pytest.approx(np.sqrt(2.0))
    assert mae([3.0, 4.0], [1.0, 4.0]) == pytest.approx(1.0)
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=50), rng.normal(size=50)
    assert rmse(a, b) == pytest.approx(np.sqrt(mean_squared_error(b, a)))
    assert mae(a, b) == pytest.approx(mean_absolute_error(b, a))


def test_rating_matrix_by_hand():
    R = rating_matrix(*TINY)
    np.testing.assert_array_equal(R.toarray(), [[5.0, 3.0], [4.0, 0.0]])
    assert rating_matrix(*TINY, shape=(3, 4)).shape == (3, 4)


def test_split_sizes_and_partition():
    users, items, ratings = synthetic()
    train, test = split_ratings(users, items, ratings, 0.25, rng=0)
    assert test.size == round(0.25 * ratings.size)
    np.testing.assert_array_equal(np.sort(np.concatenate([train, test])), np.arange(ratings.size))
    again = split_ratings(users, items, ratings, 0.25, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(again[1], test)


def test_time_split_by_hand():
    stamps = np.array([50, 10, 40, 20, 30])
    train, test = split_ratings_by_time([0] * 5, [0, 1, 2, 3, 4], np.ones(5), stamps, 0.4)
    np.testing.assert_array_equal(train, [1, 3, 4])     # times 10, 20, 30
    np.testing.assert_array_equal(test, [0, 2])         # times 50, 40


def test_top_n_by_hand():
    # mu = 4 and the biases decide: a fitted GlobalMean predicts 4 everywhere, so
    # top_n breaks the tie by the smaller id among unseen items.
    users, items, ratings = np.array([0, 0, 1, 1]), np.array([0, 1, 2, 3]), np.array([5.0, 3, 4, 4])
    model = GlobalMean().fit(users, items, ratings)
    np.testing.assert_array_equal(top_n(model, 0, n=2), [2, 3])
    np.testing.assert_array_equal(top_n(model, 0, n=2, exclude_seen=False), [0, 1])
    biases = BiasBaseline(0, 0, n_epochs=50).fit(users, items, ratings)
    best = top_n(biases, 0, n=4, exclude_seen=False)
    np.testing.assert_array_equal(best, np.argsort(-biases.item_bias, kind="stable"))


def test_mf_prediction_formula_by_hand():
    model = MatrixFactorization(2, 0.1, n_epochs=1, reg_bias=0.2, rng=0).fit(*TINY)
    model.mu, model.user_bias[:], model.item_bias[:] = 3.0, [0.5, -0.5], [0.25, 0.0]
    model.user_factors[:] = [[1.0, 2.0], [0.0, 1.0]]
    model.item_factors[:] = [[0.5, 0.25], [-1.0, 0.0]]
    # user 0, item 0: 3 + 0.5 + 0.25 + (0.5 + 0.5) = 4.75; user 1, item 1: 3 - 0.5 + 0 + 0 = 2.5
    np.testing.assert_allclose(model.predict([0, 1], [0, 1], clip=False), [4.75, 2.5])
    # the loss at these numbers: errors 5 - 4.75, 3 - (3.5 - 1), 4 - (2.75 + 0.25)
    errors = np.array([0.25, 0.5, 1.0])
    penalty = 0.1 * (5 + 0.3125) + 0.1 * (5 + 1) + 0.1 * (1 + 0.3125)    # factors, per rating
    penalty += 0.2 * (0.25 + 0.25) + 0.2 * (0.0625 + 0)                  # biases, per id
    assert model.loss(*TINY) == pytest.approx(np.sum(errors**2) + penalty)


def test_seeds_exercise_dot_products():
    # The source's exercise: p = [2, 1, 3] scores q = [1, 2, 1] as 7 and q2 = [3, 0, 1] as 9.
    model = MatrixFactorization(3, 0.0, n_epochs=1, rng=0).fit([0, 0], [0, 1], [3.0, 3.0])
    model.mu, model.user_bias[:], model.item_bias[:] = 0.0, 0.0, 0.0
    model.user_factors[0] = [2, 1, 3]
    model.item_factors[:] = [[1, 2, 1], [3, 0, 1]]
    np.testing.assert_allclose(model.predict([0, 0], [0, 1], clip=False), [7.0, 9.0])


# -- the SVD ----------------------------------------------------------------------
def decaying_matrix(m=60, n=40, seed=0, decay=0.7):
    rng = np.random.default_rng(seed)
    U, _ = np.linalg.qr(rng.normal(size=(m, n)))
    V, _ = np.linalg.qr(rng.normal(size=(n, n)))
    s = 10.0 * decay ** np.arange(n)
    return (U * s) @ V.T, s


@pytest.mark.parametrize("shape", [(60, 40), (40, 60)])
def test_randomized_svd_matches_numpy_and_scipy(shape):
    A, _ = decaying_matrix(*sorted(shape, reverse=True))
    A = A if shape[0] >= shape[1] else A.T
    U, s, Vt = randomized_svd(A, 8, n_oversamples=10, n_iter=6, rng=0)
    s_np = np.linalg.svd(A, compute_uv=False)[:8]
    np.testing.assert_allclose(s, s_np, rtol=1e-10)
    s_svds = np.sort(spla.svds(A, k=8, random_state=0)[1])[::-1]
    np.testing.assert_allclose(s, s_svds, rtol=1e-9)
    assert U.shape == (shape[0], 8) and Vt.shape == (8, shape[1])
    np.testing.assert_allclose(U.T @ U, np.eye(8), atol=1e-12)
    np.testing.assert_allclose(Vt @ Vt.T, np.eye(8), atol=1e-12)
    # Same singular vectors up to sign: |u_j . u_j^true| = 1.
    U_np, _, Vt_np = np.linalg.svd(A, full_matrices=False)
    np.testing.assert_allclose(np.abs(np.sum(U * U_np[:, :8], axis=0)), 1.0, atol=1e-9)
    np.testing.assert_allclose(np.abs(np.sum(Vt * Vt_np[:8], axis=1)), 1.0, atol=1e-9)


def test_power_iterations_improve_accuracy():
    A, s_true = decaying_matrix(decay=0.9)
    errors = []
    for q in (0, 1, 3):
        s = randomized_svd(A, 5, n_oversamples=2, n_iter=q, rng=0)[1]
        errors.append(np.max(np.abs(s - s_true[:5]) / s_true[:5]))
    assert errors[0] > errors[1] > errors[2]


def test_eckart_young_identity():
    A, _ = decaying_matrix()
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    for k in (1, 5, 20):
        A_k = rank_k_reconstruction(U, s, Vt, k)
        assert np.linalg.matrix_rank(A_k) == k
        np.testing.assert_allclose(np.linalg.norm(A - A_k) ** 2, np.sum(s[k:] ** 2), rtol=1e-10)
    # and no other rank-5 matrix in a random family does better
    best = np.linalg.norm(A - rank_k_reconstruction(U, s, Vt, 5))
    rng = np.random.default_rng(3)
    for _ in range(20):
        X = rng.normal(size=(A.shape[0], 5)) @ rng.normal(size=(5, A.shape[1]))
        assert np.linalg.norm(A - X) >= best


def test_filled_svd_zeros_is_the_svd_of_r():
    users, items, ratings = synthetic()
    model = FilledSVD(4, fill="zeros", n_iter=30, rng=0).fit(users, items, ratings)
    R = rating_matrix(users, items, ratings).toarray()
    U, s, Vt = np.linalg.svd(R, full_matrices=False)
    np.testing.assert_allclose(model.s, s[:4], rtol=1e-8)
    expected = rank_k_reconstruction(U, s, Vt, 4)[users, items]
    np.testing.assert_allclose(model.predict(users, items, clip=False), expected, atol=1e-8)


def test_filled_svd_rank_uses_the_leading_triplets():
    users, items, ratings = synthetic()
    model = FilledSVD(6, fill="mean", n_iter=30, rng=0).fit(users, items, ratings)
    small = FilledSVD(2, fill="mean", n_iter=30, rng=0).fit(users, items, ratings)
    np.testing.assert_allclose(model.predict(users, items, rank=2),
                               small.predict(users, items), atol=1e-8)
    with pytest.raises(ValueError, match="rank"):
        model.predict(users, items, rank=7)
    # Eckart-Young, without forming A_k: the error equals that of the formed matrix
    A_2 = rank_k_reconstruction(model.U, model.s, model.Vt, 2)
    assert model.reconstruction_error(2) == pytest.approx(np.sum((model.filled - A_2) ** 2))
    assert model._rank == 6
    every = model.predict_ranks(users, items)
    for k in (1, 4, 6):
        np.testing.assert_allclose(every[:, k - 1], model.predict(users, items, rank=k),
                                   atol=1e-12)


def test_gram_and_two_product_power_iterations_agree():
    A, s_true = decaying_matrix(m=80, n=50, decay=0.8)
    A = A.T                     # 50 x 80: the iterations run on the 50 rows
    # 2 * n_iter * width > m takes the Gram path; n_iter = 1 with width 12 does not.
    fast = randomized_svd(A, 6, 6, 6, rng=0)[1]
    slow = randomized_svd(A, 6, 6, 1, rng=0)[1]
    np.testing.assert_allclose(fast, s_true[:6], rtol=1e-10)
    np.testing.assert_allclose(slow, s_true[:6], rtol=1e-3)


def test_filled_svd_fills():
    users, items, ratings = synthetic()
    for fill in FilledSVD.FILLS:
        model = FilledSVD(3, fill=fill, rng=0).fit(users, items, ratings)
        filled = model.filled.copy()
        if fill == "baseline":
            filled[users, items] += model.baseline.predict(users, items, clip=False)
        np.testing.assert_allclose(filled[users, items], ratings)
        unrated = np.ones(filled.shape, bool)
        unrated[users, items] = False
        expected = {"zeros": 0.0, "mean": ratings.mean(), "baseline": 0.0}[fill]
        np.testing.assert_allclose(model.filled[unrated], expected)
    # the baseline fill beats the other two on held-out entries of a biased matrix
    train, test = split_ratings(users, items, ratings, 0.2, rng=0)
    scores = {fill: rmse(FilledSVD(3, fill=fill, rng=0).fit(
        users[train], items[train], ratings[train], 30, 40).predict(users[test], items[test]),
        ratings[test]) for fill in FilledSVD.FILLS}
    assert scores["baseline"] < scores["mean"] < scores["zeros"]


# -- the bias baseline against scikit-surprise -------------------------------------
def surprise_baseline_rmse(users, items, ratings, train, test, **options):
    surprise = pytest.importorskip("surprise")
    raw = [(int(u), int(i), float(r), None) for u, i, r in
           zip(users[train], items[train], ratings[train], strict=True)]
    scale = (float(ratings.min()), float(ratings.max()))
    trainset = surprise.Dataset(surprise.Reader(rating_scale=scale)).construct_trainset(raw)
    algo = surprise.BaselineOnly(bsl_options=dict(method="als", **options), verbose=False)
    algo.fit(trainset)
    predicted = np.array([algo.predict(int(u), int(i)).est
                          for u, i in zip(users[test], items[test], strict=True)])
    return rmse(predicted, ratings[test]), algo


def test_bias_baseline_equals_surprise_on_synthetic_split():
    users, items, ratings = synthetic(n_users=50, n_items=70, density=0.15)
    ratings = np.clip(np.round(ratings), 1, 5)
    train, test = split_ratings(users, items, ratings, 0.3, rng=2)
    theirs, algo = surprise_baseline_rmse(users, items, ratings, train, test,
                                          reg_u=5, reg_i=3, n_epochs=7)
    model = BiasBaseline(reg_user=5, reg_item=3, n_epochs=7).fit(
        users[train], items[train], ratings[train], 50, 70)
    assert rmse(model.predict(users[test], items[test]), ratings[test]) == pytest.approx(
        theirs, rel=1e-12)
    # and bias by bias, through surprise's raw -> inner id maps
    trainset = algo.trainset
    for raw_user in range(0, 50, 7):
        if trainset.knows_user(trainset.to_inner_uid(raw_user)):
            assert model.user_bias[raw_user] == pytest.approx(
                algo.bu[trainset.to_inner_uid(raw_user)], abs=1e-12)


def test_bias_baseline_equals_surprise_on_movielens():
    data = movielens()
    train, test = split_ratings(data.users, data.items, data.ratings, 0.2, rng=0)
    theirs, _ = surprise_baseline_rmse(data.users, data.items, data.ratings, train, test)
    model = BiasBaseline().fit(data.users[train], data.items[train], data.ratings[train],
                               data.n_users, data.n_items)
    ours = rmse(model.predict(data.users[test], data.items[test]), data.ratings[test])
    assert ours == pytest.approx(theirs, rel=1e-12)


def test_bias_baseline_converges_to_the_least_squares_solution():
    users, items, ratings = synthetic(n_users=12, n_items=9, density=0.5)
    model = BiasBaseline(reg_user=2.0, reg_item=3.0, n_epochs=500).fit(users, items, ratings)
    # Independent: the augmented least-squares problem [A; sqrt(reg) I] b = [r - mu; 0]
    n_u, n_i = 12, 9
    A = np.zeros((ratings.size, n_u + n_i))
    A[np.arange(ratings.size), users] = 1
    A[np.arange(ratings.size), n_u + items] = 1
    penalty = np.diag(np.sqrt(np.r_[np.full(n_u, 2.0), np.full(n_i, 3.0)]))
    solution = np.linalg.lstsq(np.vstack([A, penalty]),
                               np.r_[ratings - ratings.mean(), np.zeros(n_u + n_i)], rcond=None)[0]
    np.testing.assert_allclose(model.user_bias, solution[:n_u], atol=1e-10)
    np.testing.assert_allclose(model.item_bias, solution[n_u:], atol=1e-10)


# -- matrix factorization ------------------------------------------------------------
def test_mf_loss_gradient_by_finite_differences():
    users, items, ratings = synthetic(n_users=6, n_items=5, k=2, density=0.6)
    model = MatrixFactorization(3, 0.3, n_epochs=2, reg_bias=0.7, rng=1).fit(users, items, ratings)
    model.user_bias += np.random.default_rng(0).normal(size=model.user_bias.shape)
    grads = model.loss_gradient(users, items, ratings)
    names = ["user_bias", "item_bias", "user_factors", "item_factors"]
    params = [getattr(model, name) for name in names]
    check_gradients(lambda: model.loss(users, items, ratings), params,
                    [grads[name] for name in names], tol=1e-7, names=names)


def test_gradient_vanishes_at_each_als_half_step():
    # After the item half-sweep, the items are an exact minimiser: their gradient is 0.
    users, items, ratings = synthetic()
    model = MatrixFactorization(4, 0.1, n_epochs=3, rng=0).fit(users, items, ratings)
    grads = model.loss_gradient(users, items, ratings)
    assert np.abs(grads["item_factors"]).max() < 1e-9
    assert np.abs(grads["item_bias"]).max() < 1e-9
    assert np.abs(grads["user_factors"]).max() > 1e-6   # users moved on since their step


def test_als_user_step_equals_independent_ridge_solves():
    users, items, ratings = synthetic()
    model = MatrixFactorization(3, 0.2, n_epochs=2, reg_bias=2.5, rng=0).fit(users, items, ratings)
    Q, bi, mu = model.item_factors.copy(), model.item_bias.copy(), model.mu
    state = model._als_setup(users, items, ratings)
    bu, P = model._ridge_solve(state[0], bi, Q, model.user_counts)
    for u in range(5):
        mine = users == u
        X = np.hstack([np.ones((mine.sum(), 1)), Q[items[mine]]])
        y = ratings[mine] - mu - bi[items[mine]]
        scale = np.sqrt(np.r_[2.5, np.full(3, mine.sum() * 0.2)])
        theta = np.linalg.lstsq(np.vstack([X, np.diag(scale)]), np.r_[y, np.zeros(4)],
                                rcond=None)[0]
        np.testing.assert_allclose(np.r_[bu[u], P[u]], theta, atol=1e-10)


def test_als_loss_never_increases():
    users, items, ratings = synthetic()
    model = MatrixFactorization(5, 0.05, n_epochs=1, rng=0).fit(users, items, ratings)
    state = model._als_setup(users, items, ratings)
    losses = [model.loss(users, items, ratings)]
    for _ in range(8):
        model._als_epoch(state)
        losses.append(model.loss(users, items, ratings))
    assert np.all(np.diff(losses) <= 1e-9 * losses[0])


def test_mf_recovers_a_low_rank_model():
    users, items, ratings = synthetic(n_users=60, n_items=50, density=0.4, noise=0.05)
    train, test = split_ratings(users, items, ratings, 0.2, rng=0)
    args = users[train], items[train], ratings[train], 60, 50
    base = rmse(BiasBaseline().fit(*args).predict(users[test], items[test]), ratings[test])
    for method, kwargs in (("als", {}), ("sgd", dict(learning_rate=0.02, batch_size=16))):
        model = MatrixFactorization(3, 0.01, method, 40, rng=0, **kwargs).fit(*args)
        assert rmse(model.predict(users[test], items[test]), ratings[test]) < 0.5 * base


def test_sgd_with_batch_one_is_funk_sgd():
    users, items, ratings = synthetic(n_users=8, n_items=7, density=0.5)
    model = MatrixFactorization(2, 0.05, "sgd", 1, reg_bias=0.3, learning_rate=0.01,
                                batch_size=1, rng=np.random.default_rng(4))
    model.fit(users, items, ratings)
    # Replay: same initial draws, same order, one rating at a time (Funk 2006, Koren et al. 2009).
    rng = np.random.default_rng(4)
    P, Q = rng.normal(0, 0.1, (8, 2)), rng.normal(0, 0.1, (7, 2))
    bu, bi, mu = np.zeros(8), np.zeros(7), ratings.mean()
    n_u, n_i = np.bincount(users, minlength=8), np.bincount(items, minlength=7)
    for j in rng.permutation(ratings.size):
        u, i, r = users[j], items[j], ratings[j]
        e = r - (mu + bu[u] + bi[i] + P[u] @ Q[i])
        bu[u] += 0.01 * (e - 0.3 / n_u[u] * bu[u])     # the bias penalty shared per rating
        bi[i] += 0.01 * (e - 0.3 / n_i[i] * bi[i])
        P[u], Q[i] = P[u] + 0.01 * (e * Q[i] - 0.05 * P[u]), Q[i] + 0.01 * (e * P[u] - 0.05 * Q[i])
    np.testing.assert_allclose(model.user_factors, P, atol=1e-14)
    np.testing.assert_allclose(model.item_factors, Q, atol=1e-14)
    np.testing.assert_allclose(model.user_bias, bu, atol=1e-14)


def test_sgd_divergence_is_reported():
    users, items, ratings = synthetic()
    model = MatrixFactorization(5, 0.0, "sgd", 30, learning_rate=5.0, rng=0)
    with pytest.raises(ValueError, match="learning_rate"):
        model.fit(users, items, ratings)


def test_unseen_ids_fall_back_to_baselines():
    users, items, ratings = synthetic()
    model = MatrixFactorization(3, 0.1, n_epochs=3, rng=0).fit(users, items, ratings,
                                                                n_users=35, n_items=45)
    mu, bu, bi = model.mu, model.user_bias, model.item_bias
    # a seen user with an unseen item (id 42 < n_items, id 100 beyond): mu + b_u
    got = model.predict([0, 0, 33, 99, 33], [42, 100, 1, 2, 44], clip=False)
    np.testing.assert_allclose(got, [mu + bu[0], mu + bu[0], mu + bi[1], mu + bi[2], mu])
    assert model.history == {"loss": [], "train_rmse": [], "test_rmse": []}


def test_eval_set_records_test_rmse():
    users, items, ratings = synthetic()
    train, test = split_ratings(users, items, ratings, 0.2, rng=0)
    model = MatrixFactorization(3, 0.1, n_epochs=4, rng=0).fit(
        users[train], items[train], ratings[train],
        eval_set=(users[test], items[test], ratings[test]))
    assert len(model.history["test_rmse"]) == len(model.history["train_rmse"]) == 4
    assert model.history["loss"][-1] == pytest.approx(
        model.loss(users[train], items[train], ratings[train]))
    assert model.history["train_rmse"][-1] == pytest.approx(
        rmse(model.predict(users[train], items[train], clip=False), ratings[train]))
    assert model.history["test_rmse"][-1] == pytest.approx(
        rmse(model.predict(users[test], items[test]), ratings[test]))


def test_validation_grid_equals_a_plain_loop():
    users, items, ratings = synthetic()
    train, test = split_ratings(users, items, ratings, 0.2, rng=0)
    fit, val = split_ratings(users[train], items[train], ratings[train], 0.25, rng=1)
    parts = [tuple(a[train][rows] for a in (users, items, ratings)) for rows in (fit, val)]
    held = (users[test], items[test], ratings[test])
    validation, scores = validation_grid(*parts, held, [1, 3], [0.05, 0.5], 3, shape=(30, 40),
                                         rng=0)
    for a, k in enumerate([1, 3]):
        for b, reg in enumerate([0.05, 0.5]):
            model = MatrixFactorization(k, reg, "als", 3, rng=0).fit(*parts[0], 30, 40)
            assert validation[a, b] == rmse(model.predict(*parts[1][:2]), parts[1][2])
            assert scores[a, b] == rmse(model.predict(*held[:2]), held[2])


def test_mf_is_reproducible_from_a_seed():
    users, items, ratings = synthetic()
    a = MatrixFactorization(3, 0.1, "sgd", 2, rng=7).fit(users, items, ratings)
    b = MatrixFactorization(3, 0.1, "sgd", 2, rng=np.random.default_rng(7))
    b.fit(users, items, ratings)
    np.testing.assert_array_equal(a.user_factors, b.user_factors)


# -- using a model -----------------------------------------------------------------
def test_fold_in_equals_an_als_user_step():
    users, items, ratings = synthetic()
    model = MatrixFactorization(3, 0.2, n_epochs=4, reg_bias=1.5, rng=0).fit(users, items, ratings)
    state = model._als_setup(users, items, ratings)
    bu, P = model._ridge_solve(state[0], model.item_bias, model.item_factors, model.user_counts)
    for u in (0, 7):
        mine = users == u
        new = fold_in(model, items[mine], ratings[mine])
        assert isinstance(new, FoldedInUser)
        assert new.bias == pytest.approx(bu[u], abs=1e-8)
        np.testing.assert_allclose(new.factors, P[u], atol=1e-8)
        expected = model.mu + bu[u] + model.item_bias + model.item_factors @ P[u]
        np.testing.assert_allclose(new.predictions, np.clip(expected, *model.rating_range),
                                   atol=1e-8)


def test_fold_in_without_ratings_is_the_average_user():
    users, items, ratings = synthetic()
    model = MatrixFactorization(3, 0.1, n_epochs=3, rng=0).fit(users, items, ratings)
    nobody = fold_in(model, [], [])
    assert nobody.bias == 0 and not nobody.factors.any()
    np.testing.assert_allclose(nobody.predictions,
                               np.clip(model.mu + model.item_bias, *model.rating_range))


def test_fold_in_top_n_excludes_the_rated_items():
    users, items, ratings = synthetic()
    model = MatrixFactorization(3, 0.1, n_epochs=3, rng=0).fit(users, items, ratings)
    new = fold_in(model, [0, 5, 9], [5.0, 1.0, 4.0])
    best = top_n(model, new, n=40)
    assert set(best).isdisjoint({0, 5, 9}) and best.size == 37
    assert np.all(np.diff(new.predictions[best]) <= 0)


def test_top_n_excludes_seen_and_orders_by_prediction():
    users, items, ratings = synthetic()
    model = MatrixFactorization(3, 0.1, n_epochs=3, rng=0).fit(users, items, ratings)
    best = top_n(model, 4, n=5)
    rated = set(items[users == 4])
    assert rated.isdisjoint(best)
    scores = model.predict_user(4)
    unrated = np.setdiff1d(np.arange(40), list(rated))
    assert scores[best[0]] == scores[unrated].max()
    assert np.all(np.diff(scores[best]) <= 0)
    among = top_n(model, 4, n=3, candidates=[0, 1, 2, 3, 4, 5])
    allowed = np.setdiff1d([0, 1, 2, 3, 4, 5], list(rated))
    assert set(among) <= set(allowed) and scores[among[0]] == scores[allowed].max()


def test_similar_items_against_sklearn_cosine():
    users, items, ratings = synthetic()
    model = MatrixFactorization(4, 0.1, n_epochs=3, rng=0).fit(users, items, ratings)
    found, cosines = similar_items(model, 3, n=5)
    reference = cosine_similarity(model.item_factors)[3]
    reference[3] = -np.inf
    np.testing.assert_array_equal(found, np.argsort(-reference, kind="stable")[:5])
    np.testing.assert_allclose(cosines, reference[found], atol=1e-12)
    pool = [1, 3, 8, 9, 20, 21]
    found, cosines = similar_items(model, 3, n=3, candidates=pool)
    in_pool = np.array([1, 8, 9, 20, 21])
    expected = in_pool[np.argsort(-reference[in_pool], kind="stable")[:3]]
    np.testing.assert_array_equal(found, expected)
    svd_model = FilledSVD(3, rng=0).fit(users, items, ratings)
    assert similar_items(svd_model, 0, n=3)[0].shape == (3,)


# -- properties -----------------------------------------------------------------------
ids = st.lists(st.integers(0, 10_000), min_size=1, max_size=30)


@given(ids, ids)
def test_predictions_are_finite_for_any_ids(user_ids, item_ids):
    n = min(len(user_ids), len(item_ids))
    users, items, ratings = TINY
    for model in (GlobalMean(), BiasBaseline(0, 0),
                  MatrixFactorization(2, 0.0, n_epochs=2, rng=0), FilledSVD(1, rng=0)):
        model.fit(users, items, ratings)
        predicted = model.predict(user_ids[:n], item_ids[:n])
        assert np.isfinite(predicted).all()
        assert np.all((predicted >= 3.0) & (predicted <= 5.0))


@given(st.integers(2, 200), st.floats(0.01, 0.99), st.integers(0, 2**32 - 1))
def test_split_is_a_partition(n, fraction, seed):
    n_test = round(fraction * n)
    args = np.zeros(n, int), np.arange(n), np.ones(n)
    if n_test in (0, n):
        with pytest.raises(ValueError, match="test_fraction"):
            split_ratings(*args, fraction, rng=seed)
        return
    train, test = split_ratings(*args, fraction, rng=seed)
    assert test.size == n_test and np.intersect1d(train, test).size == 0
    assert train.size + test.size == n
    stamps = np.random.default_rng(seed).integers(0, 5, n)
    train, test = split_ratings_by_time(*args, stamps, fraction)
    assert stamps[train].max() <= stamps[test].min()


@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=20), st.floats(-10, 10))
def test_rmse_bounds_mae_and_is_shift_invariant(values, shift):
    values = np.array(values)
    actual = np.zeros_like(values)
    assert rmse(values, actual) >= mae(values, actual) - 1e-12
    assert rmse(values + shift, actual + shift) == pytest.approx(rmse(values, actual), abs=1e-9)


@given(st.integers(1, 12), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_randomized_svd_is_exact_on_low_rank_matrices(m, n, seed):
    rng = np.random.default_rng(seed)
    r = min(m, n, 3)
    A = rng.normal(size=(m, r)) @ rng.normal(size=(r, n))
    U, s, Vt = randomized_svd(A, r, n_oversamples=2, n_iter=1, rng=seed)
    np.testing.assert_allclose(rank_k_reconstruction(U, s, Vt, r), A,
                               atol=1e-8 * max(1, np.abs(A).max()))
    assert np.all(np.diff(s) <= 1e-12)


# -- bad inputs -------------------------------------------------------------------------
def test_bad_inputs_name_the_argument():
    users, items, ratings = TINY
    with pytest.raises(ValueError, match="lengths 3, 2 and 3"):
        BiasBaseline().fit(users, items[:2], ratings)
    with pytest.raises(TypeError, match=r"users\[0\] = 0.5"):
        GlobalMean().fit([0.5, 1, 0], items, ratings)
    with pytest.raises(ValueError, match="users must be ids >= 0"):
        GlobalMean().fit([-1, 1, 0], items, ratings)
    with pytest.raises(ValueError, match="ratings"):
        GlobalMean().fit(users, items, [1.0, np.nan, 2.0])
    with pytest.raises(ValueError, match="empty"):
        GlobalMean().fit([], [], [])
    with pytest.raises(ValueError, match="not fitted"):
        MatrixFactorization(rng=0).predict([0], [0])
    with pytest.raises(ValueError, match="method"):
        MatrixFactorization(method="svd", rng=0)
    with pytest.raises(TypeError, match="rng"):
        MatrixFactorization(rng=None)
    with pytest.raises(ValueError, match="k must be an integer in"):
        randomized_svd(np.ones((3, 4)), 5, rng=0)
    with pytest.raises(ValueError, match="repeat the pair"):
        rating_matrix([0, 0], [1, 1], [3.0, 4.0])
    with pytest.raises(ValueError, match="n_items = 1"):
        GlobalMean().fit(users, items, ratings, n_items=1)
    model = MatrixFactorization(2, 0.1, n_epochs=1, rng=0).fit(*TINY)
    with pytest.raises(ValueError, match="repeats"):
        fold_in(model, [0, 0], [3.0, 4.0])
    with pytest.raises(ValueError, match="fold_in"):
        top_n(model, 9)
    with pytest.raises(TypeError, match="model"):
        fold_in(GlobalMean().fit(*TINY), [0], [3.0])
