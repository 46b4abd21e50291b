r"""Explorers for chapter 7 (embeddings): nearest neighbours and an analogy builder.

- :class:`NeighborExplorer`: choose a word from a curated list and see its ten nearest
  GloVe neighbours by cosine (:func:`lib.embeddings.nearest_neighbors`).
- :class:`AnalogyBuilder`: choose a relation :math:`a \to b` and a word :math:`c`;
  the five best answers to :math:`\mathbf b - \mathbf a + \mathbf c` by 3CosAdd
  (:func:`lib.embeddings.analogy`), with or without the query words excluded.

Both search the 30,000 most frequent GloVe words (the vocabulary of the chapter's
analogy evaluation).
"""

from __future__ import annotations

import numpy as np

from lib.data import load_glove
from lib.embeddings import analogy, nearest_neighbors, normalize_rows, word_indices
from lib.plotting import new_figure
from lib.widgets.core import Explorer, buttons

__all__ = ["NeighborExplorer", "neighbor_explorer", "AnalogyBuilder", "analogy_builder",
           "NEIGHBOR_WORDS", "RELATIONS", "C_WORDS"]

NEIGHBOR_WORDS = ("frog", "king", "paris", "computer", "happy", "river", "doctor", "jazz",
                  "apple", "run", "blue", "seven")
"""The words :class:`NeighborExplorer` offers: animals, people, places, things,
feelings, verbs, colours and numbers."""

RELATIONS = (("man", "woman"), ("france", "paris"), ("good", "better"), ("walk", "walked"))
"""The pairs :math:`a \\to b` of :class:`AnalogyBuilder`: gender, capital, comparative,
past tense."""

C_WORDS = ("king", "italy", "bad", "swim")
"""The words :math:`c` of :class:`AnalogyBuilder`, one that suits each relation."""

_VOCAB = 30000


def _check_word_tuple(value, name: str, minimum: int) -> tuple[str, ...]:
    if isinstance(value, str) or not hasattr(value, "__len__") or len(value) < minimum:
        raise TypeError(f"{name} must be a list of at least {minimum} words, got {value!r:.60}")
    if not all(isinstance(w, str) for w in value):
        raise TypeError(f"{name} must hold words (str), got {list(value)!r:.80}")
    return tuple(value)


def _barh_figure(n: int, xlabel: str):
    """A horizontal bar chart of ``n`` bars (best at the top) with a label per bar."""
    fig, ax = new_figure(figsize=(6.0, 0.32 * n + 1.3))
    positions = np.arange(n)[::-1]
    bars = ax.barh(positions, np.zeros(n), height=0.7, color="C0")
    labels = [ax.text(0.01, y, " ", va="center", fontsize=9) for y in positions]
    ax.set(xlim=(0, 1.25), ylim=(-0.6, n - 0.4), xlabel=xlabel, yticks=[])
    ax.axvline(1.0, color="grey", lw=0.8, ls=":")
    title = ax.set_title(" ", fontsize=10)
    return fig, list(bars), labels, title


def _draw_bars(bars, labels, pairs, colors):
    for bar, label, (word, cos), color in zip(bars, labels, pairs, colors, strict=True):
        width = max(cos, 0.0)
        bar.set_width(width)
        bar.set_color(color)
        label.set_position((width + 0.01, label.get_position()[1]))
        label.set_text(f"{word}  {Explorer.fmt(cos, 3)}")


class NeighborExplorer(Explorer):
    """The ten nearest neighbours, by cosine, of a word chosen from a curated list.

    Parameters
    ----------
    words : sequence of str, default :data:`NEIGHBOR_WORDS`
        The words offered (at least two, each among the 30,000 most frequent).
    k : int, default 10
        Neighbours shown (1 to 20).
    static : bool, default True
    **values
        ``word``: one of ``words`` (with a kernel, ``update(word=...)`` takes any of the
        30,000 words).
    """

    def __init__(self, words=NEIGHBOR_WORDS, k: int = 10, **options):
        offered = _check_word_tuple(words, "words", 2)
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 1 <= k <= 20:
            raise ValueError(f"k must be an integer in [1, 20], got {k!r}")
        self.k = int(k)
        self.vocab, vectors = load_glove(_VOCAB)
        self.ids = dict(zip(offered, np.atleast_1d(word_indices(self.vocab, list(offered))),
                            strict=True))
        self.unit = normalize_rows(np.asarray(vectors, dtype=np.float64))
        self.config = {"words": list(offered), "k": self.k}
        self.controls = (buttons("word", offered, offered[0], "word"),)
        super().__init__(**options)

    def build(self):
        fig, self.bars, self.labels, self.title = _barh_figure(self.k, "cosine similarity")
        return fig, [*self.bars, *self.labels, self.title]

    def compute(self, values):
        word = values["word"]
        # With a kernel, update(word=...) takes any of the 30,000 words.
        row = int(self.ids[word]) if word in self.ids else word_indices(self.vocab, word)
        top, sims = nearest_neighbors(self.unit, self.unit[row], k=self.k, exclude=[row])
        neighbors = [(self.vocab[i], float(s)) for i, s in zip(top, sims, strict=True)]
        return dict(values, rank=row + 1, neighbors=neighbors)

    def draw(self, s):
        _draw_bars(self.bars, self.labels, s["neighbors"], ["C0"] * self.k)
        self.title.set_text(f"nearest neighbours of '{s['word']}' "
                            f"(frequency rank {s['rank']:,} of {_VOCAB:,})")

    def readout(self, s):
        best = ", ".join(f"{w} {self.fmt(c, 3)}" for w, c in s["neighbors"][:3])
        return (f"<b>{s['word']}</b>: closest {best}; the {self.k}th neighbour has cosine "
                f"<b>{self.fmt(s['neighbors'][-1][1], 3)}</b>")

    def alt(self, s):
        return (f"bar chart of the {self.k} nearest neighbours of {s['word']}: "
                + ", ".join(w for w, _ in s["neighbors"]))


def neighbor_explorer(**options):
    """The neighbour explorer, ready to display (options as for :class:`NeighborExplorer`)."""
    return NeighborExplorer(**options).widget


class AnalogyBuilder(Explorer):
    r"""Build :math:`\mathbf b - \mathbf a + \mathbf c` from a relation and a word.

    Parameters
    ----------
    relations : sequence of (str, str), default :data:`RELATIONS`
        The pairs :math:`(a, b)` offered.
    c_words : sequence of str, default :data:`C_WORDS`
        The words :math:`c` offered.
    static : bool, default True
    **values
        ``relation`` (an index into ``relations``), ``c`` (one of ``c_words``; with a
        kernel, ``update(c=...)`` takes any of the 30,000 words), ``exclude`` (True: the
        query words are never answers).
    """

    rows = (("relation",), ("c",), ("exclude",))
    top = 5

    def __init__(self, relations=RELATIONS, c_words=C_WORDS, **options):
        if isinstance(relations, str) or not hasattr(relations, "__len__") or len(relations) < 2:
            raise TypeError(f"relations must be a list of at least 2 word pairs, "
                            f"got {relations!r:.60}")
        pairs = []
        for pair in relations:
            pair = _check_word_tuple(pair, "relations", 2)
            if len(pair) != 2:
                raise ValueError(f"each relation must be a pair (a, b), got {pair!r}")
            pairs.append(pair)
        offered = _check_word_tuple(c_words, "c_words", 2)
        self.vocab, self.vectors = load_glove(_VOCAB)
        word_indices(self.vocab, [w for pair in pairs for w in pair] + list(offered))
        self.relations = tuple(pairs)
        self.config = {"relations": [list(p) for p in pairs], "c_words": list(offered)}
        self.controls = (
            buttons("relation", [(f"{a} → {b}", i) for i, (a, b) in enumerate(pairs)], 0,
                    "a → b"),
            buttons("c", offered, offered[0], "c"),
            buttons("exclude", [("exclude a, b, c", True), ("keep them", False)], True,
                    "answers"),
        )
        super().__init__(**options)

    def build(self):
        fig, self.bars, self.labels, self.title = _barh_figure(
            self.top, "cosine with b − a + c")
        return fig, [*self.bars, *self.labels, self.title]

    def compute(self, values):
        if values["relation"] not in range(len(self.relations)):
            raise ValueError(f"relation must be one of {list(range(len(self.relations)))}, "
                             f"got {values['relation']!r}")
        a, b = self.relations[values["relation"]]
        answers = analogy(self.vocab, self.vectors, a, b, values["c"], k=self.top,
                          exclude_query=bool(values["exclude"]))
        return dict(values, a=a, b=b, answers=answers)

    def draw(self, s):
        query = {s["a"], s["b"], s["c"]}
        colors = ["C3" if w in query else "C0" for w, _ in s["answers"]]
        _draw_bars(self.bars, self.labels, s["answers"], colors)
        self.title.set_text(f"{s['b']} − {s['a']} + {s['c']} ≈ ?   (red: a query word)")

    def readout(self, s):
        word, cos = s["answers"][0]
        note = " (a query word: excluding them is what makes analogies work)" \
            if word in {s["a"], s["b"], s["c"]} else ""
        return (f"<b>{s['b']} − {s['a']} + {s['c']}</b> ≈ <b>{word}</b> "
                f"(cosine {self.fmt(cos, 3)}){note}")

    def alt(self, s):
        return (f"best answers to {s['b']} minus {s['a']} plus {s['c']}: "
                + ", ".join(w for w, _ in s["answers"]))


def analogy_builder(**options):
    """The analogy builder, ready to display (options as for :class:`AnalogyBuilder`)."""
    return AnalogyBuilder(**options).widget
