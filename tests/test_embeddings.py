"""Tests for lib.embeddings: worked numbers, finite differences, independent references
(gensim, scipy, scikit-learn, autograd, NumPy's SVD), properties, and bad input."""

import importlib.util
from pathlib import Path

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics.pairwise import cosine_similarity as sk_cosine
from sklearn.preprocessing import normalize as sk_normalize

from lib.data import load_analogy_questions, load_glove, load_lee_corpus, load_wordsim353
from lib.embeddings import (
    Embedding,
    analogy,
    analogy_offset,
    build_vocabulary,
    cooccurrence_matrix,
    cosine_similarity,
    evaluate_analogies,
    nearest_neighbors,
    normalize_rows,
    pair_direction,
    ppmi_matrix,
    sgns_loss,
    similarity_correlation,
    skipgram_pairs,
    spearman_rho,
    svd_embeddings,
    train_skipgram,
    word_indices,
)
from lib.gradcheck import numerical_gradient, relative_error
from lib.losses import one_hot

TABLE_4x3 = np.array([[0.9, 0.1, 0.0], [0.2, 0.8, 0.1], [0.5, -0.2, 0.1], [-0.3, 0.4, 0.7]])
GENSIM_DATA = Path(importlib.util.find_spec("gensim").origin).parent / "test" / "test_data"

vector_sets = arrays(
    np.float64, st.tuples(st.integers(1, 8), st.integers(1, 5)),
    elements=st.floats(-100, 100, allow_nan=False, allow_subnormal=False),
)


@pytest.fixture(scope="module")
def glove():
    return load_glove(100_000)


def _keyed_vectors(words, vectors):
    from gensim.models import KeyedVectors

    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors(list(words), np.asarray(vectors, dtype=np.float32))
    return kv


# ----------------------------------------------------------------------- Embedding

def test_embedding_lookup_is_the_seed_table_row():
    # The backprop note's 4 x 3 table: id 2 returns [0.5, -0.2, 0.1].
    layer = Embedding.from_weights(TABLE_4x3)
    np.testing.assert_array_equal(layer.forward(2), [0.5, -0.2, 0.1])
    np.testing.assert_array_equal(one_hot(np.array([2]), 4) @ TABLE_4x3, [[0.5, -0.2, 0.1]])


def test_embedding_forward_equals_one_hot_times_table():
    rng = np.random.default_rng(0)
    layer = Embedding(7, 3, rng=rng)
    ids = np.array([3, 0, 3, 6, 1])
    np.testing.assert_allclose(layer.forward(ids), one_hot(ids, 7) @ layer.E, rtol=0, atol=0)
    batch = np.array([[1, 2], [2, 5]])
    assert layer.forward(batch).shape == (2, 2, 3)


def test_embedding_backward_worked_numbers():
    # Ids 1, 1, 3: row 1 collects both gradients, rows 0 and 2 get nothing.
    layer = Embedding.from_weights(TABLE_4x3)
    layer.forward([1, 1, 3])
    layer.backward([[1.0, 2.0, 3.0], [0.5, 0.5, 0.5], [-1.0, 0.0, 1.0]])
    np.testing.assert_array_equal(
        layer.dE, [[0, 0, 0], [1.5, 2.5, 3.5], [0, 0, 0], [-1.0, 0.0, 1.0]]
    )
    # Seed exercise 11: a step using only id 1 changes only row 1.
    layer = Embedding.from_weights([[1, 0, 2], [0, 3, 1], [2, 1, 0]])
    np.testing.assert_array_equal(layer.forward(1), [0, 3, 1])
    layer.backward([0.3, -0.1, 0.2])
    assert np.flatnonzero(np.any(layer.dE != 0, axis=1)).tolist() == [1]


def test_embedding_gradient_by_finite_differences():
    rng = np.random.default_rng(1)
    layer = Embedding(5, 4, rng=rng)
    ids = np.array([[0, 2, 2], [4, 2, 0]])
    G = rng.normal(size=(2, 3, 4))

    def loss(E):
        return float(np.sum(G * E[ids]) + 0.5 * np.sum(E[ids] ** 2))

    out = layer.forward(ids)
    layer.backward(G + out)
    numeric = numerical_gradient(loss, layer.E.copy())
    assert relative_error(numeric, layer.dE) < 1e-8


def test_embedding_gradient_matches_autograd_through_one_hot():
    rng = np.random.default_rng(2)
    layer = Embedding(6, 3, rng=rng)
    ids = np.array([5, 1, 5, 5, 0])
    G = rng.normal(size=(5, 3))
    onehot = one_hot(ids, 6)
    reference = autograd.grad(lambda E: anp.sum(G * anp.dot(onehot, E)))(layer.E)
    layer.forward(ids)
    layer.backward(G)
    np.testing.assert_allclose(layer.dE, reference, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(layer.dE, onehot.T @ G, rtol=1e-12, atol=1e-15)


def test_embedding_rng_rule_and_params():
    a, b = Embedding(4, 2, rng=3), Embedding(4, 2, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a.E, b.E)
    assert a.params()[0] is a.E and a.grads()[0] is a.dE and a.n_params == 8
    with pytest.raises(TypeError, match="rng"):
        Embedding(4, 2, rng=None)
    assert repr(a) == "Embedding(4 ids x 2)"


@given(st.integers(1, 6), st.integers(1, 4),
       st.lists(st.integers(0, 5), min_size=1, max_size=12))
def test_embedding_properties(n_ids, dim, raw_ids):
    ids = np.array(raw_ids) % n_ids
    layer = Embedding(n_ids, dim, rng=0)
    out = layer.forward(ids)
    assert out.shape == (ids.size, dim)
    G = np.ones_like(out)
    layer.backward(G)
    # Gradient mass is conserved and lands only on used rows, once per use.
    np.testing.assert_allclose(layer.dE.sum(), G.sum())
    np.testing.assert_array_equal(layer.dE[:, 0], np.bincount(ids, minlength=n_ids))


def test_embedding_bad_input():
    layer = Embedding(3, 2, rng=0)
    with pytest.raises(ValueError, match=r"ids must lie in \[0, 3\)"):
        layer.forward([0, 3])
    with pytest.raises(TypeError, match="ids"):
        layer.forward([0.5])
    with pytest.raises(RuntimeError, match="forward before backward"):
        Embedding(3, 2, rng=0).backward(np.zeros(2))
    layer.forward([0, 1])
    with pytest.raises(ValueError, match=r"d_out must have shape \(2, 2\)"):
        layer.backward(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="n_ids"):
        Embedding(0, 2, rng=0)
    with pytest.raises(ValueError, match="E"):
        Embedding.from_weights(np.zeros((0, 3)))


# ----------------------------------------------------------------------- geometry

def test_normalize_and_cosine_worked_numbers():
    np.testing.assert_allclose(normalize_rows([[3.0, 4.0], [0.0, -2.0]]), [[0.6, 0.8], [0, -1]])
    assert cosine_similarity([1.0, 0.0], [1.0, 1.0]) == pytest.approx(1 / np.sqrt(2))
    # The math primer: direction, not length: (1, 2) and (10, 20) have cosine 1.
    assert cosine_similarity([1.0, 2.0], [10.0, 20.0]) == pytest.approx(1.0)
    assert cosine_similarity([1.0, 0.0], [-3.0, 0.0]) == pytest.approx(-1.0)


def test_normalize_and_cosine_match_scikit_learn():
    rng = np.random.default_rng(4)
    A, B = rng.normal(size=(6, 5)), rng.normal(size=(4, 5))
    np.testing.assert_allclose(normalize_rows(A), sk_normalize(A), rtol=1e-12)
    np.testing.assert_allclose(cosine_similarity(A, B), sk_cosine(A, B), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        cosine_similarity(A, B[0]), sk_cosine(A, B[:1])[:, 0], rtol=1e-12, atol=1e-15
    )


def test_float32_stays_float32():
    A = np.random.default_rng(5).normal(size=(3, 4)).astype(np.float32)
    assert normalize_rows(A).dtype == np.float32
    assert normalize_rows(A.astype(np.float16).astype(np.int64) + 1).dtype == np.float64


@given(vector_sets, st.floats(0.01, 100))
def test_cosine_properties(A, scale):
    A = A[np.linalg.norm(A, axis=1) > 1e-3]
    if not len(A):
        return
    S = cosine_similarity(A, A)
    assert np.all(np.abs(S) <= 1.0)
    np.testing.assert_allclose(S, S.T, atol=1e-12)
    np.testing.assert_allclose(np.diag(S), 1.0, atol=1e-12)
    np.testing.assert_allclose(cosine_similarity(scale * A, A), S, atol=1e-9)
    np.testing.assert_allclose(np.linalg.norm(normalize_rows(A), axis=1), 1.0, atol=1e-12)


def test_geometry_bad_input():
    with pytest.raises(ValueError, match=r"X\[1\] is the zero vector"):
        normalize_rows([[1.0, 0.0], [0.0, 0.0]])
    with pytest.raises(ValueError, match="same length"):
        cosine_similarity(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(ValueError, match="B"):
        cosine_similarity([1.0, 2.0], [np.nan, 1.0])
    with pytest.raises(TypeError, match="A"):
        cosine_similarity("ab", [1.0])


# ----------------------------------------------------------------------- neighbours

def test_nearest_neighbors_worked_example():
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.0], [2.0, 0.1]])
    idx, sims = nearest_neighbors(vectors, [1.0, 0.0], k=3)
    assert idx.tolist() == [0, 4, 2]
    np.testing.assert_allclose(sims, [1.0, 2 / np.hypot(2, 0.1), 1 / np.sqrt(2)])
    idx, _ = nearest_neighbors(vectors, [1.0, 0.0], k=2, exclude=[0, 4])
    assert idx.tolist() == [2, 1]


def test_nearest_neighbors_ties_go_to_lower_index():
    vectors = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 0.0], [3.0, 0.0], [1.0, 0.0]])
    idx, sims = nearest_neighbors(vectors, [[5.0, 0.0]], k=2)
    assert idx.tolist() == [[1, 2]] and np.allclose(sims, 1.0)
    idx, _ = nearest_neighbors(vectors, [[5.0, 0.0]], k=5)
    assert idx.tolist() == [[1, 2, 3, 4, 0]]


def test_nearest_neighbors_match_brute_force_and_gensim():
    rng = np.random.default_rng(6)
    vectors = rng.normal(size=(300, 8))
    queries = rng.normal(size=(150, 8))  # more than one block of queries
    idx, sims = nearest_neighbors(vectors, queries, k=7)
    S = sk_cosine(queries, vectors)
    np.testing.assert_array_equal(idx, np.argsort(-S, axis=1, kind="stable")[:, :7])
    np.testing.assert_allclose(sims, np.sort(S, axis=1)[:, ::-1][:, :7], atol=1e-12)
    words = [f"w{i}" for i in range(300)]
    kv = _keyed_vectors(words, vectors)
    got, _ = nearest_neighbors(vectors.astype(np.float32), vectors[17].astype(np.float32),
                               k=5, exclude=[17])
    assert [words[i] for i in got] == [w for w, _ in kv.most_similar("w17", topn=5)]


@given(vector_sets, st.integers(1, 3))
def test_nearest_neighbors_properties(vectors, k):
    vectors = vectors[np.linalg.norm(vectors, axis=1) > 1e-3]
    if len(vectors) < k + 1:
        return
    idx, sims = nearest_neighbors(vectors, vectors, k=k, exclude=np.arange(len(vectors))[:, None])
    assert idx.shape == sims.shape == (len(vectors), k)
    assert np.all(np.diff(sims, axis=1) <= 1e-12)
    assert not np.any(idx == np.arange(len(vectors))[:, None])


def test_nearest_neighbors_bad_input():
    V = np.eye(3)
    with pytest.raises(ValueError, match="k = 3 but only 2 rows"):
        nearest_neighbors(V, V[0], k=3, exclude=[0])
    with pytest.raises(ValueError, match="query_vectors has shape"):
        nearest_neighbors(V, np.ones(4))
    with pytest.raises(ValueError, match="exclude must have shape"):
        nearest_neighbors(V, V, k=1, exclude=[[0], [1]])
    with pytest.raises(ValueError, match=r"exclude must lie in \[0, 3\)"):
        nearest_neighbors(V, V[0], exclude=[5])


def test_word_indices():
    words = ["the", "Paris", "paris", "cat"]
    assert word_indices(words, "PARIS") == 1
    np.testing.assert_array_equal(word_indices(words, [["cat", "the"]]), [[3, 0]])
    with pytest.raises(ValueError, match="'dog'"):
        word_indices(words, ["cat", "dog"])
    with pytest.raises(TypeError, match="query"):
        word_indices(words, [1, 2])


# ----------------------------------------------------------------------- analogies

def test_analogy_on_a_hand_made_space():
    # Two directions: royalty (x) and gender (y). man (0,1), woman (0,-1), king (1,1).
    words = ["man", "woman", "king", "queen", "apple"]
    vectors = np.array([[0.0, 1.0], [0.0, -1.0], [1.0, 1.0], [1.0, -1.0], [-1.0, 0.2]])
    (word, score), = analogy(words, vectors, "man", "king", "woman")
    assert word == "queen"
    target = vectors[2] / np.sqrt(2) - vectors[0] + vectors[1]
    assert score == pytest.approx(cosine_similarity(target, vectors[3]))


def test_analogy_offset():
    words = ["man", "woman", "king"]
    vectors = np.array([[0.0, 2.0], [0.0, -1.0], [3.0, 3.0]])
    np.testing.assert_allclose(analogy_offset(words, vectors, "man", "king", "woman"),
                               [1 / np.sqrt(2), 1 / np.sqrt(2) - 2.0])
    rng = np.random.default_rng(14)
    V = rng.normal(size=(20, 5))
    names = [f"w{i}" for i in range(20)]
    target = analogy_offset(names, V, "w3", "w7", "w11")
    # Ranking by cosine with the target is ranking by cos(w, b) - cos(w, a) + cos(w, c).
    S = sk_cosine(V)
    summed = S[7] - S[3] + S[11]
    by_target = sk_cosine(V, target[None, :])[:, 0]
    assert np.argsort(-summed).tolist() == np.argsort(-by_target).tolist()
    with pytest.raises(ValueError, match="'zz'"):
        analogy_offset(names, V, "w3", "zz", "w11")


def test_king_man_woman_on_glove(glove):
    words, vectors = glove
    top = analogy(words, vectors, "man", "king", "woman", k=3)
    assert top[0][0] == "queen"
    with_query = analogy(words, vectors, "man", "king", "woman", k=3, exclude_query=False)
    assert with_query[0][0] == "king" and with_query[1][0] == "queen"
    kv = _keyed_vectors(words, vectors)
    reference = kv.most_similar(positive=["king", "woman"], negative=["man"], topn=3)
    assert [w for w, _ in top] == [w for w, _ in reference]
    np.testing.assert_allclose([s for _, s in top], [s for _, s in reference], atol=1e-6)


def test_evaluate_analogies_equals_gensim_on_the_google_questions(glove):
    # The contract: exactly gensim's accuracy, overall and per section, at 30k words.
    words, vectors = glove
    questions, sections = load_analogy_questions()
    ours = evaluate_analogies(words, vectors, questions, vocab_size=30000, sections=sections)
    kv = _keyed_vectors(words[:30000], vectors[:30000])
    score, reference = kv.evaluate_word_analogies(
        str(GENSIM_DATA / "questions-words.txt"), restrict_vocab=30000
    )
    assert ours["accuracy"] == score
    total = reference[-1]
    assert ours["correct"] == len(total["correct"])
    assert ours["evaluated"] == len(total["correct"]) + len(total["incorrect"])
    assert ours["skipped"] == len(questions) - ours["evaluated"]
    for section in reference[:-1]:
        mine = ours["sections"][section["section"]]
        assert mine["correct"] == len(section["correct"])
        assert mine["evaluated"] == len(section["correct"]) + len(section["incorrect"])
    assert 0.45 < score < 0.55


def test_evaluate_analogies_rules_match_gensim_on_a_small_vocabulary(tmp_path):
    # Case variants, a word beyond vocab_size and a question with an unknown word.
    rng = np.random.default_rng(7)
    words = ["a", "b", "c", "d", "A", "e", "f", "g", "far"]
    vectors = rng.normal(size=(9, 4)).astype(np.float32)
    questions = np.array([["a", "b", "c", "d"], ["b", "c", "d", "e"], ["c", "a", "b", "far"],
                          ["d", "e", "f", "g"], ["a", "c", "e", "a"], ["x", "a", "b", "c"],
                          ["f", "g", "a", "b"], ["e", "d", "c", "b"]])
    sections = np.array(["one"] * 4 + ["two"] * 4)
    lines = [": one", *(" ".join(q) for q in questions[:4]), ": two",
             *(" ".join(q) for q in questions[4:])]
    path = tmp_path / "questions.txt"
    path.write_text("\n".join(lines) + "\n")
    for restrict in (8, 9):
        ours = evaluate_analogies(words, vectors, questions, vocab_size=restrict,
                                  sections=sections)
        score, reference = _keyed_vectors(words, vectors).evaluate_word_analogies(
            str(path), restrict_vocab=restrict
        )
        assert ours["accuracy"] == score
        for section in reference[:-1]:
            assert ours["sections"][section["section"]]["correct"] == len(section["correct"])
            assert ours["sections"][section["section"]]["evaluated"] == (
                len(section["correct"]) + len(section["incorrect"]))
    assert ours["skipped"] == 1 and ours["predicted"][5] == -1


def test_evaluate_analogies_worked_example():
    words = ["man", "woman", "king", "queen", "apple"]
    vectors = np.array([[0.0, 1.0], [0.0, -1.0], [1.0, 1.0], [1.0, -1.0], [-1.0, 0.2]])
    questions = [["man", "king", "woman", "queen"], ["man", "woman", "king", "apple"],
                 ["man", "king", "pear", "queen"]]
    result = evaluate_analogies(words, vectors, questions, vocab_size=None)
    assert (result["correct"], result["evaluated"], result["skipped"]) == (1, 2, 1)
    assert result["accuracy"] == 0.5 and result["sections"]["all"]["evaluated"] == 2
    assert result["predicted"].tolist() == [3, 3, -1]


def test_analogy_bad_input():
    words, vectors = ["a", "b", "c"], np.eye(3)
    with pytest.raises(ValueError, match="'zzz'"):
        analogy(words, vectors, "a", "b", "zzz")
    with pytest.raises(ValueError, match="words has 3 entries but vectors has 2 rows"):
        analogy(words, vectors[:2], "a", "b", "c")
    with pytest.raises(ValueError, match="none of the 1 questions"):
        evaluate_analogies(words, vectors, [["a", "b", "c", "q"]])
    with pytest.raises(ValueError, match=r"questions must have shape \(n, 4\)"):
        evaluate_analogies(words, vectors, [["a", "b", "c"]])
    with pytest.raises(ValueError, match="sections"):
        evaluate_analogies(words, vectors, [["a", "b", "c", "a"]], sections=["x", "y"])


# ----------------------------------------------------------------------- similarity

def test_spearman_worked_numbers_and_scipy():
    assert spearman_rho([1, 2, 3], [1, 3, 2]) == pytest.approx(0.5)
    assert spearman_rho([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    rng = np.random.default_rng(8)
    x, y = rng.integers(0, 5, size=40), rng.normal(size=40)  # ties in x
    assert spearman_rho(x, y) == pytest.approx(scipy.stats.spearmanr(x, y).statistic, abs=1e-12)


@given(arrays(np.float64, st.integers(3, 30), elements=st.floats(-1e3, 1e3)),
       arrays(np.float64, st.integers(3, 30), elements=st.floats(-1e3, 1e3)))
def test_spearman_properties(x, y):
    n = min(x.size, y.size)
    x, y = x[:n], y[:n]
    if np.all(x == x[0]) or np.all(y == y[0]):
        return
    rho = spearman_rho(x, y)
    assert -1 <= rho <= 1
    assert spearman_rho(y, x) == pytest.approx(rho, abs=1e-12)
    assert spearman_rho(2 * x, y) == pytest.approx(rho, abs=1e-12)  # an exact monotone map
    assert spearman_rho(-x, y) == pytest.approx(-rho, abs=1e-12)
    assert rho == pytest.approx(scipy.stats.spearmanr(x, y).statistic, abs=1e-9)


def test_similarity_correlation_matches_gensim(glove):
    words, vectors = glove
    pairs, scores = load_wordsim353()
    rho, covered = similarity_correlation(words, vectors, pairs, scores, vocab_size=30000)
    kv = _keyed_vectors(words[:30000], vectors[:30000])
    _, spearman, oov_percent = kv.evaluate_word_pairs(
        str(GENSIM_DATA / "wordsim353.tsv"), restrict_vocab=30000
    )
    assert rho == pytest.approx(spearman.statistic, abs=1e-6)
    assert covered == round(len(pairs) * (1 - oov_percent / 100))


def test_similarity_correlation_worked_example():
    words = ["a", "b", "c", "d"]
    vectors = np.array([[1.0, 0.0], [1.0, 0.1], [0.0, 1.0], [1.0, 1.0]])
    pairs = [["a", "b"], ["a", "c"], ["a", "d"], ["a", "zz"]]
    rho, covered = similarity_correlation(words, vectors, pairs, [9.0, 1.0, 5.0, 3.0])
    assert (rho, covered) == (1.0, 3)
    with pytest.raises(ValueError, match="only 1 of the 2 pairs"):
        similarity_correlation(words, vectors, [["a", "b"], ["a", "q"]], [1.0, 2.0])
    with pytest.raises(ValueError, match="scores"):
        similarity_correlation(words, vectors, pairs, [1.0, 2.0])


# ----------------------------------------------------------------------- counts

SMALL = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat"]]


def test_build_vocabulary():
    assert build_vocabulary(SMALL) == ["the", "sat", "cat", "dog", "mat", "on"]
    assert build_vocabulary(SMALL, min_count=2) == ["the", "sat"]
    assert build_vocabulary(SMALL, max_size=3) == ["the", "sat", "cat"]
    with pytest.raises(ValueError, match="min_count = 9"):
        build_vocabulary(SMALL, min_count=9)


def _brute_force_counts(corpus, window, vocab):
    index = {w: i for i, w in enumerate(vocab)}
    C = np.zeros((len(vocab), len(vocab)))
    for doc in corpus:
        for i, w in enumerate(doc):
            for j, u in enumerate(doc):
                if 0 < abs(i - j) <= window and w in index and u in index:
                    C[index[w], index[u]] += 1
    return C


def test_cooccurrence_worked_numbers():
    vocab = ["the", "sat", "cat"]
    C = cooccurrence_matrix(SMALL, 1, vocab)
    # "the cat", "cat sat", "the dog" (dog not counted), "dog sat": the-cat 1, cat-sat 1.
    np.testing.assert_array_equal(C, [[0, 0, 1], [0, 0, 1], [1, 1, 0]])
    C2 = cooccurrence_matrix(SMALL, 2, vocab)
    # Window 2 adds the-sat (twice: "the cat sat", "the dog sat") and sat-the ("sat on the").
    assert C2[0, 1] == 3 and C2[1, 0] == 3


def test_cooccurrence_matches_brute_force():
    corpus = load_lee_corpus()[:5]
    vocab = build_vocabulary(corpus, min_count=2)
    for window in (1, 3):
        np.testing.assert_array_equal(cooccurrence_matrix(corpus, window, vocab),
                                      _brute_force_counts(corpus, window, vocab))


@given(st.lists(st.lists(st.sampled_from("abcd"), max_size=8), min_size=1, max_size=4),
       st.integers(1, 4))
def test_cooccurrence_properties(corpus, window):
    if not any(corpus):
        return
    C = cooccurrence_matrix(corpus, window, list("abcd"))
    np.testing.assert_array_equal(C, C.T)
    expected = 2 * sum(max(0, len(d) - o) for d in corpus for o in range(1, window + 1))
    assert C.sum() == expected


def test_ppmi_worked_numbers_and_formula():
    vocab = ["the", "sat", "cat"]
    P = ppmi_matrix(SMALL, 1, vocab)
    # C = [[0,0,1],[0,0,1],[1,1,0]], D = 4, row sums (1, 1, 2):
    # PMI(the, cat) = ln(1 * 4 / (1 * 2)) = ln 2.
    np.testing.assert_allclose(P, np.log(2) * np.array([[0, 0, 1], [0, 0, 1], [1, 1, 0]]))
    corpus = load_lee_corpus()[:20]
    vocab = build_vocabulary(corpus, min_count=3)
    C = _brute_force_counts(corpus, 2, vocab)
    D, row, col = C.sum(), C.sum(1), C.sum(0) ** 0.75
    with np.errstate(divide="ignore"):
        pmi = np.log(C * D / (row[:, None] * (col / col.sum() * D)[None, :]))
    expected = np.where(C > 0, np.maximum(pmi, 0), 0.0)
    np.testing.assert_allclose(ppmi_matrix(corpus, 2, vocab, alpha=0.75), expected, atol=1e-12)
    assert np.all(ppmi_matrix(corpus, 2, vocab) >= 0)


def test_svd_embeddings_match_numpy_svd():
    rng = np.random.default_rng(9)
    M = rng.random((30, 20))
    E = svd_embeddings(M, 5, power=0.5)
    U, s, _ = np.linalg.svd(M, full_matrices=False)
    reference = U[:, :5] * np.sqrt(s[:5])
    signs = np.sign(np.sum(E * reference, axis=0))
    np.testing.assert_allclose(E, reference * signs, atol=1e-8)
    # Worked numbers: a diagonal matrix's singular vectors are the axes.
    D = np.diag([1.0, 9.0, 4.0, 0.5])
    np.testing.assert_allclose(np.abs(svd_embeddings(D, 2, power=1.0)),
                               [[0, 0], [9, 0], [0, 4], [0, 0]], atol=1e-10)
    # E E^T reproduces the best rank-k approximation's Gram structure at power 1.
    G = svd_embeddings(M, 5, power=1.0)
    np.testing.assert_allclose(G @ G.T, (U[:, :5] * s[:5]) @ (U[:, :5] * s[:5]).T, atol=1e-8)


# ----------------------------------------------------------------------- skip-gram

def test_skipgram_pairs_worked_example():
    centers, contexts = skipgram_pairs([[0, 1, 2], [3, -1, 4]], window=1)
    pairs = sorted(zip(centers.tolist(), contexts.tolist(), strict=True))
    assert pairs == [(0, 1), (1, 0), (1, 2), (2, 1)]
    centers, contexts = skipgram_pairs([[3, -1, 4]], window=2)
    assert sorted(zip(centers.tolist(), contexts.tolist(), strict=True)) == [(3, 4), (4, 3)]


def test_sgns_loss_at_zero_output_vectors_is_k_plus_one_ln2():
    rng = np.random.default_rng(10)
    W_in, W_out = rng.normal(size=(6, 3)), np.zeros((6, 3))
    loss, dW_in, dW_out = sgns_loss(W_in, W_out, [0, 1], [2, 3], [[4, 5, 1], [0, 2, 2]])
    assert loss == pytest.approx(4 * np.log(2))
    np.testing.assert_array_equal(dW_in, 0.0)
    # Only rows 0..5 used as contexts or negatives receive output gradient.
    assert np.any(dW_out[2] != 0) and np.any(dW_out[4] != 0)


def test_sgns_gradient_by_finite_differences():
    rng = np.random.default_rng(11)
    W_in, W_out = rng.normal(size=(7, 4)), rng.normal(size=(7, 4))
    centers, contexts = np.array([0, 3, 3, 6]), np.array([1, 2, 2, 0])
    negatives = rng.integers(0, 7, size=(4, 3))
    _, dW_in, dW_out = sgns_loss(W_in, W_out, centers, contexts, negatives)
    num_in = numerical_gradient(lambda W: sgns_loss(W, W_out, centers, contexts, negatives)[0],
                                W_in.copy())
    num_out = numerical_gradient(lambda W: sgns_loss(W_in, W, centers, contexts, negatives)[0],
                                 W_out.copy())
    assert relative_error(num_in, dW_in) < 1e-8
    assert relative_error(num_out, dW_out) < 1e-8


def test_sgns_gradient_matches_autograd():
    rng = np.random.default_rng(12)
    W_in, W_out = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    centers, contexts, negatives = np.array([0, 4, 2]), np.array([1, 1, 3]), rng.integers(
        0, 5, size=(3, 2))

    def loss(W_in, W_out):
        v = W_in[centers]
        pos = anp.sum(W_out[contexts] * v, axis=1)
        neg = anp.sum(W_out[negatives] * v[:, None, :], axis=2)
        return -(anp.sum(-anp.logaddexp(0, -pos)) + anp.sum(-anp.logaddexp(0, neg))) / 3

    value, dW_in, dW_out = sgns_loss(W_in, W_out, centers, contexts, negatives)
    assert value == pytest.approx(float(loss(W_in, W_out)), rel=1e-12)
    np.testing.assert_allclose(dW_in, autograd.grad(loss, 0)(W_in, W_out), atol=1e-12)
    np.testing.assert_allclose(dW_out, autograd.grad(loss, 1)(W_in, W_out), atol=1e-12)


def test_sgns_loss_survives_extreme_scores():
    W = np.full((3, 2), 100.0)
    loss, dW_in, dW_out = sgns_loss(W, -W, [0], [1], [[2]])
    assert np.isfinite(loss) and loss == pytest.approx(2e4)
    assert np.all(np.isfinite(dW_in)) and np.all(np.isfinite(dW_out))


def test_train_skipgram_learns_and_is_reproducible():
    corpus = load_lee_corpus()[:60]
    vocab = build_vocabulary(corpus, min_count=5)
    kwargs = dict(dim=16, window=2, epochs=3, batch_size=256, lr=0.02)
    W, W_out, losses = train_skipgram(corpus, vocab, rng=0, **kwargs)
    assert W.shape == W_out.shape == (len(vocab), 16)
    assert losses[0] < 6 * np.log(2) and np.all(np.diff(losses) < 0)
    W2, _, losses2 = train_skipgram(corpus, vocab, rng=np.random.default_rng(0), **kwargs)
    np.testing.assert_array_equal(W, W2)
    np.testing.assert_array_equal(losses, losses2)
    # Without thinning, pairs that occurred score higher (u_o . v_w) than the same
    # contexts shuffled among the centers (same word frequencies, no co-occurrence).
    W, W_out, _ = train_skipgram(corpus, vocab, rng=0, subsample=None, **kwargs)
    ids = [np.array([vocab.index(t) if t in vocab else -1 for t in doc]) for doc in corpus]
    c, o = skipgram_pairs(ids, 2)
    true_scores = np.sum(W[c] * W_out[o], axis=1)
    shuffled = np.sum(W[c] * W_out[np.random.default_rng(1).permutation(o)], axis=1)
    assert np.mean(true_scores > shuffled) > 0.65
    assert true_scores.mean() > shuffled.mean() + 0.5


def test_skipgram_bad_input():
    with pytest.raises(ValueError, match="contexts has shape"):
        sgns_loss(np.ones((3, 2)), np.ones((3, 2)), [0, 1], [1], [[2], [2]])
    with pytest.raises(ValueError, match=r"negatives must lie in \[0, 3\)"):
        sgns_loss(np.ones((3, 2)), np.ones((3, 2)), [0], [1], [[3]])
    with pytest.raises(ValueError, match="W_in has shape"):
        sgns_loss(np.ones((3, 2)), np.ones((4, 2)), [0], [1], [[2]])
    with pytest.raises(TypeError, match="rng"):
        train_skipgram(SMALL, ["the", "sat"], rng=None)
    with pytest.raises(ValueError, match="no pair"):
        skipgram_pairs([[0], [1]], window=1)


# ----------------------------------------------------------------------- directions

def test_pair_direction_worked_and_properties():
    g = pair_direction([[1.0, 0.0]], [[0.0, 2.0]])
    np.testing.assert_allclose(g, [1 / np.sqrt(2), -1 / np.sqrt(2)])
    rng = np.random.default_rng(13)
    X, Y = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))
    g = pair_direction(X, Y)
    assert np.linalg.norm(g) == pytest.approx(1.0)
    reference = (sk_normalize(X) - sk_normalize(Y)).mean(axis=0)
    np.testing.assert_allclose(g, reference / np.linalg.norm(reference))
    np.testing.assert_allclose(pair_direction(Y, X), -g)
    with pytest.raises(ValueError, match="cancel"):
        pair_direction([[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]])
