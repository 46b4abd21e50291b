"""Bad inputs for lib.widgets.embeddings."""

from fuzz import Bad
from lib.widgets.embeddings import (
    AnalogyBuilder,
    NeighborExplorer,
    analogy_builder,
    neighbor_explorer,
)


def _neighbors():
    return NeighborExplorer(words=("frog", "king"), static=False)


def _builder():
    return AnalogyBuilder(relations=(("man", "woman"), ("france", "paris")),
                          c_words=("king", "italy"), static=False)


PROBES = {
    "lib.widgets.embeddings.NeighborExplorer": [
        Bad("unknown word", lambda: NeighborExplorer(words=("frog", "zzzqx"), static=False),
            match="zzzqx"),
        Bad("words a string", lambda: NeighborExplorer(words="frog", static=False),
            match="words"),
        Bad("numbers as words", lambda: NeighborExplorer(words=(1, 2), static=False),
            match="words"),
        Bad("k zero", lambda: NeighborExplorer(k=0, static=False), match="k"),
        Bad("k too large", lambda: NeighborExplorer(k=50, static=False), match="k"),
        Bad("unknown word by update", lambda: _neighbors().update(word="zzzqx"),
            match="zzzqx"),
        Bad("static not bool", lambda: NeighborExplorer(static="yes"), match="static"),
    ],
    "lib.widgets.embeddings.neighbor_explorer": [
        Bad("one word", lambda: neighbor_explorer(words=("frog",), static=False),
            match="words"),
        Bad("repeated word", lambda: neighbor_explorer(words=("frog", "frog"), static=False),
            match="word"),
        Bad("float k", lambda: neighbor_explorer(k=2.5, static=False), match="k"),
        Bad("unknown control", lambda: neighbor_explorer(static=False, colour="red"),
            match="colour"),
        Bad("None words", lambda: neighbor_explorer(words=None, static=False), match="words"),
    ],
    "lib.widgets.embeddings.AnalogyBuilder": [
        Bad("triple relation", lambda: AnalogyBuilder(
            relations=(("a", "b", "c"), ("man", "woman")), static=False), match="relation"),
        Bad("unknown relation word", lambda: AnalogyBuilder(
            relations=(("man", "zzzqx"), ("man", "woman")), static=False), match="zzzqx"),
        Bad("one relation", lambda: AnalogyBuilder(relations=(("man", "woman"),),
                                                   static=False), match="relations"),
        Bad("c_words a string", lambda: AnalogyBuilder(c_words="king", static=False),
            match="c_words"),
        Bad("relation index off the grid", lambda: _builder().update(relation=7),
            match="relation"),
        Bad("unknown c by update", lambda: _builder().update(c="zzzqx"), match="zzzqx"),
    ],
    "lib.widgets.embeddings.analogy_builder": [
        Bad("relations a string", lambda: analogy_builder(relations="man woman", static=False),
            match="relations"),
        Bad("numeric c", lambda: analogy_builder(c_words=(1, 2), static=False), match="c_words"),
        Bad("unknown c", lambda: analogy_builder(c_words=("king", "zzzqx"), static=False),
            match="zzzqx"),
        Bad("exclude off the grid", lambda: analogy_builder(static=False, exclude="maybe"),
            match="exclude"),
        Bad("static not bool", lambda: analogy_builder(static=1), match="static"),
    ],
}
