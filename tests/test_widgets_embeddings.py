"""Tests for the chapter 7 explorers (lib/widgets/embeddings.py)."""

import numpy as np
import pytest

from lib.data import load_glove
from lib.embeddings import analogy, analogy_offset, cosine_similarity
from lib.widgets.embeddings import (
    BINS,
    C_WORDS,
    NEIGHBOR_WORDS,
    RELATIONS,
    AnalogyBuilder,
    NeighborExplorer,
    analogy_builder,
    neighbor_explorer,
)


@pytest.fixture(scope="module")
def glove30k():
    return load_glove(30000)


@pytest.fixture(scope="module")
def neighbors():
    return NeighborExplorer(static=False)


@pytest.fixture(scope="module")
def builder():
    return AnalogyBuilder(static=False)


def test_neighbors_are_the_largest_cosines(neighbors, glove30k):
    words, vectors = glove30k
    s = neighbors.update(word="frog")
    row = words.index("frog")
    cosines = cosine_similarity(vectors[row], vectors)
    cosines[row] = -np.inf
    expected = np.argsort(-cosines, kind="stable")[:10]
    assert [w for w, _ in s["neighbors"]] == [words[i] for i in expected]
    np.testing.assert_allclose([c for _, c in s["neighbors"]], cosines[expected], atol=1e-6)
    assert s["rank"] == row + 1
    assert "<b>frog</b>" in neighbors.readout_html
    assert ">toad</td><td style='text-align:right;padding-right:0.5em'>0.791</td>" in \
        neighbors.readout_html


def test_neighbor_histogram_and_marks_move(neighbors, glove30k):
    words, vectors = glove30k
    s = neighbors.update(word="seven")
    row = words.index("seven")
    others = np.delete(cosine_similarity(vectors[row], vectors), row)
    counts, _ = np.histogram(others, bins=BINS)
    np.testing.assert_allclose(s["fractions"], counts / others.size)
    np.testing.assert_allclose(neighbors.hist.get_data().values, s["fractions"])
    assert s["fractions"].sum() == pytest.approx(1.0)
    x, _ = neighbors.marks.get_data()
    np.testing.assert_allclose(x[0::3], [c for _, c in s["neighbors"]])
    assert {"five", "six", "eight"} <= {w for w, _ in s["neighbors"]}
    # With a kernel any vocabulary word works.
    assert neighbors.update(word="toad")["neighbors"][0][0] == "frog"


def test_analogy_builder_king_queen_and_the_exclusion_effect(builder, glove30k):
    words, vectors = glove30k
    s = builder.update(relation=0, c="king", exclude=True)
    assert s["answers"][0][0] == "queen"
    reference = analogy(words, vectors, "man", "woman", "king", k=5)
    assert [w for w, _ in s["answers"]] == [w for w, _ in reference]
    np.testing.assert_allclose([c for _, c in s["answers"]], [c for _, c in reference], atol=1e-6)
    assert "≈ <b>queen</b>" in builder.readout_html
    s = builder.update(exclude=False)
    assert s["answers"][0][0] == "king" and "a query word" in builder.readout_html
    assert ">king</td>" in builder.readout_html and "#d62728" in builder.readout_html
    # The query words' marks sit at their cosines with the target b - a + c.
    target = analogy_offset(words, vectors, "man", "woman", "king")
    expected = cosine_similarity(vectors[[words.index(w) for w in ("man", "woman", "king")]],
                                 target)
    np.testing.assert_allclose(s["query_cosines"], expected, atol=1e-6)
    np.testing.assert_allclose(builder.query_marks.get_data()[0][0::3], expected, atol=1e-6)
    assert max(s["query_cosines"]) == pytest.approx(s["answers"][0][1], abs=1e-6)


@pytest.mark.parametrize("relation, c, expected", [(1, "italy", "rome"), (2, "bad", "worse"),
                                                   (3, "swim", "swam")])
def test_each_relation_has_its_textbook_answer(builder, relation, c, expected):
    s = builder.update(relation=relation, c=c, exclude=True)
    assert s["answers"][0][0] == expected


def test_static_lookup_has_one_picture_per_combination():
    explorer = NeighborExplorer(words=("frog", "king"), static=True)
    assert len(explorer.lookup.frames) == 2 and explorer.lookup.shape == [2]
    assert len(set(explorer.lookup.readouts)) == 2
    builder = AnalogyBuilder(relations=RELATIONS[:2], c_words=C_WORDS[:2], static=True)
    assert len(builder.lookup.frames) == 2 * 2 * 2


def test_defaults_and_display_helpers():
    assert len(NEIGHBOR_WORDS) == 12 and len(RELATIONS) == len(C_WORDS) == 4
    assert neighbor_explorer(words=("frog", "king"), static=False).children
    assert analogy_builder(relations=RELATIONS[:2], c_words=C_WORDS[:2], static=False).children


def test_bad_options():
    with pytest.raises(ValueError, match="'zzzqx'"):
        NeighborExplorer(words=("frog", "zzzqx"), static=False)
    with pytest.raises(ValueError, match="k must be"):
        NeighborExplorer(k=0, static=False)
    with pytest.raises(ValueError, match="each relation must be a pair"):
        AnalogyBuilder(relations=[("a", "b", "c"), ("man", "woman")], static=False)
    with pytest.raises(ValueError, match="word=.*not offered"):
        NeighborExplorer(static=False, word="toad")
