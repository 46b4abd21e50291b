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

Both take models and results that the chapter computed with :mod:`lib.recommend`; with a
kernel, values off the grids are computed on the spot by lib.
"""

from __future__ import annotations

import numbers

import numpy as np

from lib.plotting import new_figure
from lib.recommend import FilledSVD, MatrixFactorization, fold_in, rmse, top_n
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


def _check_triple(value, name: str):
    if not isinstance(value, tuple | list) or len(value) != 3:
        raise TypeError(
            f"{name} must be a tuple (users, items, ratings), got {type(value).__name__}")
    users, items, ratings = (np.asarray(v) for v in value)
    if not (users.ndim == items.ndim == ratings.ndim == 1) or not (
            users.shape == items.shape == ratings.shape) or ratings.size == 0:
        raise ValueError(f"{name} must hold three 1-D arrays of one common, nonzero length, got "
                         f"shapes {users.shape}, {items.shape} and {ratings.shape}")
    return users, items, ratings


class RankExplorer(Explorer):
    r"""Spectrum, reconstruction error and test RMSE of a filled-in SVD at rank :math:`k`.

    Parameters
    ----------
    models : dict of str to lib.recommend.FilledSVD
        Fitted models keyed by their filling (``"zeros"``, ``"mean"``, ``"baseline"``),
        at least two, all with the same ``n_factors`` (at least 2).
    test : tuple (users, items, ratings)
        Held-out ratings, arrays of shape (n,).
    static : bool, default True
    **values
        ``fill`` (a key of ``models``) and ``k`` (one of :data:`RANKS` up to
        ``n_factors``; with a kernel, any rank from 1 to ``n_factors``).
    """

    rows = (("fill",), ("k",))

    def __init__(self, models, test, **options):
        if not isinstance(models, dict):
            raise TypeError(f"models must be a dict of fill -> fitted FilledSVD, got "
                            f"{type(models).__name__}")
        if len(models) < 2:
            raise ValueError(f"models must hold at least two fillings to choose between, "
                             f"got {list(models)}")
        for fill, model in models.items():
            if not isinstance(model, FilledSVD) or getattr(model, "U", None) is None:
                raise TypeError(f"models[{fill!r}] must be a fitted FilledSVD, got "
                                f"{type(model).__name__}")
            if fill != model.fill:
                raise ValueError(f"models[{fill!r}] was fitted with fill={model.fill!r}")
        sizes = {model.n_factors for model in models.values()}
        if len(sizes) != 1 or min(sizes) < 2:
            raise ValueError(f"the models must share one n_factors >= 2, got {sorted(sizes)}")
        self.models = dict(models)
        self.max_rank = sizes.pop()
        users, items, ratings = _check_triple(test, "test")
        self.ranks = np.arange(1, self.max_rank + 1)
        # Every rank's test RMSE once per filling: the right panel's curve.
        self.curves = {fill: np.array([rmse(column, ratings)
                                       for column in model.predict_ranks(users, items).T])
                       for fill, model in models.items()}
        self.test = (users, items, ratings)
        offered = [k for k in RANKS if k <= self.max_rank]
        self.config = {"fills": list(models), "max_rank": int(self.max_rank)}
        fills = list(models)
        start = "baseline" if "baseline" in models else fills[0]
        self.controls = (
            buttons("fill", [(FILL_LABELS.get(f, f), f) for f in fills], start, "holes"),
            slider("k", offered, 10 if 10 in offered else offered[0], "rank k"),
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

    Parameters
    ----------
    ranks, regs : sequence of int, sequence of float
        The grid (at least two values each).
    validation, test : array_like of shape (len(ranks), len(regs))
        The RMSEs the chapter computed for every grid point (ALS fits on ``fit_data``).
    fit_data, validation_data, test_data : tuple (users, items, ratings)
        The ratings behind those numbers; with a kernel, ``update(k=..., reg=...)`` off
        the grid fits a new model on ``fit_data`` (8 ALS sweeps, seed 0).
    shape : tuple (n_users, n_items)
    static : bool, default True
    **values
        ``k`` (one of ``ranks``) and ``reg`` (one of ``regs``).
    """

    rows = (("k",), ("reg",))
    n_epochs = 8

    def __init__(self, ranks, regs, validation, test, *, fit_data, validation_data, test_data,
                 shape, **options):
        ranks = tuple(int(k) for k in ranks)
        regs = tuple(float(r) for r in regs)
        validation = np.asarray(validation, dtype=float)
        test = np.asarray(test, dtype=float)
        if validation.shape != (len(ranks), len(regs)) or test.shape != validation.shape:
            raise ValueError(f"validation and test must have shape ({len(ranks)}, {len(regs)}) "
                             f"(ranks by regs), got {validation.shape} and {test.shape}")
        if not (np.isfinite(validation).all() and np.isfinite(test).all()):
            raise ValueError("validation and test must be finite RMSEs")
        self.fit_data = _check_triple(fit_data, "fit_data")
        self.validation_data = _check_triple(validation_data, "validation_data")
        self.test_data = _check_triple(test_data, "test_data")
        if not isinstance(shape, tuple | list) or len(shape) != 2:
            raise TypeError(f"shape must be a pair (n_users, n_items), got {shape!r}")
        self.shape = (int(shape[0]), int(shape[1]))
        self.ranks, self.regs = ranks, regs
        self.table = {(k, r): (validation[a, b], test[a, b])
                      for a, k in enumerate(ranks) for b, r in enumerate(regs)}
        self.validation, self.test = validation, test
        best = np.unravel_index(validation.argmin(), validation.shape)
        self.best = (ranks[best[0]], regs[best[1]])
        self.config = {"ranks": list(ranks), "regs": list(regs)}
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
            model = MatrixFactorization(int(k), float(reg), "als", self.n_epochs, rng=0).fit(
                *self.fit_data, *self.shape)
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
    model : lib.recommend.MatrixFactorization
        A fitted model.
    titles : sequence of str
        The title of every item id (``lib.data.load_movielens_100k().titles``).
    films : sequence of str, default :data:`FILMS`
        The titles asked about (two to four, each in ``titles``).
    candidates : array_like of int, optional
        The items recommendations are chosen from (default: all).
    n : int, default 6
        Recommendations shown.
    static : bool, default True
    **values
        One per film, named ``film0``, ``film1``, ...: a rating from :data:`CHOICES`
        (0 = skip; with a kernel, any rating in the model's range).
    """

    def __init__(self, model, titles, films=FILMS, candidates=None, n: int = 6, **options):
        if not isinstance(model, MatrixFactorization) or model.user_factors is None:
            raise TypeError(f"model must be a fitted MatrixFactorization, got "
                            f"{type(model).__name__}")
        if isinstance(titles, str) or not hasattr(titles, "__len__") or len(
                titles) != model.n_items:
            raise ValueError(f"titles must list one title per item ({model.n_items})")
        if isinstance(films, str) or not hasattr(films, "__len__") or not 2 <= len(films) <= 4:
            raise ValueError(f"films must be a list of 2 to 4 titles, got {films!r:.60}")
        missing = [f for f in films if f not in titles]
        if missing:
            raise ValueError(f"films {missing} are not among the titles")
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= n <= 10:
            raise ValueError(f"n must be an integer in [1, 10], got {n!r}")
        self.model, self.titles, self.n = model, list(titles), int(n)
        self.films = tuple(films)
        self.film_ids = [self.titles.index(f) for f in films]
        self.candidates = None if candidates is None else np.asarray(candidates)
        pool = top_n(model, fold_in(model, [], []), model.n_items, candidates=self.candidates)
        # Rated films are never recommended: keep n within what is always left.
        self.n = min(self.n, len(np.setdiff1d(pool, self.film_ids)))
        if self.n < 1:
            raise ValueError("candidates leaves nothing to recommend besides the films asked about")
        self.config = {"films": list(films), "n": self.n}
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
