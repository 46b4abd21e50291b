r"""Explorers for chapter 8 (SVD recommenders): the rank of an SVD, and rank x lambda.

- :class:`RankExplorer`: choose how the holes of the rating matrix were filled and a
  rank :math:`k`; see the spectrum with the discarded singular values shaded (their
  squares are :math:`\lVert A - A_k\rVert_F^2`, by Eckart-Young) and the test RMSE of
  the rank-:math:`k` prediction against :math:`k`.
- :class:`FactorizationExplorer`: choose the rank :math:`k` and the regularisation
  :math:`\lambda` of a :class:`lib.recommend.MatrixFactorization`; see its validation and
  test RMSE and where it sits on the validation grid.
- :class:`NewUserExplorer`: rate a few films (or skip them) and see the recommendations
  of a fitted factorization for you, a new user folded in from those ratings
  (:func:`lib.recommend.fold_in`, :func:`lib.recommend.top_n`).

Each builds what it shows from MovieLens 100k (:func:`lib.data.load_movielens_100k`) and
the chapter's seeded 80/20 split, with :mod:`lib.recommend`, from options that are plain
numbers (recorded in the page, so that a test can rebuild the explorer). Fits are cached
per process. With a kernel, values off the grids are computed on the spot by lib.
"""

from __future__ import annotations

import functools
import numbers

import numpy as np

from lib.data import load_movielens_100k
from lib.plotting import new_figure
from lib.recommend import (
    FilledSVD,
    MatrixFactorization,
    fold_in,
    rmse,
    split_ratings,
    top_n,
    validation_grid,
)
from lib.widgets.core import Explorer, buttons, slider

__all__ = ["RankExplorer", "FactorizationExplorer", "NewUserExplorer", "RANKS", "FILL_LABELS",
           "FILMS", "CHOICES"]

RANKS = (1, 2, 5, 10, 20, 50)
"""The ranks :class:`RankExplorer` offers in the static book."""

FILL_LABELS = {"zeros": "zeros", "mean": "mean μ", "baseline": "bias residuals"}
"""How each filling of :class:`lib.recommend.FilledSVD` is named on its button."""

FILMS = ("Star Wars", "Toy Story", "Pulp Fiction")
"""The films :class:`NewUserExplorer` asks about (titles as in ``lib.data``)."""

CHOICES = (("1 star", 1.0), ("skip", 0.0), ("5 stars", 5.0))
"""What a reader can answer for each film: a rating, or 0 for "not rated"."""




@functools.lru_cache(maxsize=2)
def _split(seed: int):
    """MovieLens 100k and the chapter's split: (data, train triple, test triple)."""
    data = load_movielens_100k()
    train, test = split_ratings(data.users, data.items, data.ratings, 0.2, rng=seed)
    pick = lambda rows: (data.users[rows], data.items[rows], data.ratings[rows])  # noqa: E731
    return data, pick(train), pick(test)


@functools.lru_cache(maxsize=2)
def _fills(seed: int, max_rank: int):
    data, train, _ = _split(seed)
    return {fill: FilledSVD(max_rank, fill=fill, rng=seed).fit(*train, data.n_users, data.n_items)
            for fill in FilledSVD.FILLS}


@functools.lru_cache(maxsize=2)
def _grid(seed: int, ranks: tuple, regs: tuple, n_epochs: int):
    data, train, test = _split(seed)
    fit, val = split_ratings(*train, 0.2, rng=seed)
    fit_data = tuple(a[fit] for a in train)
    val_data = tuple(a[val] for a in train)
    validation, test_rmse = validation_grid(fit_data, val_data, test, ranks, regs, n_epochs,
                                            shape=(data.n_users, data.n_items), rng=seed)
    return validation, test_rmse, fit_data, val_data


@functools.lru_cache(maxsize=2)
def _factorization(seed: int, k: int, reg: float, n_epochs: int):
    data, train, _ = _split(seed)
    return MatrixFactorization(k, reg, "als", n_epochs, rng=seed).fit(
        *train, data.n_users, data.n_items)


def _check_int(value, name: str, low: int, high: int) -> int:
    whole = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not whole or not low <= value <= high:
        raise ValueError(f"{name} must be an integer in [{low}, {high}], got {value!r}")
    return int(value)


class RankExplorer(Explorer):
    r"""Spectrum, reconstruction error and test RMSE of a filled-in SVD at rank :math:`k`.

    Parameters
    ----------
    seed : int, default 0
        Seed of the 80/20 split and of the randomized SVDs.
    max_rank : int, default 50
        Rank of the three fitted SVDs (one per filling), 2 to 100.
    static : bool, default True
    **values
        ``fill`` (``"zeros"``, ``"mean"`` or ``"baseline"``) and ``k`` (one of
        :data:`RANKS` up to ``max_rank``; with a kernel, any rank up to ``max_rank``).
    """

    rows = (("fill",), ("k",))

    def __init__(self, seed: int = 0, max_rank: int = 50, **options):
        seed = _check_int(seed, "seed", 0, 2**32 - 1)
        self.max_rank = _check_int(max_rank, "max_rank", 2, 100)
        self.models = _fills(seed, self.max_rank)
        _, _, (users, items, ratings) = _split(seed)
        self.ranks = np.arange(1, self.max_rank + 1)
        # Every rank's test RMSE once per filling: the right panel's curve.
        self.curves = {fill: np.array([rmse(column, ratings)
                                       for column in model.predict_ranks(users, items).T])
                       for fill, model in self.models.items()}
        offered = [k for k in RANKS if k <= self.max_rank]
        if len(offered) < 2:
            offered = [1, self.max_rank]
        self.config = {"seed": seed, "max_rank": self.max_rank}
        self.controls = (
            buttons("fill", [(FILL_LABELS[f], f) for f in self.models], "baseline", "holes"),
            slider("k", offered, 10 if 10 in offered else offered[-1], "rank k"),
        )
        super().__init__(**options)

    def build(self):
        fig, (self.ax_s, self.ax_e) = new_figure(figsize=(9.0, 3.4), ncols=2)
        k = self.ranks
        (self.kept,) = self.ax_s.plot(k, np.ones(k.size), "o-", color="C0", markersize=3,
                                      label="kept")
        (self.dropped,) = self.ax_s.plot(k, np.ones(k.size), "o-", color="lightgrey",
                                         markersize=3, label="discarded")
        self.ax_s.set(yscale="log", xlabel="j", ylabel="σ_j", title="singular values")
        self.ax_s.legend(loc="upper right")
        (self.curve,) = self.ax_e.plot(k, np.ones(k.size), color="C0")
        (self.marker,) = self.ax_e.plot([1], [1], "o", color="C3")
        self.ax_e.set(xlabel="rank k", ylabel="test RMSE", title="test RMSE of the rank-k SVD")
        self.title = fig.suptitle(" ", fontsize=10)
        return fig, [self.kept, self.dropped, self.curve, self.marker, self.title,
                     self.ax_s.yaxis, self.ax_e.yaxis]

    def compute(self, values):
        fill, k = values["fill"], values["k"]
        if fill not in self.models:
            raise ValueError(f"fill must be one of {list(self.models)}, got {fill!r}")
        whole = isinstance(k, numbers.Integral) and not isinstance(k, bool)
        if not whole or not 1 <= k <= self.max_rank:
            raise ValueError(f"k must be an integer rank in [1, {self.max_rank}], got {k!r}")
        model = self.models[fill]
        error = model.reconstruction_error(int(k))
        return dict(values, s=model.s, error=error, share=error / model.total_energy,
                    rmse=float(self.curves[fill][int(k) - 1]), curve=self.curves[fill])

    def draw(self, s):
        k = int(s["k"])
        self.kept.set_data(self.ranks[:k], s["s"][:k])
        self.dropped.set_data(self.ranks[k - 1:], s["s"][k - 1:])
        self.ax_s.set_ylim(s["s"].min() * 0.8, s["s"].max() * 1.3)
        self.curve.set_ydata(s["curve"])
        self.marker.set_data([k], [s["rmse"]])
        low, high = s["curve"].min(), s["curve"].max()
        pad = 0.05 * (high - low) + 1e-3
        self.ax_e.set_ylim(low - pad, high + pad)
        self.title.set_text(f"holes filled with {FILL_LABELS.get(s['fill'], s['fill'])}, "
                            f"rank k = {k}")

    def readout(self, s):
        return (f"rank <b>{int(s['k'])}</b>: ‖A − A<sub>k</sub>‖²<sub>F</sub> = Σ of the "
                f"discarded σ² = <b>{s['error']:,.0f}</b> ({self.fmt(100 * s['share'], 1)}% of "
                f"‖A‖²); test RMSE <b>{self.fmt(s['rmse'], 4)}</b>")

    def alt(self, s):
        return (f"spectrum of the matrix filled with {s['fill']} with the first {int(s['k'])} "
                f"singular values kept, and the test RMSE against the rank")


class FactorizationExplorer(Explorer):
    r"""Validation and test RMSE of matrix factorization on a grid of :math:`k` and :math:`\lambda`.

    Fits every grid point by ALS on 80% of the training ratings
    (:func:`lib.recommend.validation_grid`), scores it on the other 20% and on the test set.

    Parameters
    ----------
    ranks : sequence of int, default (2, 5, 10, 20)
    regs : sequence of float, default (0.05, 0.15, 0.25)
    n_epochs : int, default 6
        ALS sweeps per fit.
    seed : int, default 0
        Seed of the splits and of every fit.
    static : bool, default True
    **values
        ``k`` (one of ``ranks``) and ``reg`` (one of ``regs``); with a kernel,
        ``update(k=..., reg=...)`` off the grid fits that model on the spot.
    """

    rows = (("k",), ("reg",))

    def __init__(self, ranks=(2, 5, 10, 20), regs=(0.05, 0.15, 0.25), n_epochs: int = 6,
                 seed: int = 0, **options):
        seed = _check_int(seed, "seed", 0, 2**32 - 1)
        self.n_epochs = _check_int(n_epochs, "n_epochs", 1, 50)
        if isinstance(ranks, str) or not hasattr(ranks, "__len__") or len(ranks) < 2:
            raise ValueError(f"ranks must list at least two ranks, got {ranks!r:.60}")
        if isinstance(regs, str) or not hasattr(regs, "__len__") or len(regs) < 2:
            raise ValueError(f"regs must list at least two values of lambda, got {regs!r:.60}")
        ranks = tuple(_check_int(k, "ranks", 1, 100) for k in ranks)
        for r in regs:
            if isinstance(r, bool) or not isinstance(r, numbers.Real) or not 0 <= r < 10:
                raise ValueError(f"regs must hold numbers in [0, 10), got {r!r}")
        regs = tuple(float(r) for r in regs)
        self.seed = seed
        validation, test, self.fit_data, self.validation_data = _grid(
            seed, ranks, regs, self.n_epochs)
        data, _, self.test_data = _split(seed)
        self.shape = (data.n_users, data.n_items)
        self.ranks, self.regs = ranks, regs
        self.table = {(k, r): (validation[a, b], test[a, b])
                      for a, k in enumerate(ranks) for b, r in enumerate(regs)}
        self.validation, self.test = validation, test
        best = np.unravel_index(validation.argmin(), validation.shape)
        self.best = (ranks[best[0]], regs[best[1]])
        self.config = {"ranks": list(ranks), "regs": list(regs), "n_epochs": self.n_epochs,
                       "seed": seed}
        self.controls = (slider("k", ranks, self.best[0], "rank k"),
                         slider("reg", regs, self.best[1], "λ"))
        super().__init__(**options)

    def build(self):
        fig, (self.ax_grid, self.ax_bar) = new_figure(figsize=(9.0, 3.4), ncols=2)
        image = self.ax_grid.imshow(self.validation, cmap="viridis_r")
        self.ax_grid.set(xticks=range(len(self.regs)), xticklabels=[f"{r:g}" for r in self.regs],
                         yticks=range(len(self.ranks)), yticklabels=self.ranks, xlabel="λ",
                         ylabel="rank k", title="validation RMSE")
        fig.colorbar(image, ax=self.ax_grid)
        (self.cursor,) = self.ax_grid.plot([0], [0], "s", markersize=22, markerfacecolor="none",
                                           markeredgecolor="C3", markeredgewidth=2.5)
        low = min(self.validation.min(), self.test.min())
        high = max(self.validation.max(), self.test.max())
        self.bars = self.ax_bar.bar([0, 1], [low, low], color=["C0", "C1"], width=0.6)
        self.ax_bar.set(xticks=[0, 1], xticklabels=["validation", "test"], ylabel="RMSE",
                        ylim=(low - 0.02, high + 0.02), title="this model")
        self.bar_labels = [self.ax_bar.text(x, low, " ", ha="center", va="bottom")
                           for x in (0, 1)]
        return fig, [self.cursor, *self.bars, *self.bar_labels]

    def compute(self, values):
        k, reg = values["k"], values["reg"]
        if (k, reg) in self.table:
            val, test = self.table[k, reg]
        else:   # a kernel's value off the grid: fit it now, as the chapter did
            if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
                raise ValueError(f"k must be an integer rank >= 1, got {k!r}")
            if not np.isfinite(reg) or reg < 0:
                raise ValueError(f"reg must be a finite number >= 0, got {reg!r}")
            model = MatrixFactorization(int(k), float(reg), "als", self.n_epochs,
                                        rng=self.seed).fit(*self.fit_data, *self.shape)
            val = rmse(model.predict(*self.validation_data[:2]), self.validation_data[2])
            test = rmse(model.predict(*self.test_data[:2]), self.test_data[2])
        return dict(values, validation=float(val), test=float(test),
                    best=(k, reg) == self.best)

    def draw(self, s):
        row = int(np.argmin(np.abs(np.array(self.ranks) - s["k"])))
        col = int(np.argmin(np.abs(np.array(self.regs) - s["reg"])))
        self.cursor.set_data([col], [row])
        for bar, label, value in zip(self.bars, self.bar_labels, (s["validation"], s["test"]),
                                     strict=True):
            bar.set_height(value)
            label.set_position((label.get_position()[0], value))
            label.set_text(self.fmt(value, 4))

    def readout(self, s):
        note = " (the best on validation)" if s["best"] else ""
        return (f"k = <b>{int(s['k'])}</b>, λ = <b>{s['reg']:g}</b>{note}: validation RMSE "
                f"<b>{self.fmt(s['validation'], 4)}</b>, test RMSE <b>{self.fmt(s['test'], 4)}</b>")

    def alt(self, s):
        return (f"validation grid with the model k = {int(s['k'])}, lambda = {s['reg']:g} "
                f"marked, and its validation and test RMSE as bars")


class NewUserExplorer(Explorer):
    r"""Rate a few films and get recommendations: a new user folded into a fitted model.

    Parameters
    ----------
    films : sequence of str, default :data:`FILMS`
        The titles asked about (two to four MovieLens titles).
    k, reg, n_epochs : int, float, int, default 20, 0.15, 10
        The ALS factorization (fitted on the chapter's training split).
    min_ratings : int, default 50
        Recommend only films with at least this many training ratings.
    n : int, default 6
        Recommendations shown (1 to 10).
    seed : int, default 0
    static : bool, default True
    **values
        One per film, named ``film0``, ``film1``, ...: a rating from :data:`CHOICES`
        (0 = skip; with a kernel, any rating from 1 to 5).
    """

    def __init__(self, films=FILMS, k: int = 20, reg: float = 0.15, n_epochs: int = 10,
                 min_ratings: int = 50, n: int = 6, seed: int = 0, **options):
        seed = _check_int(seed, "seed", 0, 2**32 - 1)
        k = _check_int(k, "k", 1, 100)
        n_epochs = _check_int(n_epochs, "n_epochs", 1, 50)
        min_ratings = _check_int(min_ratings, "min_ratings", 1, 1000)
        self.n = _check_int(n, "n", 1, 10)
        if isinstance(reg, bool) or not isinstance(reg, numbers.Real) or not 0 <= reg < 10:
            raise ValueError(f"reg must be a number in [0, 10), got {reg!r}")
        if isinstance(films, str) or not hasattr(films, "__len__") or not 2 <= len(films) <= 4:
            raise ValueError(f"films must be a list of 2 to 4 titles, got {films!r:.60}")
        data, (_, items, _), _ = _split(seed)
        self.titles = data.titles
        missing = [f for f in films if f not in self.titles]
        if missing:
            raise ValueError(f"films {missing} are not MovieLens titles")
        self.model = _factorization(seed, k, float(reg), n_epochs)
        self.films = tuple(films)
        self.film_ids = [self.titles.index(f) for f in films]
        counts = np.bincount(items, minlength=data.n_items)
        self.candidates = np.setdiff1d(np.flatnonzero(counts >= min_ratings), self.film_ids)
        if self.candidates.size < self.n:
            raise ValueError(f"min_ratings = {min_ratings} leaves {self.candidates.size} films "
                             f"to recommend, fewer than n = {self.n}")
        self.config = {"films": list(films), "k": k, "reg": float(reg), "n_epochs": n_epochs,
                       "min_ratings": min_ratings, "n": self.n, "seed": seed}
        self.controls = tuple(buttons(f"film{j}", CHOICES, 0.0, film)
                              for j, film in enumerate(films))
        super().__init__(**options)

    def build(self):
        fig, ax = new_figure(figsize=(7.0, 0.42 * self.n + 1.2))
        positions = np.arange(self.n)[::-1]
        self.bars = list(ax.barh(positions, np.ones(self.n), height=0.7, color="C0", alpha=0.35))
        self.labels = [ax.text(1.05, y, " ", va="center", fontsize=9) for y in positions]
        ax.set(xlim=(1, 5.05), ylim=(-0.6, self.n - 0.4), yticks=[],
               xlabel="predicted rating (stars)")
        self.title = ax.set_title(" ", fontsize=10)
        return fig, [*self.bars, *self.labels, self.title]

    def compute(self, values):
        low, high = self.model.rating_range
        rated, stars = [], []
        for j, item in enumerate(self.film_ids):
            value = values[f"film{j}"]
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not (
                    value == 0 or low <= value <= high):
                raise ValueError(f"film{j} must be 0 (skip) or a rating in [{low:g}, {high:g}], "
                                 f"got {value!r}")
            if value:
                rated.append(item)
                stars.append(float(value))
        user = fold_in(self.model, rated, stars)
        picks = top_n(self.model, user, self.n, candidates=self.candidates)
        return dict(values, rated=rated, picks=[(self.titles[i], float(user.predictions[i]))
                                                for i in picks])

    def draw(self, s):
        for bar, label, (title, score) in zip(self.bars, self.labels, s["picks"], strict=True):
            bar.set_width(score - 1)
            bar.set_x(1)
            label.set_text(f"{title}  {self.fmt(score, 2)}")
        said = len(s["rated"])
        self.title.set_text(f"recommended for you ({said} of {len(self.films)} films rated)"
                            if said else "recommended for the average user (nothing rated)")

    def readout(self, s):
        title, score = s["picks"][0]
        return (f"from your {len(s['rated'])} rating(s): first pick <b>{title}</b> "
                f"(predicted <b>{self.fmt(score, 2)}</b> stars)")

    def alt(self, s):
        return "bar chart of recommended films: " + ", ".join(t for t, _ in s["picks"])
