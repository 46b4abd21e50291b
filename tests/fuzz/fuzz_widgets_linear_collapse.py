"""Bad inputs for lib.widgets.linear_collapse."""

from fuzz import Bad
from lib.widgets.linear_collapse import NetworkBender

PROBES = {
    "lib.widgets.linear_collapse.NetworkBender": [
        Bad("negative seed", lambda: NetworkBender(seed=-1, static=False), match="seed"),
        Bad("float seed", lambda: NetworkBender(seed=1.5, static=False), match="seed"),
        Bad("string seed", lambda: NetworkBender(seed="0", static=False), match="seed"),
        Bad("depth off the grid", lambda: NetworkBender(depth=7, static=False), match="depth"),
        Bad("width off the grid", lambda: NetworkBender(width=5, static=False), match="width"),
        Bad("unknown units", lambda: NetworkBender(activation="tanh", static=False),
            match="activation"),
        Bad("static as a string", lambda: NetworkBender(static="x"), match="static"),
    ],
}
