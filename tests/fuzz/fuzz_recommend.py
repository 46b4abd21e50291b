"""Bad inputs for lib.recommend."""

import numpy as np

from fuzz import Bad
from lib.recommend import (
    BiasBaseline,
    FilledSVD,
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

NAN, INF = float("nan"), float("inf")
U, IT, R = [0, 0, 1, 2], [0, 1, 0, 2], [5.0, 3.0, 4.0, 1.0]


def fitted_mf():
    return MatrixFactorization(2, 0.1, n_epochs=1, rng=0).fit(U, IT, R)


def _triples(fit):
    """Bad (users, items, ratings) shared by every fit."""
    return [
        Bad("string users", lambda: fit("abc", IT, R), match="users"),
        Bad("fractional item id", lambda: fit(U, [0, 1.5, 0, 2], R), match=r"items\[1\]"),
        Bad("negative user id", lambda: fit([0, -1, 1, 2], IT, R), match="users"),
        Bad("NaN rating", lambda: fit(U, IT, [5.0, NAN, 4.0, 1.0]), match=r"ratings\[1\]"),
        Bad("inf rating", lambda: fit(U, IT, [5.0, 3.0, INF, 1.0]), match="ratings"),
        Bad("mismatched lengths", lambda: fit(U, IT[:3], R), match="lengths"),
        Bad("2-D users", lambda: fit([[0, 0], [1, 2]], IT, R), match="users"),
        Bad("empty ratings", lambda: fit([], [], []), match="empty"),
        Bad("None ratings", lambda: fit(U, IT, None), match="ratings"),
        Bad("n_users too small", lambda: fit(U, IT, R, n_users=2), match="n_users"),
    ]


PROBES = {
    "lib.recommend.split_ratings": [
        Bad("zero test fraction", lambda: split_ratings(U, IT, R, 0.0, rng=0),
            match="test_fraction"),
        Bad("fraction 1", lambda: split_ratings(U, IT, R, 1.0, rng=0), match="test_fraction"),
        Bad("NaN fraction", lambda: split_ratings(U, IT, R, NAN, rng=0), match="test_fraction"),
        Bad("fraction leaves no test rating", lambda: split_ratings(U, IT, R, 0.05, rng=0),
            match="test_fraction"),
        Bad("None rng", lambda: split_ratings(U, IT, R, 0.5, rng=None), match="rng"),
        Bad("negative seed", lambda: split_ratings(U, IT, R, 0.5, rng=-1), match="rng"),
        Bad("ragged users", lambda: split_ratings([[0], [1, 2]], IT, R, rng=0), match="users"),
        Bad("mismatched lengths", lambda: split_ratings(U, IT, R[:2], rng=0), match="lengths"),
    ],
    "lib.recommend.split_ratings_by_time": [
        Bad("timestamps too short", lambda: split_ratings_by_time(U, IT, R, [1, 2]),
            match="timestamps"),
        Bad("NaN timestamp", lambda: split_ratings_by_time(U, IT, R, [1, NAN, 3, 4]),
            match="timestamps"),
        Bad("string timestamps", lambda: split_ratings_by_time(U, IT, R, "abcd"),
            match="timestamps"),
        Bad("fraction above 1", lambda: split_ratings_by_time(U, IT, R, [1, 2, 3, 4], 1.5),
            match="test_fraction"),
        Bad("string fraction", lambda: split_ratings_by_time(U, IT, R, [1, 2, 3, 4], "0.2"),
            match="test_fraction"),
        Bad("boolean items", lambda: split_ratings_by_time(U, [True] * 4, R, [1, 2, 3, 4]),
            match="items"),
    ],
    "lib.recommend.rating_matrix": [
        Bad("repeated pair", lambda: rating_matrix([0, 0], [1, 1], [3.0, 4.0]), match="repeat"),
        Bad("shape too small", lambda: rating_matrix(U, IT, R, shape=(2, 3)), match="n_users"),
        Bad("shape not a pair", lambda: rating_matrix(U, IT, R, shape=5), match="shape"),
        Bad("zero-size shape", lambda: rating_matrix(U, IT, R, shape=(0, 3)), match="n_users"),
        Bad("complex ratings", lambda: rating_matrix(U, IT, [1j, 2, 3, 4]), match="ratings"),
        Bad("NaN rating", lambda: rating_matrix(U, IT, [NAN, 2, 3, 4]), match="ratings"),
    ],
    "lib.recommend.GlobalMean": _triples(lambda *a, **k: GlobalMean().fit(*a, **k)) + [
        Bad("predict before fit", lambda: GlobalMean().predict([0], [0]), match="not fitted"),
        Bad("predict mismatched", lambda: GlobalMean().fit(U, IT, R).predict([0, 1], [0]),
            match="lengths"),
    ],
    "lib.recommend.BiasBaseline": _triples(lambda *a, **k: BiasBaseline().fit(*a, **k)) + [
        Bad("negative reg_user", lambda: BiasBaseline(reg_user=-1), match="reg_user"),
        Bad("NaN reg_item", lambda: BiasBaseline(reg_item=NAN), match="reg_item"),
        Bad("zero epochs", lambda: BiasBaseline(n_epochs=0), match="n_epochs"),
        Bad("float epochs", lambda: BiasBaseline(n_epochs=2.0), match="n_epochs"),
        Bad("predict negative id", lambda: BiasBaseline().fit(U, IT, R).predict([-1], [0]),
            match="users"),
    ],
    "lib.recommend.randomized_svd": [
        Bad("k too large", lambda: randomized_svd(np.ones((3, 4)), 4, rng=0), match="k"),
        Bad("k zero", lambda: randomized_svd(np.ones((3, 4)), 0, rng=0), match="k"),
        Bad("1-D matrix", lambda: randomized_svd(np.ones(4), 1, rng=0), match="A"),
        Bad("empty matrix", lambda: randomized_svd(np.ones((0, 3)), 1, rng=0), match="A"),
        Bad("NaN entry", lambda: randomized_svd([[1.0, NAN], [0, 1]], 1, rng=0),
            match=r"A\[0, 1\]"),
        Bad("negative oversampling", lambda: randomized_svd(np.eye(3), 1, -1, rng=0),
            match="n_oversamples"),
        Bad("float power iterations", lambda: randomized_svd(np.eye(3), 1, 2, 1.5, rng=0),
            match="n_iter"),
        Bad("None rng", lambda: randomized_svd(np.eye(3), 1, rng=None), match="rng"),
        Bad("string matrix", lambda: randomized_svd("abc", 1, rng=0), match="A"),
    ],
    "lib.recommend.rank_k_reconstruction": [
        Bad("k above the rank", lambda: rank_k_reconstruction(np.eye(2), [1, 1], np.eye(2), 3),
            match="k"),
        Bad("mismatched U", lambda: rank_k_reconstruction(np.eye(3), [1, 1], np.eye(2), 1),
            match="U has shape"),
        Bad("2-D s", lambda: rank_k_reconstruction(np.eye(2), np.eye(2), np.eye(2), 1),
            match="s must be 1-D"),
        Bad("NaN singular value", lambda: rank_k_reconstruction(np.eye(2), [1, NAN], np.eye(2), 1),
            match="s"),
        Bad("string k", lambda: rank_k_reconstruction(np.eye(2), [1, 1], np.eye(2), "2"),
            match="k"),
    ],
    "lib.recommend.FilledSVD": _triples(lambda *a, **k: FilledSVD(1, rng=0).fit(*a, **k)) + [
        Bad("unknown fill", lambda: FilledSVD(2, fill="median", rng=0), match="fill"),
        Bad("zero factors", lambda: FilledSVD(0, rng=0), match="n_factors"),
        Bad("too many factors", lambda: FilledSVD(5, rng=0).fit(U, IT, R), match="n_factors"),
        Bad("rank above n_factors",
            lambda: FilledSVD(2, rng=0).fit(U, IT, R).predict([0], [0], rank=3), match="rank"),
        Bad("None rng", lambda: FilledSVD(2, rng=None), match="rng"),
        Bad("reconstruction error before fit", lambda: FilledSVD(2, rng=0).reconstruction_error(),
            match="not fitted"),
    ],
    "lib.recommend.MatrixFactorization": _triples(
        lambda *a, **k: MatrixFactorization(2, rng=0).fit(*a, **k)) + [
        Bad("unknown method", lambda: MatrixFactorization(method="adam", rng=0), match="method"),
        Bad("negative reg", lambda: MatrixFactorization(reg=-0.1, rng=0), match="reg"),
        Bad("zero learning rate", lambda: MatrixFactorization(learning_rate=0, rng=0),
            match="learning_rate"),
        Bad("inf reg_bias", lambda: MatrixFactorization(reg_bias=INF, rng=0), match="reg_bias"),
        Bad("zero batch", lambda: MatrixFactorization(batch_size=0, rng=0), match="batch_size"),
        Bad("legacy RandomState", lambda: MatrixFactorization(rng=np.random.RandomState(0)),
            match="rng"),
        Bad("bad eval_set", lambda: MatrixFactorization(2, rng=0).fit(U, IT, R, eval_set=(U, IT)),
            match="eval_set"),
        Bad("diverging SGD", lambda: MatrixFactorization(
            2, 0.0, "sgd", 50, learning_rate=50.0, rng=0).fit(U, IT, R), match="learning_rate"),
        Bad("loss on unfitted ids", lambda: fitted_mf().loss([9], [0], [3.0]), match="users"),
    ],
    "lib.recommend.rmse": [
        Bad("mismatched shapes", lambda: rmse([1.0, 2.0], [1.0]), match="predicted has shape"),
        Bad("empty", lambda: rmse([], []), match="empty"),
        Bad("NaN prediction", lambda: rmse([NAN], [1.0]), match="predicted"),
        Bad("string actual", lambda: rmse([1.0], "a"), match="actual"),
        Bad("2-D predicted", lambda: rmse([[1.0]], [1.0]), match="predicted"),
    ],
    "lib.recommend.mae": [
        Bad("mismatched shapes", lambda: mae([1.0, 2.0], [1.0]), match="predicted has shape"),
        Bad("empty", lambda: mae([], []), match="empty"),
        Bad("inf actual", lambda: mae([1.0], [INF]), match="actual"),
        Bad("None predicted", lambda: mae(None, [1.0]), match="predicted"),
        Bad("0-d inputs", lambda: mae(1.0, 1.0), match="predicted"),
    ],
    "lib.recommend.top_n": [
        Bad("not a model", lambda: top_n("model", 0), match="model"),
        Bad("unfitted model", lambda: top_n(GlobalMean(), 0), match="not fitted"),
        Bad("unknown user", lambda: top_n(fitted_mf(), 10), match="fold_in"),
        Bad("zero n", lambda: top_n(fitted_mf(), 0, n=0), match="n must"),
        Bad("string exclude_seen", lambda: top_n(fitted_mf(), 0, exclude_seen="yes"),
            match="exclude_seen"),
        Bad("candidate out of range", lambda: top_n(fitted_mf(), 0, candidates=[7]),
            match="candidates"),
        Bad("empty candidates", lambda: top_n(fitted_mf(), 0, candidates=[]), match="candidates"),
        Bad("float user", lambda: top_n(fitted_mf(), 0.5), match="user"),
    ],
    "lib.recommend.similar_items": [
        Bad("GlobalMean has no factors", lambda: similar_items(GlobalMean().fit(U, IT, R), 0),
            match="model"),
        Bad("unfitted model", lambda: similar_items(MatrixFactorization(rng=0), 0),
            match="not fitted"),
        Bad("item out of range", lambda: similar_items(fitted_mf(), 9), match="item 9"),
        Bad("negative item", lambda: similar_items(fitted_mf(), -1), match="item"),
        Bad("zero n", lambda: similar_items(fitted_mf(), 0, n=0), match="n must"),
        Bad("only itself as candidate", lambda: similar_items(fitted_mf(), 0, candidates=[0]),
            match="candidates"),
    ],
    "lib.recommend.validation_grid": [
        Bad("fit_data a pair", lambda: validation_grid((U, IT), (U, IT, R), (U, IT, R), [1], [0.1],
                                                       shape=(3, 3), rng=0), match="fit_data"),
        Bad("empty ranks", lambda: validation_grid((U, IT, R), (U, IT, R), (U, IT, R), [], [0.1],
                                                   shape=(3, 3), rng=0), match="ranks"),
        Bad("negative reg", lambda: validation_grid((U, IT, R), (U, IT, R), (U, IT, R), [1], [-1],
                                                    shape=(3, 3), rng=0), match="regs"),
        Bad("Generator rng", lambda: validation_grid(
            (U, IT, R), (U, IT, R), (U, IT, R), [1], [0.1], shape=(3, 3),
            rng=np.random.default_rng(0)), match="rng"),
        Bad("shape not a pair", lambda: validation_grid((U, IT, R), (U, IT, R), (U, IT, R), [1],
                                                        [0.1], shape=3, rng=0), match="shape"),
        Bad("NaN validation rating", lambda: validation_grid(
            (U, IT, R), (U, IT, [1.0, NAN, 2.0, 3.0]), (U, IT, R), [1], [0.1], shape=(3, 3),
            rng=0), match="ratings"),
    ],
    "lib.recommend.fold_in": [
        Bad("not a factorization", lambda: fold_in(GlobalMean().fit(U, IT, R), [0], [3.0]),
            match="model"),
        Bad("unfitted", lambda: fold_in(MatrixFactorization(rng=0), [0], [3.0]),
            match="not fitted"),
        Bad("repeated item", lambda: fold_in(fitted_mf(), [0, 0], [3.0, 4.0]), match="repeats"),
        Bad("item out of range", lambda: fold_in(fitted_mf(), [5], [3.0]), match="items"),
        Bad("string items", lambda: fold_in(fitted_mf(), "ab", [3.0, 4.0]), match="items"),
        Bad("mismatched lengths", lambda: fold_in(fitted_mf(), [0, 1], [3.0]), match="ratings"),
        Bad("NaN rating", lambda: fold_in(fitted_mf(), [0], [NAN]), match="ratings"),
    ],
}
