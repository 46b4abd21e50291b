"""Bad inputs for lib.attention."""

import numpy as np

from fuzz import Bad
from lib.attention import (
    MultiHeadAttention,
    attention_backward,
    attention_entropy,
    attention_memory_bytes,
    causal_mask,
    online_attention,
    padding_mask,
    scaled_dot_product_attention,
    sinusoidal_positional_encoding,
)

NAN, INF = float("nan"), float("inf")
Q, K, V = np.zeros((3, 4)), np.zeros((5, 4)), np.zeros((5, 2))


def _qkv_probes(f):
    """Bad queries, keys, values, masks and temperatures shared by the attention functions."""
    return [
        Bad("string queries", lambda: f("abc", K, V), match="Q"),
        Bad("None keys", lambda: f(Q, None, V), match="K"),
        Bad("1-D queries", lambda: f(np.zeros(4), K, V), match="Q"),
        Bad("0-d values", lambda: f(Q, K, 2.0), match="V"),
        Bad("no keys", lambda: f(Q, np.zeros((0, 4)), np.zeros((0, 2))), match="K"),
        Bad("NaN query", lambda: f(np.full((3, 4), NAN), K, V), match=r"Q\[0, 0\]|Q"),
        Bad("+inf key", lambda: f(Q, np.full((5, 4), INF), V), match="K"),
        Bad("complex values", lambda: f(Q, K, np.zeros((5, 2), complex)), match="V"),
        Bad("ragged queries", lambda: f([[1.0, 2.0], [3.0]], K, V), match="Q"),
        Bad("width mismatch", lambda: f(np.zeros((3, 2)), K, V), match="Q has shape"),
        Bad("keys and values differ", lambda: f(Q, K, np.zeros((4, 2))), match="V has shape"),
        Bad("batch axes clash", lambda: f(np.zeros((2, 3, 4)), np.zeros((3, 5, 4)), V),
            match="batch axes"),
        Bad("integer mask", lambda: f(Q, K, V, mask=np.ones((3, 5), int)), match="mask"),
        Bad("mask of wrong shape", lambda: f(Q, K, V, mask=np.ones((3, 4), bool)), match="mask"),
        Bad("mask that grows the batch", lambda: f(Q, K, V, mask=np.ones((2, 3, 5), bool)),
            match="mask"),
        Bad("0-d mask", lambda: f(Q, K, V, mask=np.bool_(True)), match="mask"),
        Bad("scores that overflow", lambda: f(np.full((3, 4), 1e160), np.full((5, 4), 1e160), V),
            match="Q and K"),
        Bad("zero temperature", lambda: f(Q, K, V, temperature=0.0), match="temperature"),
        Bad("NaN temperature", lambda: f(Q, K, V, temperature=NAN), match="temperature"),
        Bad("string temperature", lambda: f(Q, K, V, temperature="1"), match="temperature"),
    ]


def _backward(q, k, v, mask=None, temperature=1.0):
    return attention_backward(q, k, v, np.zeros((3, 2)), mask=mask, temperature=temperature)


def _mha_forward(X, mask=None):
    return MultiHeadAttention(4, 2, rng=0).forward(X, mask=mask)


def _mha_backward(dY):
    layer = MultiHeadAttention(4, 2, rng=0)
    layer.forward(np.zeros((3, 4)))
    return layer.backward(dY)


PROBES = {
    "lib.attention.scaled_dot_product_attention": _qkv_probes(scaled_dot_product_attention),
    "lib.attention.online_attention": [
        *_qkv_probes(online_attention),
        Bad("zero block size", lambda: online_attention(Q, K, V, block_size=0),
            match="block_size"),
        Bad("float block size", lambda: online_attention(Q, K, V, block_size=2.0),
            match="block_size"),
        Bad("None block size", lambda: online_attention(Q, K, V, block_size=None),
            match="block_size"),
        Bad("boolean block size", lambda: online_attention(Q, K, V, block_size=True),
            match="block_size"),
    ],
    "lib.attention.attention_backward": [
        *_qkv_probes(_backward),
        Bad("d_output of wrong shape", lambda: attention_backward(Q, K, V, np.zeros((3, 3))),
            match="d_output"),
        Bad("NaN in d_output", lambda: attention_backward(Q, K, V, np.full((3, 2), NAN)),
            match="d_output"),
        Bad("string d_output", lambda: attention_backward(Q, K, V, "grad"), match="d_output"),
        Bad("None d_output", lambda: attention_backward(Q, K, V, None), match="d_output"),
        Bad("1-D d_output", lambda: attention_backward(Q, K, V, np.zeros(2)), match="d_output"),
    ],
    "lib.attention.attention_entropy": [
        Bad("rows not summing to 1", lambda: attention_entropy([[0.5, 0.2]]), match="weights"),
        Bad("negative weight", lambda: attention_entropy([[1.5, -0.5]]), match="weights"),
        Bad("1-D weights", lambda: attention_entropy([0.5, 0.5]), match="weights"),
        Bad("NaN weight", lambda: attention_entropy([[NAN, 1.0]]), match="weights"),
        Bad("string weights", lambda: attention_entropy("uniform"), match="weights"),
        Bad("None weights", lambda: attention_entropy(None), match="weights"),
        Bad("empty rows", lambda: attention_entropy(np.zeros((2, 0))), match="weights"),
    ],
    "lib.attention.attention_memory_bytes": [
        Bad("zero queries", lambda: attention_memory_bytes(0, 4), match="L"),
        Bad("float keys", lambda: attention_memory_bytes(4, 4.0), match="S"),
        Bad("zero block", lambda: attention_memory_bytes(4, 4, block_size=0), match="block_size"),
        Bad("string block", lambda: attention_memory_bytes(4, 4, block_size="8"),
            match="block_size"),
        Bad("zero itemsize", lambda: attention_memory_bytes(4, 4, itemsize=0), match="itemsize"),
        Bad("None queries", lambda: attention_memory_bytes(None, 4), match="L"),
    ],
    "lib.attention.causal_mask": [
        Bad("zero length", lambda: causal_mask(0), match="L"),
        Bad("negative length", lambda: causal_mask(-3), match="L"),
        Bad("float length", lambda: causal_mask(3.0), match="L"),
        Bad("string length", lambda: causal_mask("3"), match="L"),
        Bad("None length", lambda: causal_mask(None), match="L"),
        Bad("array length", lambda: causal_mask(np.array([3])), match="L"),
    ],
    "lib.attention.padding_mask": [
        Bad("length above L", lambda: padding_mask([2, 5], 4), match=r"lengths\[1\]"),
        Bad("negative length", lambda: padding_mask([-1], 4), match="lengths"),
        Bad("float lengths", lambda: padding_mask([1.5, 2.0], 4), match="lengths"),
        Bad("boolean lengths", lambda: padding_mask([True], 4), match="lengths"),
        Bad("2-D lengths", lambda: padding_mask([[1, 2]], 4), match="lengths"),
        Bad("empty lengths", lambda: padding_mask([], 4), match="lengths"),
        Bad("string lengths", lambda: padding_mask("12", 4), match="lengths"),
        Bad("zero L", lambda: padding_mask([0], 0), match="L"),
        Bad("None L", lambda: padding_mask([1], None), match="L"),
    ],
    "lib.attention.sinusoidal_positional_encoding": [
        Bad("odd width", lambda: sinusoidal_positional_encoding(4, 5), match="d"),
        Bad("zero positions", lambda: sinusoidal_positional_encoding(0, 4), match="L"),
        Bad("float width", lambda: sinusoidal_positional_encoding(4, 4.0), match="d"),
        Bad("string positions", lambda: sinusoidal_positional_encoding("4", 4), match="L"),
        Bad("base of 1", lambda: sinusoidal_positional_encoding(4, 4, base=1.0), match="base"),
        Bad("NaN base", lambda: sinusoidal_positional_encoding(4, 4, base=NAN), match="base"),
        Bad("width 0", lambda: sinusoidal_positional_encoding(4, 0), match="d"),
    ],
    "lib.attention.MultiHeadAttention": [
        Bad("heads do not divide width", lambda: MultiHeadAttention(10, 3, rng=0),
            match="n_heads"),
        Bad("zero heads", lambda: MultiHeadAttention(8, 0, rng=0), match="n_heads"),
        Bad("float width", lambda: MultiHeadAttention(8.0, 2, rng=0), match="d_model"),
        Bad("None rng", lambda: MultiHeadAttention(8, 2, rng=None), match="rng"),
        Bad("string rng", lambda: MultiHeadAttention(8, 2, rng="seed"), match="rng"),
        Bad("negative seed", lambda: MultiHeadAttention(8, 2, rng=-1), match="rng"),
        Bad("forward: wrong width", lambda: _mha_forward(np.zeros((3, 5))), match="X"),
        Bad("forward: 1-D input", lambda: _mha_forward(np.zeros(4)), match="X"),
        Bad("forward: 4-D input", lambda: _mha_forward(np.zeros((1, 2, 3, 4))), match="X"),
        Bad("forward: NaN input", lambda: _mha_forward(np.full((3, 4), NAN)), match="X"),
        Bad("forward: string input", lambda: _mha_forward("tokens"), match="X"),
        Bad("forward: mask of wrong shape",
            lambda: _mha_forward(np.zeros((3, 4)), mask=causal_mask(4)), match="mask"),
        Bad("forward: integer mask",
            lambda: _mha_forward(np.zeros((3, 4)), mask=np.ones((3, 3), int)), match="mask"),
        Bad("backward: wrong shape", lambda: _mha_backward(np.zeros((3, 5))), match="dY"),
        Bad("backward: NaN gradient", lambda: _mha_backward(np.full((3, 4), NAN)), match="dY"),
        Bad("backward: None gradient", lambda: _mha_backward(None), match="dY"),
    ],
}
