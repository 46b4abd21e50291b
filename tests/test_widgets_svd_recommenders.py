"""Tests for the chapter 8 explorers (lib/widgets/svd_recommenders.py).

The explorers build from MovieLens 100k; small ranks and few sweeps keep these tests
fast. Every number an explorer shows is compared with lib.recommend computed directly.
"""

import numpy as np
import pytest

from lib.data import load_movielens_100k
from lib.recommend import (
    FilledSVD,
    MatrixFactorization,
    fold_in,
    rmse,
    split_ratings,
    top_n,
    validation_grid,
)
from lib.widgets.svd_recommenders import (
    CHOICES,
    RANKS,
    FactorizationExplorer,
    NewUserExplorer,
    RankExplorer,
)


@pytest.fixture(scope="module")
def split():
    data = load_movielens_100k()
    train, test = split_ratings(data.users, data.items, data.ratings, 0.2, rng=0)
    pick = lambda rows: (data.users[rows], data.items[rows], data.ratings[rows])  # noqa: E731
    return data, pick(train), pick(test)


@pytest.fixture(scope="module")
def rank_explorer():
    return RankExplorer(seed=0, max_rank=8, static=False)


def test_rank_explorer_state_is_lib(rank_explorer, split):
    data, train, (users, items, ratings) = split
    s = rank_explorer.update(fill="mean", k=5)
    model = FilledSVD(8, fill="mean", rng=0).fit(*train, data.n_users, data.n_items)
    assert s["rmse"] == pytest.approx(rmse(model.predict(users, items, rank=5), ratings))
    # Eckart-Young: the error shown is the sum of the discarded squares
    assert s["error"] == pytest.approx(np.sum(model.filled**2) - np.sum(model.s[:5] ** 2))
    assert s["share"] == pytest.approx(s["error"] / np.sum(model.filled**2))
    assert "rank <b>5</b>" in rank_explorer.readout_html
    assert f"{s['rmse']:.4f}" in rank_explorer.readout_html


def test_rank_explorer_moves_its_artists(rank_explorer):
    s = rank_explorer.update(fill="baseline", k=2)
    x, y = rank_explorer.kept.get_data()
    np.testing.assert_array_equal(x, [1, 2])
    np.testing.assert_allclose(y, s["s"][:2])
    x, y = rank_explorer.marker.get_data()
    assert list(x) == [2] and y[0] == pytest.approx(s["rmse"])
    np.testing.assert_allclose(rank_explorer.curve.get_ydata(), s["curve"])
    assert "bias residuals" in rank_explorer.title.get_text()


def test_rank_explorer_takes_any_rank_with_a_kernel(rank_explorer):
    s = rank_explorer.update(k=7)
    assert s["rmse"] == pytest.approx(rank_explorer.curves[s["fill"]][6])
    with pytest.raises(ValueError, match="k must be an integer rank"):
        rank_explorer.update(k=9)


def test_rank_explorer_static_lookup_has_every_picture():
    explorer = RankExplorer(seed=0, max_rank=8)
    offered = [k for k in RANKS if k <= 8]
    assert len(explorer.lookup.frames) == 3 * len(offered)
    assert explorer.config == {"seed": 0, "max_rank": 8}


def test_factorization_explorer_shows_lib_grid(split):
    explorer = FactorizationExplorer(ranks=(2, 3), regs=(0.1, 0.2), n_epochs=2, static=False)
    data, train, test = split
    fit, val = split_ratings(*train, 0.2, rng=0)
    validation, test_rmse = validation_grid(
        tuple(a[fit] for a in train), tuple(a[val] for a in train), test, (2, 3), (0.1, 0.2), 2,
        shape=(data.n_users, data.n_items), rng=0)
    np.testing.assert_array_equal(explorer.validation, validation)
    best = np.unravel_index(validation.argmin(), validation.shape)
    assert explorer.values == {"k": (2, 3)[best[0]], "reg": (0.1, 0.2)[best[1]]}
    s = explorer.update(k=3, reg=0.1)
    assert (s["validation"], s["test"]) == (validation[1, 0], test_rmse[1, 0])
    assert [bar.get_height() for bar in explorer.bars] == [validation[1, 0], test_rmse[1, 0]]
    x, y = explorer.cursor.get_data()
    assert (list(x), list(y)) == ([0], [1])
    assert f"{validation[1, 0]:.4f}" in explorer.readout_html
    # off the grid (a kernel): fitted on the spot, the same way
    off = explorer.update(k=4, reg=0.15)
    model = MatrixFactorization(4, 0.15, "als", 2, rng=0).fit(*explorer.fit_data, *explorer.shape)
    assert off["test"] == pytest.approx(rmse(model.predict(*test[:2]), test[2]))


def test_factorization_explorer_static_lookup():
    explorer = FactorizationExplorer(ranks=(2, 3), regs=(0.1, 0.2), n_epochs=2)
    assert len(explorer.lookup.frames) == 4


def test_new_user_explorer_folds_in_the_ratings(split):
    explorer = NewUserExplorer(k=3, n_epochs=2, n=4, static=False)
    data, train, _ = split
    model = MatrixFactorization(3, 0.15, "als", 2, rng=0).fit(*train, data.n_users, data.n_items)
    star_wars, pulp = data.titles.index("Star Wars"), data.titles.index("Pulp Fiction")
    s = explorer.update(film0=5.0, film1=0.0, film2=1.0)
    user = fold_in(model, [star_wars, pulp], [5.0, 1.0])
    counts = np.bincount(train[1], minlength=data.n_items)
    pool = np.setdiff1d(np.flatnonzero(counts >= 50), explorer.film_ids)
    expected = top_n(model, user, 4, candidates=pool)
    assert [t for t, _ in s["picks"]] == [data.titles[i] for i in expected]
    np.testing.assert_allclose([p for _, p in s["picks"]], user.predictions[expected])
    assert [bar.get_width() for bar in explorer.bars] == pytest.approx(
        [p - 1 for _, p in s["picks"]])
    assert "2 rating(s)" in explorer.readout_html
    nobody = explorer.update(film0=0.0, film2=0.0)
    assert "average user" in explorer.title.get_text() and nobody["rated"] == []
    with pytest.raises(ValueError, match="film1"):
        explorer.update(film1=9.0)


def test_new_user_explorer_static_lookup():
    explorer = NewUserExplorer(films=("Star Wars", "Fargo"), k=3, n_epochs=2)
    assert len(explorer.lookup.frames) == len(CHOICES) ** 2
    rebuilt = NewUserExplorer(static=False, **explorer.config)     # as the browser test does
    assert rebuilt.compute(explorer.values) == explorer.compute(explorer.values)
