"""Bad inputs for lib.optim_landscapes."""

import numpy as np
from matplotlib.figure import Figure

from fuzz import Bad, bad_arrays, bad_counts, bad_reals
from lib.optim import SGD
from lib.optim_landscapes import (
    Quadratic,
    Rosenbrock,
    draw_contours,
    make_optimizer,
    make_surface,
    playground_run,
    rotation_quadratic,
    run_optimizer,
)

BOWL = np.diag([1.0, 10.0])


def _sgd(params):
    return SGD(params, lr=0.1)


def _contours(ax="new", surface=None, xlim=(-1.0, 1.0), ylim=(-1.0, 1.0), levels=(1.0,), n=20):
    """draw_contours on a fresh panel of the bowl, with one argument replaced."""
    ax = Figure().add_subplot() if ax == "new" else ax
    surface = Quadratic(BOWL) if surface is None else surface
    return draw_contours(ax, surface, xlim, ylim, levels, n=n)


PROBES = {
    "lib.optim_landscapes.Quadratic": (
        bad_arrays(Quadratic, "A")
        + bad_arrays(lambda v: Quadratic(BOWL).value(v), "theta")
        + bad_arrays(lambda v: Quadratic(BOWL).gradient(v), "theta")
        + bad_arrays(lambda v: Quadratic(BOWL).eigen_coordinates(v), "points")
        + [
            Bad("not square", lambda: Quadratic(np.ones((2, 3))), match="A must be square"),
            Bad("not symmetric", lambda: Quadratic([[1.0, 2.0], [0.0, 1.0]]),
                match="A must be symmetric"),
            Bad("not positive definite", lambda: Quadratic([[1.0, 0.0], [0.0, -1.0]]),
                match="A must be positive definite"),
            Bad("theta of the wrong size", lambda: Quadratic(BOWL).gradient([1.0, 2.0, 3.0]),
                match=r"theta must have shape \(2,\)"),
            Bad("surface grids differ", lambda: Quadratic(BOWL).surface(np.zeros((2, 2)),
                                                                       np.zeros((3, 3))),
                match="X and Y must have the same shape"),
            Bad("surface of a 3-D bowl", lambda: Quadratic(np.eye(3)).surface(
                np.zeros((2, 2)), np.zeros((2, 2))), match="surface needs a 2-D bowl"),
            Bad("points with 3 columns", lambda: Quadratic(BOWL).eigen_coordinates(
                np.zeros((4, 3))), match="points must have 2 columns"),
        ]
    ),
    "lib.optim_landscapes.Rosenbrock": (
        bad_reals(lambda v: Rosenbrock(a=v), "a")
        + bad_reals(lambda v: Rosenbrock(b=v), "b")
        + bad_arrays(lambda v: Rosenbrock().value(v), "theta")
        + bad_arrays(lambda v: Rosenbrock().hessian(v), "theta")
        + [
            Bad("b of 0", lambda: Rosenbrock(b=0.0), match=r"b must lie in \(0.0, inf\)"),
            Bad("theta in 3-D", lambda: Rosenbrock().gradient([1.0, 2.0, 3.0]),
                match=r"theta must have shape \(2,\)"),
        ]
    ),
    "lib.optim_landscapes.rotation_quadratic": (
        bad_arrays(rotation_quadratic, "eigenvalues")
        + bad_reals(lambda v: rotation_quadratic([1.0, 2.0], angle_degrees=v), "angle_degrees")
        + [
            Bad("three eigenvalues", lambda: rotation_quadratic([1.0, 2.0, 3.0]),
                match="eigenvalues must be two numbers"),
            Bad("a negative eigenvalue", lambda: rotation_quadratic([1.0, -2.0]),
                match="eigenvalues must be positive"),
        ]
    ),
    "lib.optim_landscapes.run_optimizer": (
        bad_arrays(lambda v: run_optimizer(_sgd, Quadratic(BOWL).gradient, v, 3), "theta0")
        + bad_counts(lambda n: run_optimizer(_sgd, Quadratic(BOWL).gradient, [1.0, 1.0], n),
                     "steps", skip=("zero",))
        + bad_reals(lambda v: run_optimizer(_sgd, Quadratic(BOWL).gradient, [1.0, 1.0], 3,
                                            bound=v), "bound")
        + [
            Bad("factory not callable", lambda: run_optimizer("sgd", np.sin, [1.0], 3),
                match="optimizer_factory must be a function"),
            Bad("grad_fn not callable", lambda: run_optimizer(_sgd, None, [1.0], 3),
                match="grad_fn must be a function"),
            Bad("factory returns no optimizer",
                lambda: run_optimizer(lambda p: p, np.sin, [1.0], 3),
                match="optimizer_factory must return an optimizer"),
            Bad("gradient of the wrong shape", lambda: run_optimizer(
                _sgd, lambda t: np.zeros(3), [1.0, 1.0], 3), match="grad_fn returned shape"),
            Bad("NaN gradient", lambda: run_optimizer(
                _sgd, lambda t: t * np.nan, [1.0, 1.0], 3),
                match=r"grad_fn\(theta\) must be finite"),
        ]
    ),
    "lib.optim_landscapes.make_surface": [
        Bad("unknown name", lambda: make_surface("saddle"), match="name must be one of"),
        Bad("lower-case rosenbrock", lambda: make_surface("rosenbrock"), match="got 'rosenbrock'"),
        Bad("None", lambda: make_surface(None), match="name"),
        Bad("a number", lambda: make_surface(1), match="name"),
        Bad("a surface object", lambda: make_surface(Rosenbrock()), match="name"),
    ],
    "lib.optim_landscapes.make_optimizer": (
        bad_reals(lambda v: make_optimizer("GD", [np.zeros(2)], v), "lr")
        + [
            Bad("unknown name", lambda: make_optimizer("RMSprop", [np.zeros(2)], 0.1),
                match="name must be one of"),
            Bad("None name", lambda: make_optimizer(None, [np.zeros(2)], 0.1), match="name"),
            Bad("momentum beta of 1", lambda: make_optimizer("momentum", [np.zeros(2)], 0.1,
                                                             beta1=1.0), match="beta"),
            Bad("Adam beta2 NaN", lambda: make_optimizer("Adam", [np.zeros(2)], 0.1,
                                                         beta2=float("nan")), match="beta2"),
            Bad("params a single array", lambda: make_optimizer("GD", np.zeros(2), 0.1),
                match=r"pass \[theta\]"),
        ]
    ),
    "lib.optim_landscapes.playground_run": (
        bad_reals(lambda v: playground_run(lr=v), "lr")
        + bad_reals(lambda v: playground_run(optimizer="momentum", beta1=v), "beta1")
        + bad_reals(lambda v: playground_run(optimizer="Adam", beta2=v), "beta2")
        + bad_counts(lambda n: playground_run(steps=n), "steps", skip=("zero",))
        + bad_arrays(lambda v: playground_run(start=v), "start")
        + [
            Bad("unknown surface", lambda: playground_run(surface="saddle"),
                match="surface must be one of"),
            Bad("surface a number", lambda: playground_run(surface=3), match="surface must be"),
            Bad("unknown optimizer", lambda: playground_run(optimizer="SGD"),
                match="optimizer must be one of"),
            Bad("start in 3-D", lambda: playground_run(start=(1.0, 2.0, 3.0)),
                match="start must be a point"),
            Bad("lr of 0", lambda: playground_run(lr=0.0), match=r"lr must lie in \(0.0, inf\)"),
        ]
    ),
    "lib.optim_landscapes.draw_contours": (
        bad_arrays(lambda v: _contours(xlim=v), "xlim")
        + bad_arrays(lambda v: _contours(levels=v), "levels")
        + bad_counts(lambda n: _contours(n=n), "n")
        + [
            Bad("ax None", lambda: _contours(ax=None), match="ax must be a matplotlib Axes"),
            Bad("ax a Figure", lambda: _contours(ax=Figure()), match="ax must be"),
            Bad("surface a matrix", lambda: _contours(surface=BOWL), match="surface must have"),
            Bad("empty window", lambda: _contours(ylim=(1.0, 1.0)),
                match=r"ylim must be \(low, high\) with low < high"),
            Bad("three limits", lambda: _contours(xlim=(0.0, 1.0, 2.0)), match="xlim must be"),
            Bad("decreasing levels", lambda: _contours(levels=(2.0, 1.0)),
                match="levels must be a non-empty increasing"),
            Bad("no levels", lambda: _contours(levels=()), match="levels"),
        ]
    ),
}
