"""Bad inputs for lib.data (the loaders without arguments need no probes)."""

import numpy as np

from fuzz import Bad, bad_counts, bad_reals, bad_rngs
from lib.data import (
    digits_subset,
    load_digits_split,
    load_glove,
    moons,
    noisy_line,
    nonlinear_1d,
    sine_problem,
    spirals,
)

PROBES = {
    "lib.data.load_digits_split": (
        bad_reals(lambda v: load_digits_split(test_size=v), "test_size")
        + bad_counts(lambda n: load_digits_split(seed=n), "seed", skip=("zero",))
        + [
            Bad("test_size of 1", lambda: load_digits_split(test_size=1.0),
                match=r"test_size must lie in \(0.0, 1.0\)"),
            Bad("test_size of 0", lambda: load_digits_split(test_size=0.0), match="test_size"),
            Bad("a seed too large", lambda: load_digits_split(seed=2**40), match="seed"),
            Bad("standardize a string", lambda: load_digits_split(standardize="no"),
                match="standardize must be True or False"),
        ]
    ),
    "lib.data.digits_subset": (
        bad_counts(lambda n: digits_subset(n_train=n), "n_train")
        + bad_counts(lambda n: digits_subset(n_val=n), "n_val")
        + [Bad("more than the split holds", lambda: digits_subset(1000, 1000),
               match="n_train \\+ n_val = 2000")]
    ),
    "lib.data.moons": (
        bad_counts(lambda n: moons(n=n, rng=0), "n")
        + bad_reals(lambda v: moons(noise=v, rng=0), "noise")
        + bad_rngs(lambda r: moons(rng=r))
        + [Bad("one point", lambda: moons(n=1, rng=0), match="n must be an integer >= 2")]
    ),
    "lib.data.spirals": (
        bad_counts(lambda n: spirals(n_per_class=n, rng=0), "n_per_class")
        + bad_counts(lambda n: spirals(n_classes=n, rng=0), "n_classes")
        + bad_reals(lambda v: spirals(noise=v, rng=0), "noise")
        + bad_rngs(lambda r: spirals(rng=r))
        + [Bad("negative noise", lambda: spirals(noise=-0.1, rng=0), match="noise must lie in")]
    ),
    "lib.data.nonlinear_1d": (
        bad_counts(lambda n: nonlinear_1d(n=n, rng=0), "n")
        + bad_reals(lambda v: nonlinear_1d(noise=v, rng=0), "noise")
        + bad_rngs(lambda r: nonlinear_1d(rng=r))
    ),
    "lib.data.load_glove": (
        # vocab_size=None (the default) means every word, so None is not bad here
        bad_counts(lambda n: load_glove(vocab_size=n), "vocab_size", skip=("None",))
        + [Bad("more words than GloVe has", lambda: load_glove(vocab_size=400_001),
               match=r"vocab_size must be an integer in \[1, 400000\]")]
    ),
    "lib.data.noisy_line": (
        bad_counts(lambda n: noisy_line(n=n), "n")
        + bad_reals(lambda v: noisy_line(slope=v), "slope")
        + bad_reals(lambda v: noisy_line(intercept=v), "intercept")
        + bad_reals(lambda v: noisy_line(noise=v), "noise")
        # seed=0 is a valid RandomState seed
        + bad_counts(lambda s: noisy_line(seed=s), "seed", skip=("zero",))
        + [
            Bad("a Generator as seed", lambda: noisy_line(seed=np.random.default_rng(7)),
                match="seed must be an int: these data are drawn with numpy.random.RandomState"),
            Bad("a seed too large", lambda: noisy_line(seed=2**32), match="seed"),
            Bad("negative noise", lambda: noisy_line(noise=-0.1), match="noise must lie in"),
            Bad("xlim reversed", lambda: noisy_line(xlim=(1.0, -1.0)), match="low < high"),
            Bad("xlim empty", lambda: noisy_line(xlim=(2.0, 2.0)), match="low < high"),
            Bad("xlim a number", lambda: noisy_line(xlim=3.0), match="xlim must be a pair"),
            Bad("xlim of three", lambda: noisy_line(xlim=(0, 1, 2)), match="xlim must be a pair"),
            Bad("xlim a string", lambda: noisy_line(xlim="ab"), match="xlim must be a pair"),
            Bad("xlim with NaN", lambda: noisy_line(xlim=(0.0, float("nan"))),
                match=r"xlim\[1\] must be finite"),
        ]
    ),
    "lib.data.sine_problem": (
        bad_counts(lambda n: sine_problem(n=n), "n")
        + bad_counts(lambda h: sine_problem(hidden=h), "hidden")
        + bad_reals(lambda v: sine_problem(noise=v), "noise")
        + bad_reals(lambda v: sine_problem(weight_scale=v), "weight_scale")
        + bad_counts(lambda s: sine_problem(seed=s), "seed", skip=("zero",))
        + [
            Bad("a RandomState as seed", lambda: sine_problem(seed=np.random.RandomState(3)),
                match="seed must be an int"),
            Bad("a seed too large", lambda: sine_problem(seed=2**40), match="seed"),
            Bad("negative weight_scale", lambda: sine_problem(weight_scale=-0.5),
                match="weight_scale must lie in"),
            Bad("one point", lambda: sine_problem(n=1), match="n must be an integer >= 2"),
        ]
    ),
}
