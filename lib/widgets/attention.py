r"""Explorers for chapter 9 (attention): a sentence's attention heatmap, and the block size.

- :class:`SentenceAttention`: self-attention over a real sentence from the Lee news
  corpus, with its GloVe vectors scaled to unit length as :math:`Q = K = V`
  (:func:`lib.attention.scaled_dot_product_attention`); controls for the temperature,
  the mask (none, causal, or padding to :data:`PAD_TO` tokens) and the sentence.
- :class:`BlockSize`: the memory of :func:`lib.attention.online_attention`'s score
  block (exact, from its shape: :func:`lib.attention.attention_memory_bytes`) against
  the dense matrix, and the time of each block size, measured once when the explorer is
  built (the only number here that depends on the machine; it is drawn, never printed
  in the readout).
"""

from __future__ import annotations

import math
import time

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import PowerNorm
from matplotlib.figure import Figure

from lib._validate import check_option
from lib.attention import (
    attention_entropy,
    attention_memory_bytes,
    causal_mask,
    online_attention,
    padding_mask,
    scaled_dot_product_attention,
)
from lib.data import load_glove, load_lee_sentences
from lib.embeddings import normalize_rows, word_indices
from lib.plotting import new_figure
from lib.widgets.core import Explorer, buttons, slider

__all__ = ["SentenceAttention", "sentence_attention_explorer", "BlockSize",
           "block_size_explorer", "PAD_TO", "SENTENCES"]

PAD_TO = 20
"""Length the "padding" mask pads a sentence to (with zero vectors)."""

SENTENCES = (1, 3, 13)
"""Positions in :func:`lib.data.load_lee_sentences` of the sentences offered (17, 11 and
17 tokens, every token in GloVe)."""

MASKS = ("none", "causal", "padding")
MiB = 2**20


def _check_index_list(value, name: str, n_max: int) -> tuple[int, ...]:
    if isinstance(value, str) or not hasattr(value, "__len__") or not 2 <= len(value) <= 4:
        raise ValueError(f"{name} must be a list of 2 to 4 sentence numbers, got {value!r}")
    out = []
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or not 0 <= v < n_max:
            raise ValueError(f"{name} must hold sentence numbers in [0, {n_max}), got {v!r}")
        out.append(int(v))
    if len(set(out)) != len(out):
        raise ValueError(f"{name} must not repeat a sentence, got {list(value)}")
    return tuple(out)


class SentenceAttention(Explorer):
    r"""Temperature, mask and sentence controls for a self-attention heatmap.

    Parameters
    ----------
    sentences : sequence of int, default :data:`SENTENCES`
        Two to four positions in :func:`lib.data.load_lee_sentences`, each a sentence of
        at most :data:`PAD_TO` tokens that are all in GloVe.
    static : bool, default True
    **values
        ``T`` (0.02 to 1), ``mask`` ("none", "causal", "padding"), ``sentence`` (0, 1, ...:
        which of ``sentences``).
    """

    rows = (("T",), ("mask", "sentence"))

    def __init__(self, sentences=SENTENCES, **options):
        corpus = load_lee_sentences()
        chosen = _check_index_list(sentences, "sentences", len(corpus))
        words, vectors = load_glove()
        self.tokens, self.vectors = [], []
        for k in chosen:
            tokens = corpus[k]
            if len(tokens) > PAD_TO:
                raise ValueError(f"sentence {k} has {len(tokens)} tokens; at most {PAD_TO} fit")
            ids = word_indices(words, tokens)  # raises, naming words missing from GloVe
            self.tokens.append(list(tokens))
            self.vectors.append(normalize_rows(np.asarray(vectors[ids], dtype=np.float64)))
        self.config = {"sentences": list(chosen)}
        self.controls = (
            slider("T", (0.02, 0.05, 0.1, 0.2, 0.5, 1.0), 0.05, "temperature T"),
            buttons("mask", MASKS, "none", "mask"),
            buttons("sentence", [(" ".join(t[:3]) + " …", i) for i, t in enumerate(self.tokens)],
                    0, "sentence"),
        )
        super().__init__(**options)

    def build(self):
        # Fixed margins wide enough for any word (no layout engine): the tick labels
        # change with the sentence, after the layout is frozen for blitting.
        fig = Figure(figsize=(6.4, 6.0))
        fig.subplots_adjust(left=0.2, bottom=0.2, right=0.98, top=0.94)
        ax = fig.add_subplot()
        self.ax = ax
        self.image = ax.imshow(np.full((PAD_TO, PAD_TO), np.nan),
                               cmap=colormaps["viridis"].with_extremes(bad="white"),
                               norm=PowerNorm(0.5, vmin=0.0, vmax=1.0))
        fig.colorbar(self.image, ax=ax, shrink=0.75, label="attention weight (square-root scale)")
        ax.set_xlabel("key (attended to)")
        ax.set_ylabel("query (attending)")
        self.title = ax.set_title(" ", fontsize=10)
        return fig, [self.image, self.title]

    def compute(self, values):
        check_option(values["mask"], "mask", MASKS)
        if values["sentence"] not in range(len(self.tokens)):
            raise ValueError(f"sentence must be one of {list(range(len(self.tokens)))}, "
                             f"got {values['sentence']!r}")
        X = self.vectors[values["sentence"]]
        tokens = self.tokens[values["sentence"]]
        T = values["T"]
        if values["mask"] == "padding":
            X_pad = np.zeros((PAD_TO, X.shape[1]))
            X_pad[:len(X)] = X
            mask = padding_mask([len(X)], PAD_TO)[0]  # (1, PAD_TO): every query, real keys
            _, weights = scaled_dot_product_attention(X_pad, X_pad, X_pad, mask=mask,
                                                      temperature=T)
            labels = tokens + ["<pad>"] * (PAD_TO - len(tokens))
        else:
            mask = causal_mask(len(X)) if values["mask"] == "causal" else None
            _, weights = scaled_dot_product_attention(X, X, X, mask=mask, temperature=T)
            labels = tokens
        entropy = attention_entropy(weights)[:len(tokens)]  # the real words' rows
        return dict(values, weights=weights, labels=labels, n_words=len(tokens),
                    largest=float(weights[:len(tokens)].max()),
                    entropy=float(entropy.mean()), uniform_entropy=math.log(len(tokens)),
                    padding_weight=float(weights[:, len(tokens):].sum()))

    def draw(self, s):
        n = len(s["labels"])
        full = np.full((PAD_TO, PAD_TO), np.nan)
        full[:n, :n] = s["weights"]
        self.image.set_data(full)
        self.ax.set_xlim(-0.5, n - 0.5)
        self.ax.set_ylim(n - 0.5, -0.5)
        self.ax.set_xticks(range(n), s["labels"], rotation=90, fontsize=8)
        self.ax.set_yticks(range(n), s["labels"], fontsize=8)
        self.title.set_text(f"T = {s['T']:g}, mask: {s['mask']}")
        return (s["sentence"], s["mask"] == "padding")  # tick labels are part of the background

    def readout(self, s):
        first = " ".join(self.tokens[s["sentence"]][:3])
        text = (f"“{first} …” ({s['n_words']} words), mask {s['mask']}, "
                f"T = {s['T']:g}: largest weight "
                f"<b>{s['largest']:.3f}</b> (uniform 1/{s['n_words']} = "
                f"{1 / s['n_words']:.3f}); mean entropy of the words' rows "
                f"<b>{s['entropy']:.2f}</b> nats (uniform: ln {s['n_words']} = "
                f"{s['uniform_entropy']:.2f}, one-hot: 0)")
        if s["mask"] == "padding":
            text += f"; weight on the {PAD_TO - s['n_words']} padding keys: <b>0</b> (masked)"
        return text

    def alt(self, s):
        return (f"attention heatmap of sentence {s['sentence']} at temperature {s['T']:g}, "
                f"mask {s['mask']}, largest weight {s['largest']:.3f}")


def sentence_attention_explorer(**options):
    """The sentence heatmap explorer, ready to display.

    Options as for :class:`SentenceAttention`.
    """
    return SentenceAttention(**options).widget


class BlockSize(Explorer):
    r"""Block size of :func:`lib.attention.online_attention` against memory and time.

    Parameters
    ----------
    L : int, default 1024
        Queries and keys (:math:`L = S`), at least 16.
    d : int, default 64
        Width of queries, keys and values.
    seed : int, default 0
        Seed of the random queries, keys and values that are timed.
    static : bool, default True
    **values
        ``block`` (16, 32, ..., 1024 keys per block; values above ``L`` mean one block).
    """

    controls = (slider("block", (16, 32, 64, 128, 256, 512, 1024), 128, "block size B"),)

    def __init__(self, L: int = 1024, d: int = 64, seed: int = 0, **options):
        for name, value, low in (("L", L, 16), ("d", d, 1), ("seed", seed, 0)):
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
                raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
        if L > 8192:
            raise ValueError(f"L must be at most 8192 (the timings run at build time), got {L}")
        self.L, self.d, self.seed = int(L), int(d), int(seed)
        self.config = {"L": self.L, "d": self.d, "seed": self.seed}
        self.grid = self.controls[0].grid
        # Machine-dependent: measured once here, drawn as a curve, never in the readout.
        Q, K, V = np.random.default_rng(self.seed).normal(size=(3, self.L, self.d))
        self.seconds = {}
        for block in self.grid:
            runs = []
            for _ in range(2):
                start = time.perf_counter()
                online_attention(Q, K, V, block_size=block)
                runs.append(time.perf_counter() - start)
            self.seconds[block] = min(runs)
        super().__init__(**options)

    def build(self):
        fig, (ax_mem, ax_time) = new_figure(figsize=(9.0, 3.8), ncols=2)
        blocks = np.array(self.grid)
        block_mib = [attention_memory_bytes(self.L, self.L, b) / MiB for b in self.grid]
        dense_mib = attention_memory_bytes(self.L, self.L) / MiB
        ax_mem.loglog(blocks, block_mib, "o-", base=2, color="C0", label="one L × B block")
        ax_mem.axhline(dense_mib, color="C3", linestyle="--", label="dense L × S matrix")
        ax_mem.set(xlabel="block size B (keys)", ylabel="MiB (float64)",
                   title=f"Score memory, L = S = {self.L}")
        ax_mem.legend(fontsize=8, loc="lower right")
        ax_time.semilogx(blocks, [1e3 * self.seconds[b] for b in self.grid], "s-", base=2,
                         color="C1")
        ax_time.set(xlabel="block size B (keys)", ylabel="milliseconds", ylim=(0, None),
                    title="Time per call, measured when this page was built")
        for ax in (ax_mem, ax_time):
            ax.grid(True, alpha=0.3, which="both")
        (self.mem_marker,) = ax_mem.plot([], [], "o", markersize=12, markerfacecolor="none",
                                         markeredgecolor="black", markeredgewidth=2)
        (self.time_marker,) = ax_time.plot([], [], "o", markersize=12, markerfacecolor="none",
                                           markeredgecolor="black", markeredgewidth=2)
        self.title = fig.suptitle(" ")
        return fig, [self.mem_marker, self.time_marker, self.title]

    def compute(self, values):
        block = values["block"]
        block_bytes = attention_memory_bytes(self.L, self.L, block)  # checks block
        used = min(block, self.L)
        return dict(values, used=used, n_blocks=math.ceil(self.L / used),
                    block_bytes=block_bytes, dense_bytes=attention_memory_bytes(self.L, self.L))

    def draw(self, s):
        self.mem_marker.set_data([s["block"]], [s["block_bytes"] / MiB])
        seconds = self.seconds.get(s["block"])
        self.time_marker.set_data(([s["block"]], [1e3 * seconds]) if seconds else ([], []))
        self.title.set_text(f"B = {s['block']}: {s['n_blocks']} block"
                            f"{'s' if s['n_blocks'] > 1 else ''} of keys")

    def readout(self, s):
        return (f"B = {s['block']}: <b>{s['n_blocks']}</b> steps of the loop; score block "
                f"{self.L} × {s['used']} × 8 bytes = <b>{s['block_bytes']:,}</b> bytes "
                f"({s['block_bytes'] / MiB:g} MiB), "
                f"{s['dense_bytes'] // s['block_bytes']} times less than the dense "
                f"{s['dense_bytes'] / MiB:g} MiB")

    def alt(self, s):
        return (f"online attention memory and time, block size {s['block']}, "
                f"{s['block_bytes']} bytes per block")


def block_size_explorer(**options):
    """The block-size explorer, ready to display (options as for :class:`BlockSize`)."""
    return BlockSize(**options).widget
