"""Bad inputs for lib.widgets.softmax_cross_entropy."""

from fuzz import Bad
from lib.widgets.softmax_cross_entropy import LogitLab

PROBES = {
    "lib.widgets.softmax_cross_entropy.LogitLab": [
        Bad("zero temperature", lambda: LogitLab(T=0.0, static=False), match="T"),
        Bad("negative temperature", lambda: LogitLab(T=-1.0, static=False), match="T"),
        Bad("infinite temperature", lambda: LogitLab(T=float("inf"), static=False), match="T"),
        Bad("class out of range", lambda: LogitLab(true_class=3, static=False),
            match="true_class"),
        Bad("unknown logits", lambda: LogitLab(logits="(1, 2)", static=False), match="logits"),
        Bad("static as a string", lambda: LogitLab(static="y"), match="static"),
    ],
}
