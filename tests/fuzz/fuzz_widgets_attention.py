"""Bad inputs for lib.widgets.attention."""

from fuzz import Bad
from lib.widgets.attention import (
    BlockSize,
    SentenceAttention,
    block_size_explorer,
    sentence_attention_explorer,
)


def _sentence_probes(make):
    return [
        Bad("one sentence only", lambda: make(sentences=[1], static=False), match="sentences"),
        Bad("repeated sentence", lambda: make(sentences=[1, 1], static=False),
            match="sentences"),
        Bad("negative sentence", lambda: make(sentences=[-1, 3], static=False),
            match="sentences"),
        Bad("sentence past the corpus", lambda: make(sentences=[1, 10**6], static=False),
            match="sentences"),
        Bad("string sentences", lambda: make(sentences="13", static=False), match="sentences"),
        Bad("too long a sentence", lambda: make(sentences=[0, 1], static=False),
            match="tokens"),
        Bad("temperature off the grid", lambda: make(T=0.3, static=False), match="T"),
        Bad("unknown mask", lambda: make(mask="sideways", static=False), match="mask"),
        Bad("unknown control", lambda: make(colour="red", static=False), match="colour"),
        Bad("static not a bool", lambda: make(static="yes"), match="static"),
    ]


def _block_probes(make):
    return [
        Bad("L too small", lambda: make(L=8, static=False), match="L"),
        Bad("L too large", lambda: make(L=10**6, static=False), match="L"),
        Bad("float L", lambda: make(L=256.0, static=False), match="L"),
        Bad("zero width", lambda: make(L=64, d=0, static=False), match="d"),
        Bad("negative seed", lambda: make(L=64, d=4, seed=-1, static=False), match="seed"),
        Bad("block off the grid", lambda: make(L=64, d=4, block=100, static=False),
            match="block"),
        Bad("static not a bool", lambda: make(L=64, d=4, static=1), match="static"),
    ]


def _update_probes():
    def update(**values):
        return SentenceAttention(static=False).update(**values)

    def update_block(**values):
        return BlockSize(L=64, d=4, static=False).update(**values)

    return [
        Bad("update: negative temperature", lambda: update(T=-1.0), match="temperature"),
        Bad("update: NaN temperature", lambda: update(T=float("nan")), match="T"),
        Bad("update: string temperature", lambda: update(T="cold"), match="T"),
        Bad("update: sentence 7", lambda: update(sentence=7), match="sentence"),
        Bad("update: block 0", lambda: update_block(block=0), match="block_size"),
    ]


PROBES = {
    "lib.widgets.attention.SentenceAttention": [*_sentence_probes(SentenceAttention),
                                                *_update_probes()],
    "lib.widgets.attention.sentence_attention_explorer":
        _sentence_probes(sentence_attention_explorer),
    "lib.widgets.attention.BlockSize": _block_probes(BlockSize),
    "lib.widgets.attention.block_size_explorer": _block_probes(block_size_explorer),
}
