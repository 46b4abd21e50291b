"""Bad inputs for lib.widgets.svd_recommenders."""

from fuzz import Bad
from lib.widgets.svd_recommenders import FactorizationExplorer, NewUserExplorer, RankExplorer


def _rank():
    return RankExplorer(max_rank=4, static=False)


def _grid():
    return FactorizationExplorer(ranks=(2, 3), regs=(0.1, 0.2), n_epochs=1, static=False)


def _new(**options):
    return NewUserExplorer(**{"k": 2, "n_epochs": 1, "static": False, **options})


PROBES = {
    "lib.widgets.svd_recommenders.RankExplorer": [
        Bad("negative seed", lambda: RankExplorer(seed=-1, static=False), match="seed"),
        Bad("string seed", lambda: RankExplorer(seed="0", static=False), match="seed"),
        Bad("max_rank 1", lambda: RankExplorer(max_rank=1, static=False), match="max_rank"),
        Bad("max_rank too large", lambda: RankExplorer(max_rank=500, static=False),
            match="max_rank"),
        Bad("rank off range", lambda: _rank().update(k=9), match="k"),
        Bad("fractional rank", lambda: _rank().update(k=2.5), match="k"),
        Bad("unknown fill", lambda: _rank().update(fill="median"), match="fill"),
        Bad("string static", lambda: RankExplorer(max_rank=4, static="no"), match="static"),
    ],
    "lib.widgets.svd_recommenders.FactorizationExplorer": [
        Bad("one rank", lambda: FactorizationExplorer(ranks=(2,), static=False), match="ranks"),
        Bad("ranks a string", lambda: FactorizationExplorer(ranks="25", static=False),
            match="ranks"),
        Bad("negative reg", lambda: FactorizationExplorer(regs=(-0.1, 0.1), static=False),
            match="regs"),
        Bad("NaN reg", lambda: FactorizationExplorer(regs=(float("nan"), 0.1), static=False),
            match="regs"),
        Bad("zero sweeps", lambda: FactorizationExplorer(n_epochs=0, static=False),
            match="n_epochs"),
        Bad("fractional rank off the grid", lambda: _grid().update(k=1.5), match="k must"),
        Bad("NaN reg off the grid", lambda: _grid().update(reg=float("nan")), match="reg"),
    ],
    "lib.widgets.svd_recommenders.NewUserExplorer": [
        Bad("unknown film", lambda: _new(films=("Star Wars", "Zzz")), match="Zzz"),
        Bad("one film", lambda: _new(films=("Star Wars",)), match="films"),
        Bad("films a string", lambda: _new(films="Star Wars"), match="films"),
        Bad("n zero", lambda: _new(n=0), match="n must"),
        Bad("min_ratings too high", lambda: _new(min_ratings=1000), match="min_ratings"),
        Bad("negative reg", lambda: _new(reg=-1.0), match="reg"),
        Bad("float k", lambda: _new(k=2.0), match="k must"),
        Bad("rating off the scale", lambda: _new().update(film0=7.0), match="film0"),
    ],
}
