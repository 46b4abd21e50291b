"""Bad inputs for lib.widgets.neurons_and_layers."""

from fuzz import Bad
from lib.widgets.neurons_and_layers import LayerExplorer, NeuronExplorer

NAN = float("nan")

PROBES = {
    "lib.widgets.neurons_and_layers.NeuronExplorer": [
        Bad("3-d point", lambda: NeuronExplorer(point=[1, 2, 3], static=False), match="point"),
        Bad("NaN point", lambda: NeuronExplorer(point=[1, NAN], static=False), match="point"),
        Bad("negative lim", lambda: NeuronExplorer(lim=-1.0, static=False), match="lim"),
        Bad("NaN lim", lambda: NeuronExplorer(lim=NAN, static=False), match="lim"),
        Bad("one grid point", lambda: NeuronExplorer(n=1, static=False), match="n must be"),
        Bad("w1 off the grid", lambda: NeuronExplorer(w1=0.7, static=False), match="w1"),
        Bad("unknown activation", lambda: NeuronExplorer(activation="softplus", static=False),
            match="activation"),
        Bad("static as a string", lambda: NeuronExplorer(static="no"), match="static"),
    ],
    "lib.widgets.neurons_and_layers.LayerExplorer": [
        Bad("no points", lambda: LayerExplorer(n_points=0, static=False), match="n_points"),
        Bad("float n_points", lambda: LayerExplorer(n_points=2.5, static=False),
            match="n_points"),
        Bad("negative seed", lambda: LayerExplorer(seed=-1, static=False), match="seed"),
        Bad("unknown matrix", lambda: LayerExplorer(W="mirror", static=False), match="W"),
        Bad("unknown bias", lambda: LayerExplorer(b="(2, 2)", static=False), match="b"),
        Bad("activation None", lambda: LayerExplorer(activation=None, static=False),
            match="activation"),
    ],
}
