"""Bad inputs for lib.activations."""

from fuzz import Bad, bad_arrays
from lib import activations
from lib.activations import get_activation, leaky_relu, leaky_relu_derivative

NAN = float("nan")

PROBES = {
    f"lib.activations.{name}": bad_arrays(getattr(activations, name), "z")
    for name in ("relu", "relu_derivative", "leaky_relu", "leaky_relu_derivative", "sigmoid",
                 "sigmoid_derivative", "tanh", "tanh_derivative", "identity",
                 "identity_derivative")
}
for f in (leaky_relu, leaky_relu_derivative):
    PROBES[f"lib.activations.{f.__name__}"] += [
        Bad("slope of 1", lambda f=f: f([1.0, -1.0], slope=1.0), match="slope"),
        Bad("negative slope", lambda f=f: f([1.0, -1.0], slope=-0.1), match="slope"),
        Bad("NaN slope", lambda f=f: f([1.0, -1.0], slope=NAN), match="slope"),
        Bad("string slope", lambda f=f: f([1.0, -1.0], slope="0.1"), match="slope"),
        Bad("None slope", lambda f=f: f([1.0, -1.0], slope=None), match="slope"),
    ]
PROBES["lib.activations.get_activation"] = [
    Bad("unknown name", lambda: get_activation("gelu"), match="name must be one of 'relu'"),
    Bad("wrong case", lambda: get_activation("ReLU"), match="got 'ReLU'"),
    Bad("None", lambda: get_activation(None), match="name"),
    Bad("a number", lambda: get_activation(5), match="name"),
    Bad("a function", lambda: get_activation(activations.relu), match="name"),
    Bad("empty string", lambda: get_activation(""), match="name"),
]
