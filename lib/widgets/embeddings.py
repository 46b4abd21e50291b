r"""Explorers for chapter 7 (embeddings): nearest neighbours and an analogy builder.

- :class:`NeighborExplorer`: choose a word from a curated list and see its ten nearest
  GloVe neighbours by cosine (:func:`lib.embeddings.nearest_neighbors`), listed with
  their cosines, and where they sit in the distribution of the cosines of all words.
- :class:`AnalogyBuilder`: choose a relation :math:`a \to b` and a word :math:`c`;
  the five best answers to :math:`\mathbf b - \mathbf a + \mathbf c` by 3CosAdd
  (:func:`lib.embeddings.analogy`), with or without the query words excluded, and where
  answers and query words sit among the cosines of all words with the target.

Both search the 30,000 most frequent GloVe words (the vocabulary of the chapter's
analogy evaluation).
"""

from __future__ import annotations

import numpy as np

from lib.data import load_glove
from lib.embeddings import (
    analogy,
    analogy_offset,
    cosine_similarity,
    nearest_neighbors,
    normalize_rows,
    word_indices,
)
from lib.plotting import new_figure
from lib.widgets.core import Explorer, buttons

__all__ = ["NeighborExplorer", "neighbor_explorer", "AnalogyBuilder", "analogy_builder",
           "NEIGHBOR_WORDS", "RELATIONS", "C_WORDS", "BINS"]

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


BINS = np.linspace(-0.5, 1.0, 61)
"""Edges of the histogram of cosines drawn by both explorers (width 0.025)."""


def _histogram_figure(title: str, xlabel: str, n_marks: int):
    """The distribution of the cosines of all words with a query, and marks for chosen words.

    Text is the slow part of a redraw (several milliseconds per label), so nothing that
    moves is text: the histogram moves, the marks move, and the words with their cosines
    go to the HTML readout.
    """
    fig, ax = new_figure(figsize=(6.4, 2.9))
    hist = ax.stairs(np.zeros(len(BINS) - 1), BINS, fill=True, color="0.75",
                     label=f"all {_VOCAB:,} words")
    marks = [ax.plot([], [], lw=2, color=color, label=label)[0]
             for color, label in n_marks]
    ax.set(xlim=(BINS[0], BINS[-1]), ylim=(0, 0.1), xlabel=xlabel,
           ylabel="fraction of words", title=title)
    ax.legend(loc="upper left", fontsize=8)
    return fig, hist, marks


def _fractions(cosines: np.ndarray) -> np.ndarray:
    counts, _ = np.histogram(np.clip(cosines, BINS[0], BINS[-1]), bins=BINS)
    return counts / cosines.size


def _ticks(values, height: float):
    """x, y of vertical ticks at ``values`` as one line broken by NaNs."""
    x = np.repeat(np.asarray(values, dtype=float), 3)
    y = np.tile([0.0, height, np.nan], len(values))
    x[2::3] = np.nan
    return x, y


def _table(rows, header: str) -> str:
    """An HTML table of (word, cosine) rows with a bar drawn by CSS for each cosine."""
    cells = "".join(
        f"<tr><td style='padding-right:0.8em'>{word}</td>"
        f"<td style='text-align:right;padding-right:0.5em'>{Explorer.fmt(cos, 3)}</td>"
        f"<td><div style='background:{color};height:0.7em;width:{max(cos, 0) * 120:.0f}px'>"
        f"</div></td></tr>"
        for word, cos, color in rows)
    return (f"<div>{header}</div><table style='border-collapse:collapse;font-size:90%'>"
            f"{cells}</table>")


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
        fig, self.hist, (self.marks,) = _histogram_figure(
            "cosines with the chosen word", "cosine similarity",
            [("C0", f"the {self.k} nearest")])
        return fig, [self.hist, self.marks]

    def compute(self, values):
        word = values["word"]
        # With a kernel, update(word=...) takes any of the 30,000 words.
        row = int(self.ids[word]) if word in self.ids else word_indices(self.vocab, word)
        top, sims = nearest_neighbors(self.unit, self.unit[row], k=self.k, exclude=[row])
        neighbors = [(self.vocab[i], float(s)) for i, s in zip(top, sims, strict=True)]
        others = np.delete(cosine_similarity(self.unit, self.unit[row]), row)
        return dict(values, rank=row + 1, neighbors=neighbors, fractions=_fractions(others),
                    median=float(np.median(others)))

    def draw(self, s):
        self.hist.set_data(s["fractions"])
        self.marks.set_data(*_ticks([c for _, c in s["neighbors"]], 0.03))

    def readout(self, s):
        header = (f"nearest to <b>{s['word']}</b> (frequency rank {s['rank']:,}); the "
                  f"median cosine with the other words is {self.fmt(s['median'], 2)}")
        return _table([(w, c, "#1f77b4") for w, c in s["neighbors"]], header)

    def alt(self, s):
        return (f"histogram of the cosines of all words with {s['word']}; the "
                f"{self.k} nearest: " + ", ".join(w for w, _ in s["neighbors"]))


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
        self.vocab, vectors = load_glove(_VOCAB)
        named = [w for pair in pairs for w in pair] + list(offered)
        self.ids = dict(zip(named, word_indices(self.vocab, named).tolist(), strict=True))
        self.unit = normalize_rows(np.asarray(vectors))
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
        fig, self.hist, (self.answer_marks, self.query_marks) = _histogram_figure(
            "cosines with b − a + c", "cosine with b − a + c",
            [("C0", f"the {self.top} best answers"), ("C3", "the query words a, b, c")])
        return fig, [self.hist, self.answer_marks, self.query_marks]

    def compute(self, values):
        if values["relation"] not in range(len(self.relations)):
            raise ValueError(f"relation must be one of {list(range(len(self.relations)))}, "
                             f"got {values['relation']!r}")
        a, b = self.relations[values["relation"]]
        c = values["c"]
        answers = analogy(self.vocab, self.unit, a, b, c, k=self.top,
                          exclude_query=bool(values["exclude"]))
        cosines = cosine_similarity(self.unit, analogy_offset(self.vocab, self.unit, a, b, c))
        # With a kernel, update(c=...) takes any of the 30,000 words.
        query = [self.ids[w] if w in self.ids else word_indices(self.vocab, w) for w in (a, b, c)]
        return dict(values, a=a, b=b, answers=answers, fractions=_fractions(cosines),
                    query_cosines=[float(cosines[i]) for i in query])

    def draw(self, s):
        self.hist.set_data(s["fractions"])
        self.answer_marks.set_data(*_ticks([c for _, c in s["answers"]], 0.03))
        self.query_marks.set_data(*_ticks(s["query_cosines"], 0.05))

    def readout(self, s):
        word, cos = s["answers"][0]
        query = {s["a"], s["b"], s["c"]}
        note = " (a query word: excluding them is what makes analogies work)" \
            if word in query else ""
        header = (f"<b>{s['b']} − {s['a']} + {s['c']}</b> ≈ <b>{word}</b> "
                  f"(cosine {self.fmt(cos, 3)}){note}")
        return _table([(w, c, "#d62728" if w in query else "#1f77b4")
                       for w, c in s["answers"]], header)

    def alt(self, s):
        return (f"histogram of the cosines of all words with {s['b']} minus {s['a']} plus "
                f"{s['c']}; best answers: " + ", ".join(w for w, _ in s["answers"]))


def analogy_builder(**options):
    """The analogy builder, ready to display (options as for :class:`AnalogyBuilder`)."""
    return AnalogyBuilder(**options).widget
