"""Bad inputs for lib.widgets.backpropagation."""

from fuzz import Bad
from lib.widgets.backpropagation import LearningRateLab

PROBES = {
    "lib.widgets.backpropagation.LearningRateLab": [
        Bad("zero epochs", lambda: LearningRateLab(epochs=0, static=False), match="epochs"),
        Bad("float epochs", lambda: LearningRateLab(epochs=2.5, static=False), match="epochs"),
        Bad("epochs None", lambda: LearningRateLab(epochs=None, static=False), match="epochs"),
        Bad("rate off the grid", lambda: LearningRateLab(learning_rate=0.2, static=False),
            match="learning_rate"),
        Bad("NaN rate", lambda: LearningRateLab(learning_rate=float("nan"), static=False),
            match="learning_rate"),
        Bad("epochs shown off the grid", lambda: LearningRateLab(epochs_shown=0, static=False),
            match="epochs_shown"),
    ],
}
