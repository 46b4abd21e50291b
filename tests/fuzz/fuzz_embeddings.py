"""Bad inputs for lib.embeddings."""

import numpy as np

from fuzz import Bad
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

NAN, INF = float("nan"), float("inf")
WORDS = ["man", "woman", "king", "queen"]
VECS = np.array([[0.0, 1.0], [0.0, -1.0], [1.0, 1.0], [1.0, -1.0]])
CORPUS = [["the", "cat", "sat"], ["the", "dog", "sat"]]
VOCAB = ["the", "sat", "cat"]
W3 = np.ones((3, 2))


def _layer():
    layer = Embedding(3, 2, rng=0)
    layer.forward([0, 1])
    return layer


PROBES = {
    "lib.embeddings.Embedding": [
        Bad("zero ids", lambda: Embedding(0, 2, rng=0), match="n_ids"),
        Bad("float dim", lambda: Embedding(3, 2.0, rng=0), match="dim"),
        Bad("None rng", lambda: Embedding(3, 2, rng=None), match="rng"),
        Bad("negative scale", lambda: Embedding(3, 2, rng=0, scale=-1.0), match="scale"),
        Bad("id out of range", lambda: Embedding(3, 2, rng=0).forward([0, 3]), match="ids"),
        Bad("negative id", lambda: Embedding(3, 2, rng=0).forward(-1), match="ids"),
        Bad("string ids", lambda: Embedding(3, 2, rng=0).forward("a"), match="ids"),
        Bad("fractional id", lambda: Embedding(3, 2, rng=0).forward([0.5]), match="ids"),
        Bad("ragged ids", lambda: Embedding(3, 2, rng=0).forward([[0], [1, 2]]), match="ids"),
        Bad("d_out wrong shape", lambda: _layer().backward(np.ones((3, 2))), match="d_out"),
        Bad("NaN d_out", lambda: _layer().backward([[NAN, 0.0], [0.0, 0.0]]), match="d_out"),
        Bad("empty table", lambda: Embedding.from_weights(np.zeros((0, 2))), match="E"),
        Bad("1-D table", lambda: Embedding.from_weights([1.0, 2.0]), match="E"),
    ],
    "lib.embeddings.normalize_rows": [
        Bad("zero row", lambda: normalize_rows([[1.0, 0.0], [0.0, 0.0]]), match=r"X\[1\]"),
        Bad("string", lambda: normalize_rows("ab"), match="X"),
        Bad("None", lambda: normalize_rows(None), match="X"),
        Bad("NaN", lambda: normalize_rows([[NAN, 1.0]]), match="X"),
        Bad("inf float32", lambda: normalize_rows(np.array([[INF, 1]], np.float32)), match="X"),
        Bad("3-D", lambda: normalize_rows(np.ones((2, 2, 2))), match="X"),
        Bad("empty vectors", lambda: normalize_rows(np.ones((2, 0))), match="X"),
        Bad("ragged", lambda: normalize_rows([[1.0], [1.0, 2.0]]), match="X"),
    ],
    "lib.embeddings.cosine_similarity": [
        Bad("length mismatch", lambda: cosine_similarity(np.ones((2, 3)), np.ones(4)),
            match="same length"),
        Bad("zero vector", lambda: cosine_similarity([0.0, 0.0], [1.0, 1.0]), match="A"),
        Bad("NaN in B", lambda: cosine_similarity([1.0, 0.0], [NAN, 1.0]), match="B"),
        Bad("string A", lambda: cosine_similarity("a", [1.0]), match="A"),
        Bad("None B", lambda: cosine_similarity([1.0], None), match="B"),
        Bad("0-d A", lambda: cosine_similarity(3.0, [1.0]), match="A"),
        Bad("complex", lambda: cosine_similarity([1j], [1.0]), match="A"),
    ],
    "lib.embeddings.nearest_neighbors": [
        Bad("k too large", lambda: nearest_neighbors(VECS, VECS[0], k=5), match="k = 5"),
        Bad("k zero", lambda: nearest_neighbors(VECS, VECS[0], k=0), match="k"),
        Bad("float k", lambda: nearest_neighbors(VECS, VECS[0], k=2.0), match="k"),
        Bad("query width", lambda: nearest_neighbors(VECS, np.ones(3)), match="query_vectors"),
        Bad("exclude out of range", lambda: nearest_neighbors(VECS, VECS[0], exclude=[9]),
            match="exclude"),
        Bad("exclude rows", lambda: nearest_neighbors(VECS, VECS, k=1, exclude=[[0]]),
            match="exclude"),
        Bad("zero query", lambda: nearest_neighbors(VECS, [0.0, 0.0], k=1),
            match="query_vectors"),
        Bad("NaN vectors", lambda: nearest_neighbors([[NAN, 1.0]], [1.0, 0.0]),
            match="vectors"),
        Bad("1-D vectors", lambda: nearest_neighbors([1.0, 2.0], [1.0]), match="vectors"),
    ],
    "lib.embeddings.word_indices": [
        Bad("unknown word", lambda: word_indices(WORDS, "dog"), match="'dog'"),
        Bad("numbers", lambda: word_indices(WORDS, [1, 2]), match="query"),
        Bad("empty query", lambda: word_indices(WORDS, []), match="query"),
        Bad("vocabulary a string", lambda: word_indices("man", "man"), match="words"),
        Bad("non-str word", lambda: word_indices(["a", 3], "a"), match=r"words\[1\]"),
        Bad("empty vocabulary", lambda: word_indices([], "a"), match="words"),
        Bad("None query", lambda: word_indices(WORDS, None), match="query"),
    ],
    "lib.embeddings.analogy": [
        Bad("unknown word", lambda: analogy(WORDS, VECS, "man", "king", "zzz"), match="'zzz'"),
        Bad("rows mismatch", lambda: analogy(WORDS, VECS[:3], "man", "king", "woman"),
            match="vectors has 3 rows"),
        Bad("k too big", lambda: analogy(WORDS, VECS, "man", "king", "woman", k=2),
            match="k = 2"),
        Bad("number as word", lambda: analogy(WORDS, VECS, 1, "king", "woman"), match="a"),
        Bad("exclude not bool", lambda: analogy(WORDS, VECS, "man", "king", "woman",
                                                exclude_query="yes"), match="exclude_query"),
        Bad("NaN vectors", lambda: analogy(WORDS, np.full((4, 2), NAN), "man", "king",
                                           "woman"), match="vectors"),
        Bad("k zero", lambda: analogy(WORDS, VECS, "man", "king", "woman", k=0), match="k"),
    ],
    "lib.embeddings.analogy_offset": [
        Bad("unknown word", lambda: analogy_offset(WORDS, VECS, "man", "zzz", "woman"),
            match="'zzz'"),
        Bad("number as word", lambda: analogy_offset(WORDS, VECS, "man", 2, "woman"), match="b"),
        Bad("rows mismatch", lambda: analogy_offset(WORDS, VECS[:2], "man", "king", "woman"),
            match="vectors has 2 rows"),
        Bad("zero vector of a", lambda: analogy_offset(WORDS, np.vstack([np.zeros(2), VECS[1:]]),
                                                       "man", "king", "woman"), match="vectors"),
        Bad("NaN vectors", lambda: analogy_offset(WORDS, np.full((4, 2), NAN), "man", "king",
                                                  "woman"), match="vectors"),
        Bad("words None", lambda: analogy_offset(None, VECS, "man", "king", "woman"),
            match="words"),
    ],
    "lib.embeddings.evaluate_analogies": [
        Bad("three columns", lambda: evaluate_analogies(WORDS, VECS, [["man", "king", "woman"]]),
            match="questions"),
        Bad("no usable question", lambda: evaluate_analogies(WORDS, VECS, [["a", "b", "c", "d"]]),
            match="none of the 1 questions"),
        Bad("numbers", lambda: evaluate_analogies(WORDS, VECS, np.ones((2, 4))),
            match="questions"),
        Bad("sections length", lambda: evaluate_analogies(
            WORDS, VECS, [["man", "king", "woman", "queen"]], sections=["a", "b"]),
            match="sections"),
        Bad("vocab_size zero", lambda: evaluate_analogies(
            WORDS, VECS, [["man", "king", "woman", "queen"]], vocab_size=0), match="vocab_size"),
        Bad("vocab_size float", lambda: evaluate_analogies(
            WORDS, VECS, [["man", "king", "woman", "queen"]], vocab_size=3.5),
            match="vocab_size"),
        Bad("empty questions", lambda: evaluate_analogies(WORDS, VECS, np.zeros((0, 4), str)),
            match="questions"),
        Bad("3-D vectors", lambda: evaluate_analogies(WORDS, np.ones((4, 2, 1)),
                                                      [["man", "king", "woman", "queen"]]),
            match="vectors"),
    ],
    "lib.embeddings.spearman_rho": [
        Bad("length mismatch", lambda: spearman_rho([1, 2, 3], [1, 2]), match="x has shape"),
        Bad("constant x", lambda: spearman_rho([1, 1, 1], [1, 2, 3]), match="x is constant"),
        Bad("one pair", lambda: spearman_rho([1], [2]), match="at least 2"),
        Bad("NaN y", lambda: spearman_rho([1, 2], [NAN, 1]), match="y"),
        Bad("strings", lambda: spearman_rho(["a", "b"], [1, 2]), match="x"),
        Bad("2-D", lambda: spearman_rho(np.ones((2, 2)), np.ones((2, 2))), match="x"),
    ],
    "lib.embeddings.similarity_correlation": [
        Bad("too few known pairs", lambda: similarity_correlation(
            WORDS, VECS, [["man", "king"], ["man", "zz"]], [1.0, 2.0]), match="only 1 of the 2"),
        Bad("scores length", lambda: similarity_correlation(
            WORDS, VECS, [["man", "king"], ["man", "queen"]], [1.0]), match="scores"),
        Bad("pair of three", lambda: similarity_correlation(
            WORDS, VECS, [["man", "king", "queen"]], [1.0]), match="pairs"),
        Bad("NaN score", lambda: similarity_correlation(
            WORDS, VECS, [["man", "king"], ["man", "queen"]], [1.0, NAN]), match="scores"),
        Bad("numeric pairs", lambda: similarity_correlation(WORDS, VECS, [[1, 2]], [1.0]),
            match="pairs"),
        Bad("words vs vectors", lambda: similarity_correlation(
            WORDS[:2], VECS, [["man", "king"]], [1.0]), match="words has 2 entries"),
    ],
    "lib.embeddings.build_vocabulary": [
        Bad("string corpus", lambda: build_vocabulary("the cat"), match="corpus"),
        Bad("string documents", lambda: build_vocabulary(["the cat"]), match=r"corpus\[0\]"),
        Bad("numeric token", lambda: build_vocabulary([["a", 1]]), match=r"corpus\[0\]\[1\]"),
        Bad("no tokens", lambda: build_vocabulary([[], []]), match="no tokens"),
        Bad("min_count too high", lambda: build_vocabulary(CORPUS, min_count=5),
            match="min_count"),
        Bad("max_size zero", lambda: build_vocabulary(CORPUS, max_size=0), match="max_size"),
        Bad("None corpus", lambda: build_vocabulary(None), match="corpus"),
    ],
    "lib.embeddings.cooccurrence_matrix": [
        Bad("zero window", lambda: cooccurrence_matrix(CORPUS, 0, VOCAB), match="window"),
        Bad("float window", lambda: cooccurrence_matrix(CORPUS, 1.5, VOCAB), match="window"),
        Bad("repeated vocab", lambda: cooccurrence_matrix(CORPUS, 1, ["the", "the"]),
            match="vocab"),
        Bad("empty vocab", lambda: cooccurrence_matrix(CORPUS, 1, []), match="vocab"),
        Bad("vocab a string", lambda: cooccurrence_matrix(CORPUS, 1, "the"), match="vocab"),
        Bad("corpus of str", lambda: cooccurrence_matrix("the cat", 1, VOCAB), match="corpus"),
    ],
    "lib.embeddings.ppmi_matrix": [
        Bad("alpha zero", lambda: ppmi_matrix(CORPUS, 1, VOCAB, alpha=0.0), match="alpha"),
        Bad("alpha above one", lambda: ppmi_matrix(CORPUS, 1, VOCAB, alpha=2.0), match="alpha"),
        Bad("NaN alpha", lambda: ppmi_matrix(CORPUS, 1, VOCAB, alpha=NAN), match="alpha"),
        Bad("no co-occurrence", lambda: ppmi_matrix([["the"], ["sat"]], 1, VOCAB),
            match="all counts are 0"),
        Bad("window None", lambda: ppmi_matrix(CORPUS, None, VOCAB), match="window"),
        Bad("ragged tokens", lambda: ppmi_matrix([["the", None]], 1, VOCAB), match="corpus"),
    ],
    "lib.embeddings.svd_embeddings": [
        Bad("dim too large", lambda: svd_embeddings(np.eye(4), 4), match="dim"),
        Bad("dim zero", lambda: svd_embeddings(np.eye(4), 0), match="dim"),
        Bad("all zeros", lambda: svd_embeddings(np.zeros((4, 4)), 2), match="all zeros"),
        Bad("power out of range", lambda: svd_embeddings(np.eye(4), 2, power=2.0),
            match="power"),
        Bad("1-D", lambda: svd_embeddings(np.ones(4), 1), match="M"),
        Bad("NaN", lambda: svd_embeddings(np.full((3, 3), NAN), 1), match="M"),
        Bad("single row", lambda: svd_embeddings(np.ones((1, 4)), 1), match="M has shape"),
    ],
    "lib.embeddings.skipgram_pairs": [
        Bad("zero window", lambda: skipgram_pairs([[0, 1]], 0), match="window"),
        Bad("no pairs", lambda: skipgram_pairs([[0], [1]], 1), match="no pair"),
        Bad("2-D sequence", lambda: skipgram_pairs([[[0, 1]]], 1), match=r"ids\[0\]"),
        Bad("float ids", lambda: skipgram_pairs([[0.5, 1.0]], 1), match=r"ids\[0\]"),
        Bad("None", lambda: skipgram_pairs(None, 1), match="ids"),
        Bad("ragged sequence", lambda: skipgram_pairs([[[0], [1, 2]]], 1), match=r"ids\[0\]"),
    ],
    "lib.embeddings.sgns_loss": [
        Bad("shape mismatch", lambda: sgns_loss(W3, np.ones((4, 2)), [0], [1], [[2]]),
            match="W_in has shape"),
        Bad("contexts length", lambda: sgns_loss(W3, W3, [0, 1], [1], [[2], [2]]),
            match="contexts"),
        Bad("negative id out of range", lambda: sgns_loss(W3, W3, [0], [1], [[3]]),
            match="negatives"),
        Bad("negatives 1-D", lambda: sgns_loss(W3, W3, [0], [1], [2]), match="negatives"),
        Bad("NaN weights", lambda: sgns_loss(np.full((3, 2), NAN), W3, [0], [1], [[2]]),
            match="W_in"),
        Bad("empty batch", lambda: sgns_loss(W3, W3, [], [], np.zeros((0, 1), int)),
            match="centers"),
        Bad("float centers", lambda: sgns_loss(W3, W3, [0.5], [1], [[2]]), match="centers"),
    ],
    "lib.embeddings.train_skipgram": [
        Bad("None rng", lambda: train_skipgram(CORPUS, VOCAB, rng=None), match="rng"),
        Bad("zero epochs", lambda: train_skipgram(CORPUS, VOCAB, epochs=0, rng=0),
            match="epochs"),
        Bad("negative lr", lambda: train_skipgram(CORPUS, VOCAB, lr=-0.1, rng=0), match="lr"),
        Bad("zero subsample", lambda: train_skipgram(CORPUS, VOCAB, subsample=0.0, rng=0),
            match="subsample"),
        Bad("vocab not in corpus", lambda: train_skipgram(CORPUS, ["zebra"], rng=0),
            match="vocab"),
        Bad("string rng", lambda: train_skipgram(CORPUS, VOCAB, rng="0"), match="rng"),
        Bad("zero negatives", lambda: train_skipgram(CORPUS, VOCAB, n_negatives=0, rng=0),
            match="n_negatives"),
    ],
    "lib.embeddings.pair_direction": [
        Bad("shape mismatch", lambda: pair_direction(np.ones((2, 3)), np.ones((3, 3))),
            match="first has shape"),
        Bad("cancelling pairs", lambda: pair_direction([[1.0, 0.0], [0.0, 1.0]],
                                                       [[0.0, 1.0], [1.0, 0.0]]),
            match="cancel"),
        Bad("zero vector", lambda: pair_direction([[0.0, 0.0]], [[1.0, 0.0]]), match="first"),
        Bad("1-D", lambda: pair_direction([1.0, 0.0], [0.0, 1.0]), match="first"),
        Bad("empty", lambda: pair_direction(np.zeros((0, 2)), np.zeros((0, 2))), match="first"),
        Bad("NaN second", lambda: pair_direction([[1.0, 0.0]], [[NAN, 0.0]]), match="second"),
    ],
}
