"""Bad inputs for lib.init."""

from fuzz import Bad, bad_counts, bad_rngs
from lib.init import (
    get_initializer,
    he_normal,
    he_std,
    lecun_normal,
    lecun_std,
    xavier_limit,
    xavier_normal,
    xavier_std,
    xavier_uniform,
)

PROBES = {
    "lib.init.he_std": bad_counts(he_std, "fan_in"),
    "lib.init.lecun_std": bad_counts(lecun_std, "fan_in"),
    "lib.init.xavier_std": bad_counts(lambda n: xavier_std(n, 3), "fan_in")
    + bad_counts(lambda n: xavier_std(3, n), "fan_out"),
    "lib.init.xavier_limit": bad_counts(lambda n: xavier_limit(n, 3), "fan_in")
    + bad_counts(lambda n: xavier_limit(3, n), "fan_out"),
    "lib.init.get_initializer": [
        Bad("unknown name", lambda: get_initializer("kaiming"), match="name must be one of"),
        Bad("zeros is a layer option, not a scheme", lambda: get_initializer("zeros"),
            match="got 'zeros'"),
        Bad("None", lambda: get_initializer(None), match="name"),
        Bad("a number", lambda: get_initializer(2), match="name"),
        Bad("upper case", lambda: get_initializer("HE"), match="got 'HE'"),
    ],
}
for init in (he_normal, xavier_normal, xavier_uniform, lecun_normal):
    PROBES[f"lib.init.{init.__name__}"] = (
        bad_counts(lambda n, f=init: f(n, 3, 0), "n_in")
        + bad_counts(lambda n, f=init: f(3, n, 0), "n_out")
        + bad_rngs(lambda r, f=init: f(3, 2, r))
    )
