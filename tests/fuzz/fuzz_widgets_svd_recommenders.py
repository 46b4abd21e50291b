"""Bad inputs for lib.widgets.svd_recommenders."""

import numpy as np

from fuzz import Bad
from lib.recommend import FilledSVD, GlobalMean, MatrixFactorization
from lib.widgets.svd_recommenders import FactorizationExplorer, NewUserExplorer, RankExplorer

U, IT = np.array([0, 0, 1, 1, 2, 2]), np.array([0, 1, 1, 2, 0, 2])
R = np.array([5.0, 3, 4, 1, 2, 4])
TEST = (np.array([0, 1]), np.array([2, 0]), np.array([4.0, 3.0]))
GRID = np.full((2, 2), 0.9)


def _fills():
    return {fill: FilledSVD(2, fill=fill, rng=0).fit(U, IT, R) for fill in ("mean", "zeros")}


def _factorization(**changes):
    options = dict(ranks=(1, 2), regs=(0.1, 0.2), validation=GRID, test=GRID,
                   fit_data=(U, IT, R), validation_data=TEST, test_data=TEST, shape=(3, 3),
                   static=False)
    options.update(changes)
    return FactorizationExplorer(**options)


def _model():
    return MatrixFactorization(2, 0.1, n_epochs=2, rng=0).fit(U, IT, R)


TITLES = ["A", "B", "C"]

PROBES = {
    "lib.widgets.svd_recommenders.NewUserExplorer": [
        Bad("not a factorization", lambda: NewUserExplorer(GlobalMean().fit(U, IT, R), TITLES,
                                                           ("A", "B"), static=False),
            match="model"),
        Bad("titles too short", lambda: NewUserExplorer(_model(), ["A"], ("A", "B"),
                                                        static=False), match="titles"),
        Bad("unknown film", lambda: NewUserExplorer(_model(), TITLES, ("A", "Z"), static=False),
            match="Z"),
        Bad("one film", lambda: NewUserExplorer(_model(), TITLES, ("A",), static=False),
            match="films"),
        Bad("n zero", lambda: NewUserExplorer(_model(), TITLES, ("A", "B"), n=0, static=False),
            match="n must"),
        Bad("candidates out of range", lambda: NewUserExplorer(
            _model(), TITLES, ("A", "B"), candidates=[7], static=False), match="candidates"),
        Bad("rating off the scale", lambda: NewUserExplorer(
            _model(), TITLES, ("A", "B"), static=False).update(film0=7.0), match="film0"),
    ],
    "lib.widgets.svd_recommenders.RankExplorer": [
        Bad("models a list", lambda: RankExplorer([1], TEST, static=False), match="models"),
        Bad("unfitted model", lambda: RankExplorer({"mean": FilledSVD(2, fill="mean", rng=0)},
                                                   TEST, static=False), match="models"),
        Bad("fill key mismatch", lambda: RankExplorer({"zeros": _fills()["mean"], "mean": 1},
                                                      TEST, static=False), match="fill"),
        Bad("a single filling", lambda: RankExplorer({"mean": _fills()["mean"]}, TEST,
                                                     static=False), match="two fillings"),
        Bad("test not a triple", lambda: RankExplorer(_fills(), TEST[:2], static=False),
            match="test"),
        Bad("ragged test", lambda: RankExplorer(_fills(), (TEST[0], TEST[1][:1], TEST[2]),
                                                static=False), match="test"),
        Bad("rank off range", lambda: RankExplorer(_fills(), TEST, static=False).update(k=9),
            match="k"),
        Bad("unknown fill", lambda: RankExplorer(_fills(), TEST, static=False).update(
            fill="baseline"), match="fill"),
        Bad("string static", lambda: RankExplorer(_fills(), TEST, static="no"), match="static"),
    ],
    "lib.widgets.svd_recommenders.FactorizationExplorer": [
        Bad("grid of wrong shape", lambda: _factorization(validation=np.ones((3, 2))),
            match="validation"),
        Bad("NaN in the grid", lambda: _factorization(test=np.full((2, 2), np.nan)),
            match="finite"),
        Bad("fit_data not a triple", lambda: _factorization(fit_data=(U, IT)), match="fit_data"),
        Bad("shape not a pair", lambda: _factorization(shape=3), match="shape"),
        Bad("empty test data", lambda: _factorization(test_data=([], [], [])), match="test_data"),
        Bad("fractional rank off the grid", lambda: _factorization().update(k=1.5),
            match="k must"),
        Bad("NaN reg", lambda: _factorization().update(reg=float("nan")), match="reg"),
    ],
}
