"""Tests for lib.attention: worked numbers, finite differences, jax and autograd as
independent references, properties (rows sum to 1, permutation equivariance, causality,
online = dense), and bad input."""

import autograd.numpy as anp
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from autograd import grad
from hypothesis import given
from hypothesis import strategies as st

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
from lib.gradcheck import check_gradients, relative_error
from lib.optim import Adam


def random_qkv(rng, batch=(), L=5, S=7, d=4, d_v=3):
    return (rng.normal(size=batch + (L, d)), rng.normal(size=batch + (S, d)),
            rng.normal(size=batch + (S, d_v)))


# (1) Worked numbers, by hand ---------------------------------------------------------


def test_one_query_two_keys_by_hand():
    # Scores [1, 0] / sqrt(2); weights e^{0.7071} / (e^{0.7071} + 1) = 2.0281 / 3.0281.
    out, w = scaled_dot_product_attention([[1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]],
                                          [[10.0], [20.0]])
    a = np.exp(1 / np.sqrt(2)) / (np.exp(1 / np.sqrt(2)) + 1)
    np.testing.assert_allclose(w, [[a, 1 - a]], rtol=1e-15)
    np.testing.assert_array_equal(w.round(4), [[0.6698, 0.3302]])
    np.testing.assert_allclose(out, [[10 * a + 20 * (1 - a)]], rtol=1e-15)
    assert round(out[0, 0], 4) == 13.3024


def test_equal_scores_give_the_plain_average():
    # Orthogonal query: every score 0, weights 1/3, output the mean of the values.
    out, w = scaled_dot_product_attention([[0.0, 1.0]], [[1, 0], [2, 0], [-3, 0]],
                                          [[1.0, 0.0], [2.0, 3.0], [6.0, 0.0]])
    np.testing.assert_allclose(w, [[1 / 3, 1 / 3, 1 / 3]])
    np.testing.assert_allclose(out, [[3.0, 1.0]])


def test_temperature_divides_the_scores():
    # Scores [2, 0] / sqrt(1) / T with T = 2 -> softmax([1, 0]).
    _, w = scaled_dot_product_attention([[2.0]], [[1.0], [0.0]], [[1.0], [0.0]],
                                        temperature=2.0)
    np.testing.assert_allclose(w, [[np.e / (np.e + 1), 1 / (np.e + 1)]])


def test_causal_two_tokens_by_hand():
    Q = K = np.array([[1.0, 0.0], [0.0, 1.0]])
    V = np.array([[1.0, 2.0], [3.0, 4.0]])
    out, w = scaled_dot_product_attention(Q, K, V, mask=causal_mask(2))
    a = np.exp(1 / np.sqrt(2)) / (np.exp(1 / np.sqrt(2)) + 1)  # second query likes key 2
    np.testing.assert_allclose(w, [[1.0, 0.0], [1 - a, a]])
    np.testing.assert_allclose(out[0], V[0])  # the first token sees only itself
    assert w[0, 1] == 0.0


def test_fully_masked_row_gives_zeros_not_nan():
    rng = np.random.default_rng(0)
    Q, K, V = random_qkv(rng)
    mask = np.ones((5, 7), dtype=bool)
    mask[2] = False
    out, w = scaled_dot_product_attention(Q, K, V, mask=mask)
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(w))
    np.testing.assert_array_equal(out[2], 0.0)
    np.testing.assert_array_equal(w[2], 0.0)
    np.testing.assert_allclose(np.delete(w, 2, axis=0).sum(axis=1), 1.0)
    np.testing.assert_array_equal(online_attention(Q, K, V, mask=mask, block_size=3)[2], 0.0)
    dQ, dK, dV = attention_backward(Q, K, V, np.ones((5, 3)), mask=mask)
    np.testing.assert_array_equal(dQ[2], 0.0)
    assert all(np.all(np.isfinite(g)) for g in (dQ, dK, dV))


def test_masked_entries_are_exactly_zero_even_with_huge_scores():
    Q = np.array([[30.0, 0.0]])
    K = np.array([[0.0, 1.0], [30.0, 0.0]])  # the masked key has the larger score by far
    _, w = scaled_dot_product_attention(Q, K, np.eye(2), mask=np.array([True, False]))
    np.testing.assert_array_equal(w, [[1.0, 0.0]])


def test_masks_by_hand():
    np.testing.assert_array_equal(causal_mask(3), [[1, 0, 0], [1, 1, 0], [1, 1, 1]])
    np.testing.assert_array_equal(padding_mask([2, 0, 3], 3),
                                  [[[1, 1, 0]], [[0, 0, 0]], [[1, 1, 1]]])
    assert causal_mask(4).dtype == bool and padding_mask([1], 2).shape == (1, 1, 2)


def test_positional_encoding_by_hand():
    # d = 4: frequencies 10000^0 = 1 and 10000^(-2/4) = 0.01.
    P = sinusoidal_positional_encoding(3, 4)
    np.testing.assert_allclose(P[0], [0, 1, 0, 1])
    np.testing.assert_allclose(P[1], [np.sin(1), np.cos(1), np.sin(0.01), np.cos(0.01)])
    np.testing.assert_allclose(P[2], [np.sin(2), np.cos(2), np.sin(0.02), np.cos(0.02)])
    np.testing.assert_allclose(np.linalg.norm(sinusoidal_positional_encoding(50, 16), axis=1),
                               np.sqrt(8))


def test_parameter_count_and_head_width():
    mha = MultiHeadAttention(512, 8, rng=0)
    assert mha.n_params == 4 * 512**2 == 1_048_576 == sum(W.size for W in mha.params())
    assert mha.d_head == 64
    assert all(W.shape == (512, 512) for W in mha.params())


def test_entropy_by_hand():
    weights = np.array([[0.5, 0.5, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.25] * 4, [0.0] * 4])
    np.testing.assert_allclose(attention_entropy(weights), [np.log(2), 0.0, np.log(4), 0.0])
    # Independent: scipy's entropy of each row (it treats 0 log 0 as 0 too).
    import scipy.stats
    rng = np.random.default_rng(20)
    _, w = scaled_dot_product_attention(*random_qkv(rng, batch=(2,)))
    np.testing.assert_allclose(attention_entropy(w), scipy.stats.entropy(w, axis=-1))


def test_memory_bytes_by_hand_and_against_tracemalloc():
    import tracemalloc
    assert attention_memory_bytes(2048, 2048) == 2048 * 2048 * 8 == 32 * 2**20
    assert attention_memory_bytes(16384, 16384) == 2 * 2**30
    assert attention_memory_bytes(100, 50, block_size=128) == 100 * 50 * 8  # block > S
    assert attention_memory_bytes(10, 10, itemsize=4) == 400
    rng = np.random.default_rng(21)
    Q, K, V = random_qkv(rng, L=512, S=512, d=16, d_v=16)
    for block in (None, 32):
        tracemalloc.start()
        if block is None:
            scaled_dot_product_attention(Q, K, V)
        else:
            online_attention(Q, K, V, block_size=block)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        predicted = attention_memory_bytes(512, 512, block_size=block)
        # The largest array is held at least once, plus a few same-sized temporaries.
        assert predicted <= peak <= 6 * predicted + 4 * 512 * 16 * 8


# (2) Finite differences ----------------------------------------------------------------


@pytest.mark.parametrize("masked", [False, True])
@pytest.mark.parametrize("temperature", [1.0, 0.3])
def test_attention_backward_by_finite_differences(masked, temperature):
    rng = np.random.default_rng(1)
    Q, K, V = random_qkv(rng, batch=(2,))
    mask = rng.random((2, 5, 7)) < 0.6 if masked else None
    G = rng.normal(size=(2, 5, 3))

    def loss():
        return float(np.sum(scaled_dot_product_attention(Q, K, V, mask, temperature)[0] * G))

    dQ, dK, dV = attention_backward(Q, K, V, G, mask=mask, temperature=temperature)
    report = check_gradients(loss, [Q, K, V], [dQ, dK, dV], tol=1e-7, names=["Q", "K", "V"])
    assert report.passed, str(report)


def test_attention_backward_sums_over_broadcast_batch_axes():
    rng = np.random.default_rng(2)
    Q = rng.normal(size=(3, 4, 2))
    K = rng.normal(size=(1, 6, 2))  # one set of keys and values shared by 3 sequences
    V = rng.normal(size=(6, 5))
    G = rng.normal(size=(3, 4, 5))

    def loss():
        return float(np.sum(scaled_dot_product_attention(Q, K, V)[0] * G))

    dQ, dK, dV = attention_backward(Q, K, V, G)
    assert dK.shape == K.shape and dV.shape == V.shape
    assert check_gradients(loss, [Q, K, V], [dQ, dK, dV], tol=1e-7).passed


@pytest.mark.parametrize("n_heads", [1, 2, 4])
@pytest.mark.parametrize("masking", ["none", "causal", "padding"])
def test_multi_head_backward_by_finite_differences(n_heads, masking):
    rng = np.random.default_rng(3)
    mha = MultiHeadAttention(8, n_heads, rng=rng)
    X = rng.normal(size=(3, 5, 8))
    mask = {"none": None, "causal": causal_mask(5), "padding": padding_mask([5, 2, 0], 5)}[masking]
    G = rng.normal(size=X.shape)

    def loss():
        return float(np.sum(mha.forward(X, mask=mask) * G))

    loss()
    dX = mha.backward(G)
    grads = [g.copy() for g in mha.grads()]
    report = check_gradients(loss, [*mha.params(), X], [*grads, dX], tol=1e-7,
                             names=["W_Q", "W_K", "W_V", "W_O", "X"])
    assert report.passed, str(report)


def test_multi_head_backward_single_sequence():
    rng = np.random.default_rng(4)
    mha = MultiHeadAttention(6, 3, rng=rng)
    X = rng.normal(size=(4, 6))
    G = rng.normal(size=(4, 6))

    def loss():
        return float(np.sum(mha.forward(X) * G))

    loss()
    dX = mha.backward(G)
    assert check_gradients(loss, [*mha.params(), X], [*[g.copy() for g in mha.grads()], dX],
                           tol=1e-7).passed


# (3) Independent implementations: jax and autograd -----------------------------------


def to_jax_layout(A):
    """(B, N, T, H) -> (B, T, N, H), the layout of jax.nn.dot_product_attention."""
    return jnp.asarray(np.swapaxes(A, 1, 2), dtype=jnp.float32)


@pytest.mark.parametrize("masked", [False, True])
def test_output_matches_jax(masked):
    rng = np.random.default_rng(5)
    Q, K, V = random_qkv(rng, batch=(2, 3), L=6, S=9, d=8, d_v=8)  # (B, N, T, H)
    mask = rng.random((2, 3, 6, 9)) < 0.7 if masked else None
    if masked:
        mask[..., 0] = True  # jax averages fully masked rows; lib returns zeros
    ours, _ = scaled_dot_product_attention(Q, K, V, mask=mask)
    theirs = jax.nn.dot_product_attention(to_jax_layout(Q), to_jax_layout(K), to_jax_layout(V),
                                          mask=None if mask is None else jnp.asarray(mask))
    theirs = np.swapaxes(np.asarray(theirs, dtype=np.float64), 1, 2)
    assert relative_error(ours, theirs) < 1e-6


def test_weights_and_gradients_match_jax():
    rng = np.random.default_rng(6)
    Q, K, V = random_qkv(rng, L=6, S=6, d=4, d_v=2)
    G = rng.normal(size=(6, 2))
    mask = causal_mask(6)

    def jax_attention(q, k, v):
        scores = q @ k.T / jnp.sqrt(4.0)
        weights = jax.nn.softmax(jnp.where(mask, scores, -jnp.inf), axis=-1)
        return weights @ v, weights

    out, weights = scaled_dot_product_attention(Q, K, V, mask=mask)
    jax_out, jax_weights = jax_attention(*(jnp.asarray(A, dtype=jnp.float32) for A in (Q, K, V)))
    assert relative_error(weights, np.asarray(jax_weights)) < 1e-6
    assert relative_error(out, np.asarray(jax_out)) < 1e-6
    jax_grads = jax.grad(lambda q, k, v: jnp.sum(jax_attention(q, k, v)[0] * G),
                         argnums=(0, 1, 2))(*(jnp.asarray(A, jnp.float32) for A in (Q, K, V)))
    for ours_g, theirs_g in zip(attention_backward(Q, K, V, G, mask=mask), jax_grads,
                                strict=True):
        assert relative_error(ours_g, np.asarray(theirs_g)) < 1e-5


def test_gradients_match_autograd_in_float64():
    rng = np.random.default_rng(7)
    Q, K, V = random_qkv(rng, L=4, S=6, d=3, d_v=2)
    G = rng.normal(size=(4, 2))

    def loss(q, k, v):
        s = anp.dot(q, k.T) / anp.sqrt(3.0) / 0.5
        e = anp.exp(s - anp.max(s, axis=1, keepdims=True))
        return anp.sum(anp.dot(e / anp.sum(e, axis=1, keepdims=True), v) * G)

    ours = attention_backward(Q, K, V, G, temperature=0.5)
    for k, ours_g in enumerate(ours):
        assert relative_error(ours_g, grad(loss, k)(Q, K, V)) < 1e-12


def test_multi_head_matches_a_loop_over_heads_and_jax():
    rng = np.random.default_rng(8)
    mha = MultiHeadAttention(12, 3, rng=rng)
    X = rng.normal(size=(2, 5, 12))
    Y = mha.forward(X, mask=causal_mask(5))
    # Head h uses rows h*4:(h+1)*4 of W_Q, W_K, W_V: slice instead of reshape.
    outputs = []
    for h in range(3):
        rows = slice(4 * h, 4 * h + 4)
        q, k, v = (X @ W[rows].T for W in (mha.W_Q, mha.W_K, mha.W_V))
        outputs.append(scaled_dot_product_attention(q, k, v, mask=causal_mask(5))[0])
    np.testing.assert_allclose(Y, np.concatenate(outputs, axis=-1) @ mha.W_O.T, atol=1e-13)
    # jax: (B, T, N, H) with the heads as the third axis.
    q, k, v = (jnp.asarray((X @ W.T).reshape(2, 5, 3, 4), jnp.float32)
               for W in (mha.W_Q, mha.W_K, mha.W_V))
    theirs = jax.nn.dot_product_attention(q, k, v, is_causal=True).reshape(2, 5, 12)
    assert relative_error(Y, np.asarray(theirs, np.float64) @ mha.W_O.T) < 1e-6


@pytest.mark.parametrize("block_size", [1, 3, 7, 8, 100])
@pytest.mark.parametrize("masked", [False, True])
def test_online_equals_dense_to_1e_12(block_size, masked):
    rng = np.random.default_rng(9)
    Q, K, V = random_qkv(rng, batch=(2,), L=6, S=23, d=5, d_v=4)
    Q *= 4  # large scores: the running maximum matters
    mask = rng.random((2, 6, 23)) < 0.5 if masked else None
    dense, _ = scaled_dot_product_attention(Q, K, V, mask=mask, temperature=0.7)
    online = online_attention(Q, K, V, mask=mask, block_size=block_size, temperature=0.7)
    np.testing.assert_allclose(online, dense, rtol=0, atol=1e-12)


def test_online_with_causal_mask_and_scores_of_1000():
    rng = np.random.default_rng(10)
    Q, K, V = random_qkv(rng, L=16, S=16, d=4, d_v=4)
    Q *= 500  # scores in the thousands: a naive exp would overflow
    dense, _ = scaled_dot_product_attention(Q, K, V, mask=causal_mask(16))
    online = online_attention(Q, K, V, mask=causal_mask(16), block_size=5)
    assert np.all(np.isfinite(online))
    np.testing.assert_allclose(online, dense, rtol=0, atol=1e-12)


# Properties ------------------------------------------------------------------------------


sizes = st.tuples(st.integers(1, 6), st.integers(1, 6), st.integers(1, 5), st.integers(1, 4))


@given(sizes, st.integers(0, 2**32 - 1), st.floats(0.05, 20.0))
def test_weights_are_distributions(shape, seed, temperature):
    L, S, d, d_v = shape
    rng = np.random.default_rng(seed)
    Q, K, V = random_qkv(rng, L=L, S=S, d=d, d_v=d_v)
    out, w = scaled_dot_product_attention(5 * Q, K, V, temperature=temperature)
    assert out.shape == (L, d_v) and w.shape == (L, S)
    assert np.all(w >= 0)
    np.testing.assert_allclose(w.sum(axis=-1), 1.0, atol=1e-12)
    # Each output row is a convex combination of the values: inside their range.
    assert np.all(out <= V.max(axis=0) + 1e-12) and np.all(out >= V.min(axis=0) - 1e-12)


@given(sizes, st.integers(0, 2**32 - 1))
def test_self_attention_is_permutation_equivariant(shape, seed):
    L, _, d, _ = shape
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(L, d))
    perm = rng.permutation(L)
    out, w = scaled_dot_product_attention(X, X, X)
    out_p, w_p = scaled_dot_product_attention(X[perm], X[perm], X[perm])
    np.testing.assert_allclose(out_p, out[perm], atol=1e-12)
    np.testing.assert_allclose(w_p, w[perm][:, perm], atol=1e-12)


@given(st.integers(0, 2**32 - 1))
def test_multi_head_is_permutation_equivariant_without_positions(seed):
    rng = np.random.default_rng(seed)
    mha = MultiHeadAttention(8, 2, rng=rng)
    X = rng.normal(size=(7, 8))
    perm = rng.permutation(7)
    np.testing.assert_allclose(mha.forward(X[perm]), mha.forward(X)[perm], atol=1e-12)


@given(st.integers(0, 2**32 - 1))
def test_permuting_key_value_pairs_changes_nothing(seed):
    rng = np.random.default_rng(seed)
    Q, K, V = random_qkv(rng)
    perm = rng.permutation(7)
    np.testing.assert_allclose(scaled_dot_product_attention(Q, K[perm], V[perm])[0],
                               scaled_dot_product_attention(Q, K, V)[0], atol=1e-12)


@given(st.integers(2, 8), st.integers(0, 2**32 - 1), st.data())
def test_causal_output_ignores_the_future(L, seed, data):
    rng = np.random.default_rng(seed)
    t = data.draw(st.integers(0, L - 2))  # change every token after position t
    X = rng.normal(size=(L, 4))
    X_changed = X.copy()
    X_changed[t + 1:] = rng.normal(size=(L - t - 1, 4)) * 10
    mha = MultiHeadAttention(4, 2, rng=rng)
    before, after = mha.forward(X, mask=causal_mask(L)), mha.forward(X_changed,
                                                                     mask=causal_mask(L))
    np.testing.assert_allclose(after[:t + 1], before[:t + 1], atol=1e-12)
    out, _ = scaled_dot_product_attention(X, X, X, mask=causal_mask(L))
    out_changed, _ = scaled_dot_product_attention(X_changed, X_changed, X_changed,
                                                  mask=causal_mask(L))
    np.testing.assert_allclose(out_changed[:t + 1], out[:t + 1], atol=1e-12)


@given(st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_online_equals_dense_for_any_block_size(block_size, seed):
    rng = np.random.default_rng(seed)
    Q, K, V = random_qkv(rng, L=4, S=33, d=3, d_v=2)
    np.testing.assert_allclose(online_attention(3 * Q, K, V, block_size=block_size),
                               scaled_dot_product_attention(3 * Q, K, V)[0], rtol=0, atol=1e-12)


@given(st.integers(1, 60), st.sampled_from([2, 4, 8, 16, 64]))
def test_positional_gram_matrix_depends_only_on_offset(L, d):
    P = sinusoidal_positional_encoding(L, d)
    gram = P @ P.T
    offsets = np.subtract.outer(np.arange(L), np.arange(L))
    frequencies = 10000.0 ** (-np.arange(0, d, 2) / d)
    expected = np.cos(offsets[..., None] * frequencies).sum(axis=-1)
    np.testing.assert_allclose(gram, expected, atol=1e-10)
    for k in range(-L + 1, L):  # constant along every diagonal
        np.testing.assert_allclose(np.diagonal(gram, k), np.diagonal(gram, k)[0], atol=1e-10)


def test_temperature_limits():
    rng = np.random.default_rng(11)
    Q, K, V = random_qkv(rng)
    _, sharp = scaled_dot_product_attention(Q, K, V, temperature=1e-4)
    np.testing.assert_allclose(sharp, np.eye(7)[np.argmax(Q @ K.T, axis=1)], atol=1e-12)
    _, flat = scaled_dot_product_attention(Q, K, V, temperature=1e6)
    np.testing.assert_allclose(flat, 1 / 7, atol=1e-5)


def test_float32_stays_float32_and_ints_become_float64():
    rng = np.random.default_rng(12)
    Q, K, V = (A.astype(np.float32) for A in random_qkv(rng))
    out, w = scaled_dot_product_attention(Q, K, V)
    assert out.dtype == w.dtype == np.float32
    assert online_attention(Q, K, V).dtype == np.float32
    out, w = scaled_dot_product_attention([[1, 0]], [[1, 0], [0, 1]], [[1], [2]])
    assert out.dtype == np.float64


def test_multi_head_trains_with_adam():
    # A target map the layer can represent: another layer's outputs. Loss must fall.
    rng = np.random.default_rng(13)
    teacher, student = MultiHeadAttention(8, 2, rng=rng), MultiHeadAttention(8, 2, rng=rng)
    X = rng.normal(size=(16, 6, 8))
    target = teacher.forward(X)
    optimizer = Adam(student.params(), lr=0.01)
    losses = []
    for _ in range(150):
        diff = student.forward(X) - target
        losses.append(0.5 * np.mean(np.sum(diff**2, axis=-1)))
        student.backward(diff / (16 * 6))
        optimizer.step(student.grads())
    assert losses[-1] < 0.2 * losses[0]


def test_backward_before_forward_is_an_error():
    with pytest.raises(RuntimeError, match="forward"):
        MultiHeadAttention(4, 2, rng=0).backward(np.zeros((3, 4)))


# Bad input -------------------------------------------------------------------------------


def test_bad_inputs_name_the_argument():
    Q, K, V = np.zeros((3, 4)), np.zeros((5, 4)), np.zeros((5, 2))
    with pytest.raises(ValueError, match=r"Q has shape \(3, 2\).*K has shape \(5, 4\)"):
        scaled_dot_product_attention(np.zeros((3, 2)), K, V)
    with pytest.raises(ValueError, match="every key needs exactly one value"):
        scaled_dot_product_attention(Q, K, np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"mask has shape \(3, 4\)"):
        scaled_dot_product_attention(Q, K, V, mask=np.ones((3, 4), bool))
    with pytest.raises(TypeError, match="mask must be a boolean"):
        scaled_dot_product_attention(Q, K, V, mask=np.ones((3, 5)))
    with pytest.raises(ValueError, match="Q must be finite"):
        scaled_dot_product_attention(np.full((3, 4), np.nan), K, V)
    with pytest.raises(ValueError, match="temperature"):
        scaled_dot_product_attention(Q, K, V, temperature=0.0)
    with pytest.raises(ValueError, match="d_output"):
        attention_backward(Q, K, V, np.zeros((3, 3)))
    with pytest.raises(ValueError, match="block_size"):
        online_attention(Q, K, V, block_size=0)
    with pytest.raises(ValueError, match="n_heads"):
        MultiHeadAttention(10, 3, rng=0)
    with pytest.raises(TypeError, match="rng"):
        MultiHeadAttention(8, 2, rng=None)
    with pytest.raises(ValueError, match="even"):
        sinusoidal_positional_encoding(4, 3)
    with pytest.raises(ValueError, match="Q and K are too large"):
        scaled_dot_product_attention(np.full((3, 4), 1e160), np.full((5, 4), 1e160), V)
    with pytest.raises(ValueError, match="Q and K are too large"):
        online_attention(Q + 1, K + 1, V, temperature=1e-310)
    with pytest.raises(ValueError, match="Q and K are too large"):
        scaled_dot_product_attention(np.full((3, 4), 1e20, np.float32),
                                     np.full((5, 4), 1e20, np.float32), V.astype(np.float32))
    with pytest.raises(ValueError, match="sum to 1"):
        attention_entropy([[0.5, 0.2]])
    with pytest.raises(ValueError, match="nonnegative"):
        attention_entropy([[1.5, -0.5]])
    with pytest.raises(ValueError, match="block_size"):
        attention_memory_bytes(4, 4, block_size=0)
    with pytest.raises(ValueError, match=r"lengths\[1\] = 5"):
        padding_mask([1, 5], 4)
