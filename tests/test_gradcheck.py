"""Tests for lib.gradcheck, itself checked against an independent central difference,
closed-form gradients and autograd."""

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from lib.activations import tanh, tanh_derivative
from lib.gradcheck import (
    Comparison,
    GradCheckReport,
    check_gradients,
    compare,
    numerical_gradient,
    relative_error,
)
from lib.layers import dense_forward
from lib.losses import softmax_cross_entropy


def inline_central_difference(f, x, h=1e-5):
    """A second, separate central difference: copies instead of in-place changes."""
    flat = x.ravel()
    out = np.empty(flat.size)
    for i in range(flat.size):
        step = np.zeros(flat.size)
        step[i] = h
        out[i] = (f((flat + step).reshape(x.shape)) - f((flat - step).reshape(x.shape))) / (2 * h)
    return out.reshape(x.shape)


def smooth_function(x):
    return float(np.sum(np.sin(x) * x**2) + np.prod(np.cos(x)))


def smooth_function_autograd(x):
    return anp.sum(anp.sin(x) * x**2) + anp.prod(anp.cos(x))


# numerical_gradient -------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(), (5,), (3, 4), (2, 2, 3)])
def test_numerical_gradient_matches_an_independent_central_difference(shape):
    x = np.random.default_rng(0).normal(size=shape)
    ours = numerical_gradient(smooth_function, x)
    theirs = inline_central_difference(smooth_function, x)
    assert ours.shape == x.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


def test_numerical_gradient_matches_closed_forms_and_autograd():
    rng = np.random.default_rng(1)
    A, x = rng.normal(size=(4, 4)), rng.normal(size=4)
    numeric = numerical_gradient(lambda v: float(v @ A @ v), x)
    assert relative_error(numeric, (A + A.T) @ x) <= 1e-8  # d(xᵀAx)/dx = (A + Aᵀ)x
    X = rng.normal(size=(3, 2))
    numeric = numerical_gradient(smooth_function, X)
    assert relative_error(numeric, grad(smooth_function_autograd)(X)) <= 1e-8


def test_numerical_gradient_restores_x_exactly():
    x = np.random.default_rng(2).normal(size=(3, 3))
    before = x.copy()
    numerical_gradient(smooth_function, x)
    np.testing.assert_array_equal(x, before)  # bit for bit, not merely close


def test_numerical_gradient_restores_x_when_f_fails():
    x = np.array([1.0, 2.0, 3.0])
    calls = []

    def fails_on_third_call(v):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return float(v.sum())

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(fails_on_third_call, x)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])


def test_numerical_gradient_works_for_parameters_read_by_reference():
    rng = np.random.default_rng(3)
    W, X = rng.normal(size=(2, 3)), rng.normal(size=(4, 3))

    def loss(_):  # ignores its argument: it reads W, which is perturbed in place
        return float(np.sum(tanh(X @ W.T)))

    analytic = tanh_derivative(X @ W.T).T @ X  # dL/dW = (1 - tanh²(Z))ᵀ X
    assert relative_error(numerical_gradient(loss, W), analytic) <= 1e-7


@given(arrays(np.float64, array_shapes(max_dims=2, max_side=4), elements=st.floats(-3, 3)))
def test_numerical_gradient_of_a_quadratic_is_nearly_exact(x):
    # For a quadratic the central difference has no truncation error, only rounding.
    numeric = numerical_gradient(lambda v: float(np.sum(v * v)), x)
    np.testing.assert_allclose(numeric, 2 * x, rtol=0, atol=1e-9)


# relative_error -----------------------------------------------------------------------


def test_relative_error_formula():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0, 2.0], [1.0, 2.2]) == pytest.approx(0.2 / 4.2)
    assert relative_error([0.0], [1e-3]) == 1.0  # zero against nonzero
    assert relative_error([1.0], [-1.0]) == 1.0  # opposite signs
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0  # 0/0 counts as agreement
    assert relative_error(np.zeros((0, 3)), np.zeros((0, 3))) == 0.0
    # The worst entry decides, even when it is small in absolute terms.
    # Differences count against the array's largest entries, so rounding noise in a
    # nearly-zero entry does not swamp the measure ...
    assert relative_error([100.0, 1e-9], [100.0, 2e-9]) == pytest.approx(1e-9 / 200)
    # ... while a wrong large entry still does.
    assert relative_error([100.0, 1e-9], [50.0, 1e-9]) == pytest.approx(50 / 150)


@given(arrays(np.float64, st.integers(1, 6), elements=st.floats(-1e6, 1e6)), st.data())
def test_relative_error_lies_in_unit_interval_and_is_symmetric(a, data):
    b = data.draw(arrays(np.float64, a.shape, elements=st.floats(-1e6, 1e6)))
    error = relative_error(a, b)
    assert 0.0 <= error <= 1.0
    assert error == relative_error(b, a)


def test_relative_error_bad_input():
    with pytest.raises(ValueError, match=r"a has shape \(2,\) but b has shape \(3,\)"):
        relative_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match=r"b\[0\] = nan"):
        relative_error([1.0], [np.nan])


# check_gradients on a tiny two-layer network built from lib pieces ----------------------


def tiny_network(seed=4):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 4, size=6)
    W1, b1 = rng.normal(size=(5, 3)), rng.normal(size=5)
    W2, b2 = rng.normal(size=(4, 5)), rng.normal(size=4)
    params = [W1, b1, W2, b2]

    def loss():
        hidden = tanh(dense_forward(X, W1, b1))
        return softmax_cross_entropy(dense_forward(hidden, W2, b2), y)[0]

    def backprop():
        Z1 = dense_forward(X, W1, b1)
        H = tanh(Z1)
        _, dZ2 = softmax_cross_entropy(dense_forward(H, W2, b2), y)
        dZ1 = (dZ2 @ W2) * tanh_derivative(Z1)
        return [dZ1.T @ X, dZ1.sum(axis=0), dZ2.T @ H, dZ2.sum(axis=0)]

    return loss, params, backprop()


def test_check_gradients_passes_for_correct_backprop():
    loss, params, grads = tiny_network()
    before = [p.copy() for p in params]
    report = check_gradients(loss, params, grads, names=["W1", "b1", "W2", "b2"])
    assert isinstance(report, GradCheckReport)
    assert report.passed is True
    assert report.max_error <= 1e-6 and len(report.errors) == 4
    for p, q in zip(params, before, strict=True):
        np.testing.assert_array_equal(p, q)  # parameters restored
    # The numerical gradients agree with the independent central difference too.
    W1 = params[0]
    independent = inline_central_difference(lambda v: _with_value(W1, v, loss), W1.copy())
    np.testing.assert_allclose(report.numerical[0], independent, rtol=1e-7, atol=1e-10)


def _with_value(array, value, f):
    saved = array.copy()
    array[...] = value
    try:
        return f()
    finally:
        array[...] = saved


def test_check_gradients_catches_a_wrong_gradient_and_names_it():
    loss, params, grads = tiny_network()
    grads[3] = 2 * grads[3]  # a classic bug: a stray factor of 2 in db2
    report = check_gradients(loss, params, grads, names=["W1", "b1", "W2", "b2"])
    assert not report.passed
    assert report.errors[3] == pytest.approx(1 / 3, rel=1e-4)  # |2g - g| / (|2g| + |g|)
    text = str(report)
    lines = text.splitlines()
    assert lines[0].split() == ["parameter", "max", "rel.", "error", "status"]
    assert lines[4].startswith("b2") and lines[4].endswith("FAIL")
    assert all(line.endswith("ok") for line in lines[1:4])
    assert len({line.rindex(" ") for line in lines[1:5]}) == 1  # status column aligned
    assert len({line.index("e-") for line in lines[1:5]}) == 1  # error column aligned
    assert lines[1].split()[1:] == ["<=", "1e-06", "ok"]  # a passing error: its bound
    assert lines[-1].startswith("FAILED: tolerance 1e-06")


def test_check_gradients_default_names_and_tolerance():
    x = np.array([1.0, -2.0])
    report = check_gradients(lambda: float(np.sum(x**3)), [x], [3 * x**2])
    assert report.names == ["params[0]"] and report.tol == 1e-6 and report.passed
    assert "passed" in str(report)


def test_check_gradients_pairs_params_and_grads():
    x, w = np.zeros(3), np.zeros((2, 2))
    with pytest.raises(ValueError, match="got 2 params but 1 grads"):
        check_gradients(lambda: 0.0, [x, w], [x])
    with pytest.raises(
        ValueError, match=r"grads\[1\] has shape \(2,\) but params\[1\] \(W\) has shape \(2, 2\)"
    ):
        check_gradients(lambda: 0.0, [x, w], [x, np.zeros(2)], names=["x", "W"])
    with pytest.raises(ValueError, match="got 1 names for 2 params"):
        check_gradients(lambda: 0.0, [x, w], [x, w], names=["x"])


def test_parameters_must_be_writable_float_arrays():
    with pytest.raises(TypeError, match=r"params\[0\] must be a float64 ndarray .* got list"):
        check_gradients(lambda: 0.0, [[1.0, 2.0]], [[0.0, 0.0]])
    with pytest.raises(TypeError, match="x must be a float64 ndarray .* dtype int64"):
        numerical_gradient(lambda v: 0.0, np.array([1, 2]))
    frozen = np.zeros(2)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="x is read-only"):
        numerical_gradient(lambda v: 0.0, frozen)
    with pytest.raises(ValueError, match=r"x must be finite, but x\[1\] = nan"):
        numerical_gradient(lambda v: 0.0, np.array([0.0, np.nan]))


def test_f_must_return_one_finite_number():
    x = np.zeros(2)
    with pytest.raises(TypeError, match="got a tuple of 2.*take element \\[0\\]"):
        numerical_gradient(lambda v: softmax_cross_entropy(v[None, :], [0]), x)
    with pytest.raises(TypeError, match=r"one real number, got ndarray of shape \(2,\)"):
        numerical_gradient(lambda v: v * 2, x)
    with pytest.raises(TypeError, match="one real number, got str"):
        numerical_gradient(lambda v: "0.5", x)
    with pytest.raises(ValueError, match="finite number, got nan"):
        numerical_gradient(lambda v: float("nan"), x)
    with pytest.raises(ValueError, match="finite number, got inf"):
        check_gradients(lambda: np.inf, [x], [x])


@pytest.mark.parametrize("h", [0.0, -1e-5, np.nan, "small"])
def test_step_must_be_positive(h):
    error = TypeError if isinstance(h, str) else ValueError
    with pytest.raises(error, match=r"h must (lie in \(0.0, inf\)|be finite|be a real number)"):
        numerical_gradient(lambda v: 0.0, np.zeros(1), h=h)


# compare -----------------------------------------------------------------------------


def test_compare_lines(capsys):
    exact = compare("W", np.eye(2), np.eye(2))
    close = compare("sum", 0.1 + 0.2, 0.3)
    wrong = compare("db", [1.0, 2.0], [1.0, 2.5])
    shapes = compare("dX", np.zeros((2, 3)), np.zeros((3, 2)))
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        "W: exact",
        "sum: close (max diff < 1e-07)",  # the bound, never the noise-level digits
        "db: WRONG (max diff 0.5)",
        "dX: WRONG (shape (2, 3) but the reference has shape (3, 2))",
    ]
    assert [c.status for c in (exact, close, wrong, shapes)] == ["exact", "close", "WRONG", "WRONG"]
    assert exact.ok and close.ok and not wrong.ok and not shapes.ok
    assert isinstance(close, Comparison) and str(close) == printed[1]
    assert close.max_diff == pytest.approx(5.55e-17, rel=1e-2)


def test_compare_tolerance_is_relative_for_large_values(capsys):
    assert compare("big", 1e6 + 0.01, 1e6, show=False).status == "close"  # 1e-8 relative
    assert compare("small", 0.01, 0.0, show=False).status == "WRONG"
    assert compare("loose", 0.01, 0.0, tol=0.1, show=False).status == "close"
    assert capsys.readouterr().out == ""


def test_compare_against_finite_differences():
    x = np.random.default_rng(5).normal(size=4)
    ours = grad(smooth_function_autograd)(x)
    result = compare("grad", ours, numerical_gradient(smooth_function, x))
    assert result.status == "close"


def test_compare_bad_input():
    with pytest.raises(ValueError, match=r"ours must be finite, but ours\[0\] = nan"):
        compare("x", [np.nan], [0.0])
    with pytest.raises(TypeError, match="reference must hold real numbers"):
        compare("x", [0.0], ["0"])


# --- regressions of the fuzz (issue 8) -----------------------------------------------------


def test_relative_error_near_the_largest_float_stays_in_0_1():
    # relative_error([1e308], [-1e308]) was NaN (inf / inf) though documented in [0, 1].
    assert relative_error([1e308], [-1e308]) == 1.0
    assert relative_error([1e308], [1e308]) == 0.0
    assert relative_error([1.7e308, 1.0], [1.6e308, 1.0]) == pytest.approx(0.1 / 3.3, rel=1e-12)
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0  # 0/0 kept away by the tiny floor


def test_bad_settings_name_the_argument():
    x = np.zeros(2)
    with pytest.raises(TypeError, match="f must be a function"):
        numerical_gradient("loss", x)
    with pytest.raises(ValueError, match=r"h must lie in \(0.0, inf\), got 0.0"):
        numerical_gradient(lambda v: 0.0, x, h=0.0)
    with pytest.raises(ValueError, match="tol must be finite, got nan"):
        check_gradients(lambda: 0.0, [x], [x], tol=float("nan"))
    with pytest.raises(TypeError, match="params must be a list"):
        check_gradients(lambda: 0.0, x, [x])
    with pytest.raises(TypeError, match="names must be a list of str"):
        check_gradients(lambda: 0.0, [x], [x], names="W")
    with pytest.raises(TypeError, match="show must be True or False"):
        compare("x", 1.0, 1.0, show="no")
