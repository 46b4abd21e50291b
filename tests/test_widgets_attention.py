"""Tests for the chapter 9 explorers (lib/widgets/attention.py)."""

import math

import numpy as np
import pytest

from lib.attention import (
    attention_entropy,
    attention_memory_bytes,
    causal_mask,
    scaled_dot_product_attention,
)
from lib.data import load_glove, load_lee_sentences
from lib.widgets.attention import (
    PAD_TO,
    SENTENCES,
    BlockSize,
    SentenceAttention,
    block_size_explorer,
    sentence_attention_explorer,
)


@pytest.fixture(scope="module")
def heatmap():
    return SentenceAttention(static=False)


def unit_vectors(tokens):
    words, vectors = load_glove()
    index = {w: i for i, w in enumerate(words)}
    X = np.asarray(vectors[[index[t] for t in tokens]], dtype=np.float64)
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def test_default_state_is_the_first_sentence_at_T_005(heatmap):
    s = heatmap.update(T=0.05, mask="none", sentence=0)
    tokens = load_lee_sentences()[SENTENCES[0]]
    assert s["labels"] == tokens and s["n_words"] == 17
    X = unit_vectors(tokens)
    # Independent of lib.attention: cosines / (sqrt(50) T), softmax by hand.
    scores = X @ X.T / (np.sqrt(50) * 0.05)
    expected = np.exp(scores - scores.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(s["weights"], expected, atol=1e-12)
    assert s["largest"] == pytest.approx(expected.max())
    assert f"<b>{expected.max():.3f}</b>" in heatmap.readout_html
    np.testing.assert_allclose(heatmap.image.get_array()[:17, :17], expected)


def test_temperature_one_is_nearly_uniform_and_cold_is_sharp(heatmap):
    warm = heatmap.update(T=1.0, mask="none", sentence=0)
    assert warm["entropy"] > 0.99 * warm["uniform_entropy"]
    cold = heatmap.update(T=0.02)
    assert cold["entropy"] < 0.6 * cold["uniform_entropy"]
    assert math.isclose(warm["uniform_entropy"], math.log(17))


def test_causal_and_padding_masks(heatmap):
    s = heatmap.update(T=0.1, mask="causal", sentence=1)
    n = s["n_words"]
    assert np.all(s["weights"][~causal_mask(n)] == 0) and s["weights"][0, 0] == 1.0
    s = heatmap.update(mask="padding")
    assert s["weights"].shape == (PAD_TO, PAD_TO) and s["padding_weight"] == 0.0
    assert s["labels"][n:] == ["<pad>"] * (PAD_TO - n)
    np.testing.assert_allclose(s["weights"].sum(axis=1), 1.0)
    X = unit_vectors(s["labels"][:n])
    alone, w_alone = scaled_dot_product_attention(X, X, X, temperature=0.1)
    np.testing.assert_allclose(s["weights"][:n, :n], w_alone, atol=1e-12)
    assert s["entropy"] == pytest.approx(attention_entropy(w_alone).mean())
    assert "padding keys: <b>0</b>" in heatmap.readout_html
    assert heatmap.ax.get_xlim() == (-0.5, PAD_TO - 0.5)


def test_kernel_accepts_temperatures_off_the_grid():
    explorer = SentenceAttention(static=False)
    s = explorer.update(T=0.3)
    assert s["T"] == 0.3 and explorer.lookup.frames == []
    with pytest.raises(ValueError, match="mask"):
        explorer.update(mask="sideways")


def test_static_lookup_has_one_picture_per_combination():
    explorer = SentenceAttention()
    n = np.prod([len(c.grid) for c in explorer.controls])
    assert n == 6 * 3 * 3
    assert len(explorer.lookup.frames) == len(explorer.lookup.readouts) == n
    assert len(set(explorer.lookup.readouts)) == n  # every state says something different
    assert sentence_attention_explorer(static=False).children


def test_bad_sentence_options():
    with pytest.raises(ValueError, match="sentences"):
        SentenceAttention(sentences=[1], static=False)
    with pytest.raises(ValueError, match="sentences"):
        SentenceAttention(sentences=[1, 1], static=False)
    with pytest.raises(ValueError, match="tokens"):
        SentenceAttention(sentences=[0, 1], static=False)  # sentence 0 has 32 tokens


def test_block_size_readout_is_exact_bytes():
    explorer = BlockSize(L=256, d=8, static=False)
    s = explorer.update(block=64)
    assert s["n_blocks"] == 4 and s["block_bytes"] == 256 * 64 * 8
    assert s["block_bytes"] == attention_memory_bytes(256, 256, block_size=64)
    assert "<b>131,072</b> bytes" in explorer.readout_html
    assert "4 times less" in explorer.readout_html
    s = explorer.update(block=1024)  # larger than L: one block of all 256 keys
    assert s["n_blocks"] == 1 and s["used"] == 256 and s["block_bytes"] == s["dense_bytes"]
    x, y = explorer.mem_marker.get_data()
    assert list(x) == [1024] and y[0] == pytest.approx(256 * 256 * 8 / 2**20)
    assert set(explorer.seconds) == set(explorer.controls[0].grid)
    assert all(t > 0 for t in explorer.seconds.values())


def test_block_size_static_and_bad_options():
    explorer = BlockSize(L=128, d=4)
    assert len(explorer.lookup.frames) == 7
    assert block_size_explorer(L=64, d=4, static=False).children
    with pytest.raises(ValueError, match="L"):
        BlockSize(L=8, static=False)
    with pytest.raises(ValueError, match="d"):
        BlockSize(L=64, d=0, static=False)
