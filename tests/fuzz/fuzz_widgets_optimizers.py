"""Bad inputs for lib.widgets.optimizers."""

from fuzz import Bad
from lib.widgets.optimizers import OptimizerPlayground

PROBES = {
    "lib.widgets.optimizers.OptimizerPlayground": [
        Bad("zero steps", lambda: OptimizerPlayground(steps=0, static=False), match="steps"),
        Bad("a million steps", lambda: OptimizerPlayground(steps=10**6, static=False),
            match="steps"),
        Bad("NaN beta2", lambda: OptimizerPlayground(beta2=float("nan"), static=False),
            match="beta2"),
        Bad("beta2 of 1", lambda: OptimizerPlayground(beta2=1.0, static=False), match="beta2"),
        Bad("1-d start", lambda: OptimizerPlayground(start=[1.0], static=False), match="start"),
        Bad("NaN start", lambda: OptimizerPlayground(start=[1.0, float("nan")], static=False),
            match="start"),
        Bad("unknown optimizer", lambda: OptimizerPlayground(optimizer="SGD", static=False),
            match="optimizer"),
        Bad("lr off the grid", lambda: OptimizerPlayground(lr=0.3, static=False), match="lr"),
    ],
}
