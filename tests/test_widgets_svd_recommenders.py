"""Tests for the chapter 8 explorers (lib/widgets/svd_recommenders.py).

Small synthetic rating sets keep them fast; every number the explorers show is
compared with lib.recommend computed directly.
"""

import numpy as np
import pytest

from lib.recommend import FilledSVD, MatrixFactorization, rmse, split_ratings
from lib.widgets.svd_recommenders import RANKS, FactorizationExplorer, RankExplorer


def ratings_set(n_users=40, n_items=60, seed=0):
    rng = np.random.default_rng(seed)
    P, Q = rng.normal(size=(n_users, 3)), rng.normal(size=(n_items, 3))
    full = 3.5 + 0.5 * rng.normal(size=(n_users, 1)) + 0.4 * P @ Q.T
    mask = rng.random((n_users, n_items)) < 0.3
    mask[:, 0] = mask[0, :] = True
    users, items = np.nonzero(mask)
    ratings = np.clip(np.round(full[users, items] + rng.normal(0, 0.3, users.size)), 1, 5)
    return users, items, ratings


@pytest.fixture(scope="module")
def data():
    users, items, ratings = ratings_set()
    train, test = split_ratings(users, items, ratings, 0.2, rng=0)
    return (users[train], items[train], ratings[train]), (users[test], items[test], ratings[test])


@pytest.fixture(scope="module")
def fills(data):
    train, _ = data
    return {fill: FilledSVD(20, fill=fill, rng=0).fit(*train, 40, 60) for fill in FilledSVD.FILLS}


@pytest.fixture(scope="module")
def rank_explorer(fills, data):
    return RankExplorer(fills, data[1], static=False)


def test_rank_explorer_state_is_lib(rank_explorer, fills, data):
    users, items, ratings = data[1]
    s = rank_explorer.update(fill="mean", k=5)
    model = fills["mean"]
    assert s["rmse"] == pytest.approx(rmse(model.predict(users, items, rank=5), ratings))
    # Eckart-Young: the error shown is the sum of the discarded squares, and equals
    # the error of the formed rank-5 matrix (up to the part beyond rank 20)
    U, sigma, Vt = np.linalg.svd(model.filled, full_matrices=False)
    assert s["error"] == pytest.approx(np.sum(sigma[5:] ** 2), rel=1e-6)
    assert s["share"] == pytest.approx(s["error"] / np.sum(model.filled**2))
    assert "rank <b>5</b>" in rank_explorer.readout_html
    assert f"{s['rmse']:.4f}" in rank_explorer.readout_html


def test_rank_explorer_moves_its_artists(rank_explorer, fills):
    s = rank_explorer.update(fill="baseline", k=10)
    x, y = rank_explorer.kept.get_data()
    np.testing.assert_array_equal(x, np.arange(1, 11))
    np.testing.assert_allclose(y, fills["baseline"].s[:10])
    x, y = rank_explorer.marker.get_data()
    assert list(x) == [10] and y[0] == pytest.approx(s["rmse"])
    np.testing.assert_allclose(rank_explorer.curve.get_ydata(), s["curve"])
    assert "bias residuals" in rank_explorer.title.get_text()


def test_rank_explorer_takes_any_rank_with_a_kernel(rank_explorer, fills, data):
    users, items, ratings = data[1]
    s = rank_explorer.update(k=13)
    assert s["rmse"] == pytest.approx(rmse(fills[s["fill"]].predict(users, items, rank=13),
                                           ratings))
    with pytest.raises(ValueError, match="k must be an integer rank"):
        rank_explorer.update(k=21)


def test_rank_explorer_static_lookup_has_every_picture(fills, data):
    explorer = RankExplorer(fills, data[1])
    offered = [k for k in RANKS if k <= 20]
    assert len(explorer.lookup.frames) == len(fills) * len(offered)
    assert len(set(explorer.lookup.readouts)) == len(explorer.lookup.readouts)


@pytest.fixture(scope="module")
def grid(data):
    train, test = data
    fit, val = split_ratings(*train, 0.25, rng=0)
    fit_data = tuple(a[fit] for a in train)
    val_data = tuple(a[val] for a in train)
    ranks, regs = (2, 4), (0.05, 0.2)
    validation, test_rmse = np.zeros((2, 2)), np.zeros((2, 2))
    for a, k in enumerate(ranks):
        for b, reg in enumerate(regs):
            model = MatrixFactorization(k, reg, "als", 8, rng=0).fit(*fit_data, 40, 60)
            validation[a, b] = rmse(model.predict(*val_data[:2]), val_data[2])
            test_rmse[a, b] = rmse(model.predict(*test[:2]), test[2])
    return ranks, regs, validation, test_rmse, fit_data, val_data, test


def explorer_from(grid, **options):
    ranks, regs, validation, test_rmse, fit_data, val_data, test = grid
    return FactorizationExplorer(ranks, regs, validation, test_rmse, fit_data=fit_data,
                                 validation_data=val_data, test_data=test, shape=(40, 60),
                                 **options)


def test_factorization_explorer_shows_the_grid(grid):
    explorer = explorer_from(grid, static=False)
    ranks, regs, validation, test_rmse = grid[:4]
    best = np.unravel_index(validation.argmin(), validation.shape)
    assert explorer.values == {"k": ranks[best[0]], "reg": regs[best[1]]}
    s = explorer.update(k=4, reg=0.05)
    assert s["validation"] == validation[1, 0] and s["test"] == test_rmse[1, 0]
    assert [bar.get_height() for bar in explorer.bars] == [validation[1, 0], test_rmse[1, 0]]
    x, y = explorer.cursor.get_data()
    assert (list(x), list(y)) == ([0], [1])
    assert f"{validation[1, 0]:.4f}" in explorer.readout_html


def test_factorization_explorer_fits_off_the_grid(grid):
    explorer = explorer_from(grid, static=False)
    s = explorer.update(k=3, reg=0.1)
    fit_data, val_data, test = grid[4:]
    model = MatrixFactorization(3, 0.1, "als", 8, rng=0).fit(*fit_data, 40, 60)
    assert s["validation"] == pytest.approx(rmse(model.predict(*val_data[:2]), val_data[2]))
    assert s["test"] == pytest.approx(rmse(model.predict(*test[:2]), test[2]))


def test_factorization_explorer_static_lookup(grid):
    explorer = explorer_from(grid)
    assert len(explorer.lookup.frames) == 4


def test_bad_options_are_named(fills, data, grid):
    with pytest.raises(TypeError, match="models"):
        RankExplorer([fills["mean"]], data[1], static=False)
    with pytest.raises(ValueError, match="two fillings"):
        RankExplorer({"mean": fills["mean"]}, data[1], static=False)
    with pytest.raises(ValueError, match="n_factors"):
        RankExplorer({"mean": fills["mean"], "zeros": FilledSVD(3, fill="zeros", rng=0).fit(
            *data[0], 40, 60)}, data[1], static=False)
    ranks, regs, validation, test_rmse, fit_data, val_data, test = grid
    with pytest.raises(ValueError, match="validation and test must have shape"):
        FactorizationExplorer(ranks, regs, validation[:1], test_rmse, fit_data=fit_data,
                              validation_data=val_data, test_data=test, shape=(40, 60))


@pytest.fixture(scope="module")
def newcomer_model(data):
    return MatrixFactorization(3, 0.1, "als", 6, rng=0).fit(*data[0], 40, 60)


def test_new_user_explorer_folds_in_the_ratings(newcomer_model):
    from lib.recommend import fold_in, top_n
    from lib.widgets.svd_recommenders import NewUserExplorer

    titles = [f"film {i}" for i in range(60)]
    explorer = NewUserExplorer(newcomer_model, titles, films=("film 3", "film 7", "film 9"),
                               candidates=range(20, 60), n=4, static=False)
    s = explorer.update(film0=5.0, film1=0.0, film2=1.0)
    user = fold_in(newcomer_model, [3, 9], [5.0, 1.0])
    expected = top_n(newcomer_model, user, 4, candidates=range(20, 60))
    assert [t for t, _ in s["picks"]] == [titles[i] for i in expected]
    np.testing.assert_allclose([p for _, p in s["picks"]], user.predictions[expected])
    assert [bar.get_width() for bar in explorer.bars] == pytest.approx(
        [p - 1 for _, p in s["picks"]])
    assert "2 rating(s)" in explorer.readout_html
    nobody = explorer.update(film0=0.0, film2=0.0)
    assert "average user" in explorer.title.get_text()
    assert nobody["rated"] == []
    with pytest.raises(ValueError, match="film1"):
        explorer.update(film1=9.0)


def test_new_user_explorer_static_lookup(newcomer_model):
    from lib.widgets.svd_recommenders import CHOICES, NewUserExplorer

    explorer = NewUserExplorer(newcomer_model, [f"film {i}" for i in range(60)],
                               films=("film 1", "film 2"))
    assert len(explorer.lookup.frames) == len(CHOICES) ** 2
