"""Bad inputs for lib.gradcheck."""

import numpy as np

from fuzz import Bad, bad_arrays, bad_reals
from lib.gradcheck import check_gradients, compare, numerical_gradient, relative_error


def _square(v):
    return float(v @ v)


def _read_only():
    x = np.zeros(2)
    x.flags.writeable = False
    return x


PROBES = {
    "lib.gradcheck.numerical_gradient": (
        bad_reals(lambda v: numerical_gradient(_square, np.zeros(2), h=v), "h")
        + [
            Bad("f not callable", lambda: numerical_gradient(3.0, np.zeros(2)),
                match="f must be a function"),
            Bad("x a list", lambda: numerical_gradient(_square, [1.0, 2.0]),
                match="x must be a float64 ndarray"),
            Bad("x of integers", lambda: numerical_gradient(_square, np.zeros(2, dtype=int)),
                match="x must be a float64 ndarray"),
            Bad("x read-only", lambda: numerical_gradient(_square, _read_only()),
                match="x is read-only"),
            Bad("x with NaN", lambda: numerical_gradient(_square, np.array([np.nan, 1.0])),
                match="x must be finite"),
            Bad("f returns a tuple", lambda: numerical_gradient(lambda v: (1.0, v), np.zeros(2)),
                match=r"f\(x\) must return one number .* take element \[0\]"),
            Bad("f returns an array", lambda: numerical_gradient(lambda v: v, np.zeros(2)),
                match=r"f\(x\) must return one real number"),
            Bad("f returns NaN", lambda: numerical_gradient(lambda v: np.nan, np.zeros(2)),
                match=r"f\(x\) must return a finite number"),
            Bad("negative h", lambda: numerical_gradient(_square, np.zeros(2), h=-1e-5), match="h"),
        ]
    ),
    "lib.gradcheck.relative_error": (
        bad_arrays(lambda v: relative_error(v, [[1.0, 2.0]]), "a")
        + bad_arrays(lambda v: relative_error([[1.0, 2.0]], v), "b")
        + [Bad("shapes differ", lambda: relative_error([1.0, 2.0], [1.0]),
               match=r"a has shape \(2,\) but b has shape \(1,\)")]
    ),
    "lib.gradcheck.check_gradients": (
        bad_reals(lambda v: check_gradients(lambda: 0.0, [np.zeros(2)], [np.zeros(2)], tol=v),
                  "tol")
        + bad_arrays(lambda v: check_gradients(lambda: 0.0, [np.zeros((1, 2))], [v]), "grads[0]")
        + [
            Bad("f not callable", lambda: check_gradients(None, [np.zeros(2)], [np.zeros(2)]),
                match="f must be a function"),
            Bad("params one array", lambda: check_gradients(lambda: 0.0, np.zeros(2),
                                                            [np.zeros(2)]),
                match="params must be a list"),
            Bad("more grads than params", lambda: check_gradients(lambda: 0.0, [np.zeros(2)],
                                                                  [np.zeros(2), np.zeros(2)]),
                match="got 1 params but 2 grads"),
            Bad("a gradient of the wrong shape", lambda: check_gradients(
                lambda: 0.0, [np.zeros(2)], [np.zeros(3)]),
                match=r"grads\[0\] has shape \(3,\) but params\[0\]"),
            Bad("names a string", lambda: check_gradients(lambda: 0.0, [np.zeros(2)],
                                                          [np.zeros(2)], names="W"),
                match="names must be a list of str"),
            Bad("too few names", lambda: check_gradients(lambda: 0.0, [np.zeros(2)],
                                                         [np.zeros(2)], names=[]),
                match="got 0 names for 1 params"),
            Bad("an integer parameter", lambda: check_gradients(
                lambda: 0.0, [np.zeros(2, dtype=int)], [np.zeros(2)]),
                match=r"params\[0\] must be a float64 ndarray"),
            Bad("h of zero", lambda: check_gradients(lambda: 0.0, [np.zeros(2)], [np.zeros(2)],
                                                     h=0.0), match="h must lie in"),
        ]
    ),
    "lib.gradcheck.compare": (
        bad_arrays(lambda v: compare("x", v, [[1.0, 2.0]], show=False), "ours")
        + bad_arrays(lambda v: compare("x", [[1.0, 2.0]], v, show=False), "reference")
        + bad_reals(lambda v: compare("x", 1.0, 1.0, tol=v, show=False), "tol")
        + [
            Bad("name not a string", lambda: compare(3, 1.0, 1.0, show=False),
                match="name must be a str"),
            Bad("show a string", lambda: compare("x", 1.0, 1.0, show="no"),
                match="show must be True or False"),
            Bad("negative tol", lambda: compare("x", 1.0, 1.0, tol=-1.0, show=False),
                match="tol must lie in"),
        ]
    ),
}
