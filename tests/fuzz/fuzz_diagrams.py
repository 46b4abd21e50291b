"""Bad inputs for lib.diagrams."""

import numpy as np
from matplotlib.figure import Figure

from fuzz import Bad, bad_arrays, bad_reals
from lib.diagrams import draw_layer, draw_neuron

NAN = float("nan")


def _ax():
    return Figure().subplots()


PROBES = {
    "lib.diagrams.draw_neuron": [
        Bad("not an axes", lambda: draw_neuron("ax", [1.0], 0.0), match="ax"),
        *bad_arrays(lambda v: draw_neuron(_ax(), v, 0.0), "w"),
        Bad("no weights", lambda: draw_neuron(_ax(), [], 0.0), match="w must have"),
        Bad("nine weights", lambda: draw_neuron(_ax(), np.ones(9), 0.0), match="w must have"),
        Bad("2-D weights", lambda: draw_neuron(_ax(), np.ones((2, 2)), 0.0), match="w"),
        *bad_reals(lambda v: draw_neuron(_ax(), [1.0], v), "b"),
        Bad("x too short", lambda: draw_neuron(_ax(), [1.0, 2.0], 0.0, x=[1.0]), match="x"),
        Bad("NaN input", lambda: draw_neuron(_ax(), [1.0], 0.0, x=[NAN]), match="x"),
        Bad(
            "unknown activation",
            lambda: draw_neuron(_ax(), [1.0], 0.0, activation="swish"),
            match="activation",
        ),
        Bad(
            "activation not a string",
            lambda: draw_neuron(_ax(), [1.0], 0.0, activation=1),
            match="activation",
        ),
        Bad("tiny font", lambda: draw_neuron(_ax(), [1.0], 0.0, fontsize=1), match="fontsize"),
        Bad("string font", lambda: draw_neuron(_ax(), [1.0], 0.0, fontsize="12"), match="fontsize"),
    ],
    "lib.diagrams.draw_layer": [
        Bad("not an axes", lambda: draw_layer(None, np.ones((2, 2))), match="ax"),
        *bad_arrays(lambda v: draw_layer(_ax(), v), "W"),
        Bad("1-D matrix", lambda: draw_layer(_ax(), [1.0, 2.0]), match="W"),
        Bad("eleven neurons", lambda: draw_layer(_ax(), np.ones((11, 2))), match="W"),
        Bad("no inputs", lambda: draw_layer(_ax(), np.ones((2, 0))), match="W"),
        Bad("bias too long", lambda: draw_layer(_ax(), np.ones((2, 2)), b=np.zeros(3)), match="b"),
        Bad("NaN bias", lambda: draw_layer(_ax(), np.ones((2, 2)), b=[0.0, NAN]), match="b"),
        Bad("input too long", lambda: draw_layer(_ax(), np.ones((2, 2)), x=np.zeros(3)), match="x"),
        Bad(
            "names as one string",
            lambda: draw_layer(_ax(), np.ones((2, 2)), input_names="ab"),
            match="input_names",
        ),
        Bad(
            "too few names",
            lambda: draw_layer(_ax(), np.ones((2, 2)), input_names=["a"]),
            match="input_names",
        ),
        Bad(
            "unknown activation",
            lambda: draw_layer(_ax(), np.ones((2, 2)), x=[1, 2], activation="gelu"),
            match="activation",
        ),
        Bad("NaN font", lambda: draw_layer(_ax(), np.ones((2, 2)), fontsize=NAN), match="fontsize"),
    ],
}
