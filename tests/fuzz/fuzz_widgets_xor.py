"""Bad inputs for lib.widgets.xor."""

from fuzz import Bad
from lib.widgets.xor import XorWorkbench

PROBES = {
    "lib.widgets.xor.XorWorkbench": [
        Bad("grid of one pixel", lambda: XorWorkbench(grid_size=1, static=False),
            match="grid_size"),
        Bad("float grid", lambda: XorWorkbench(grid_size=2.5, static=False), match="grid_size"),
        Bad("unknown hidden layer", lambda: XorWorkbench(hidden="random", static=False),
            match="hidden"),
        Bad("v1 off the grid", lambda: XorWorkbench(v1=0.3, static=False), match="v1"),
        Bad("NaN bias", lambda: XorWorkbench(c=float("nan"), static=False), match="c must be"),
        Bad("static as a number", lambda: XorWorkbench(static=0), match="static"),
    ],
}
