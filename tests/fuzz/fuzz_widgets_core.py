"""Bad inputs for lib.widgets.core (the explorer pattern)."""

from fuzz import Bad
from lib.widgets.core import Explorer, buttons, slider

NAN = float("nan")


def _explorer_with(controls):
    return type("Declared", (Explorer,), {"controls": controls})


PROBES = {
    "lib.widgets.core.slider": [
        Bad("one value", lambda: slider("a", [1.0]), match="grid of control 'a'"),
        Bad("repeated values", lambda: slider("a", [1.0, 1.0]), match="grid of control 'a'"),
        Bad("a NaN value", lambda: slider("a", [0.0, NAN]), match="grid of control 'a'"),
        Bad("grid as a string", lambda: slider("a", "abc"), match="grid of control 'a'"),
        Bad("grid as a number", lambda: slider("a", 3), match="grid of control 'a'"),
        Bad("default off the grid", lambda: slider("a", [0, 1], 2), match="default of control"),
        Bad("name not a word", lambda: slider("a b", [0, 1]), match="name"),
        Bad("name None", lambda: slider(None, [0, 1]), match="name"),
        Bad("bad format", lambda: slider("a", [0, 1], fmt="{:q}"), match="fmt"),
    ],
    "lib.widgets.core.buttons": [
        Bad("options as a string", lambda: buttons("a", "xy"), match="options of control"),
        Bad("no options", lambda: buttons("a", []), match="grid of control 'a'"),
        Bad("one option", lambda: buttons("a", ["x"]), match="grid of control 'a'"),
        Bad("repeated options", lambda: buttons("a", ["x", "x"]), match="grid of control"),
        Bad("default not an option", lambda: buttons("a", ["x", "y"], "z"),
            match="default of control 'a'"),
        Bad("description not a string", lambda: buttons("a", ["x", "y"], description=3),
            match="description"),
    ],
    "lib.widgets.core.Explorer": [
        Bad("no controls", lambda: Explorer(static=False), match="needs 1 to 8 controls"),
        Bad("static as a string", lambda: Explorer(static="yes"), match="static"),
        Bad("static None", lambda: Explorer(static=None), match="static"),
        Bad("nine controls", lambda: _explorer_with(
            tuple(slider(f"c{i}", [0, 1]) for i in range(9)))(static=False),
            match="needs 1 to 8 controls"),
        Bad("unknown control", lambda: _explorer_with((slider("a", [0, 1]),))(b=1),
            match="unknown control 'b'"),
        Bad("value off the grid", lambda: _explorer_with((slider("a", [0, 1]),))(a=5),
            match="a=5 is not offered"),
        Bad("NaN value", lambda: _explorer_with((slider("a", [0, 1]),))(a=NAN),
            match="a must be a finite real number"),
    ],
}
