r"""The logit lab of chapter 4: :math:`p = \operatorname{softmax}(z / T)` of three classes
as bars and the loss :math:`-\ln p_c` on its curve (:func:`lib.losses.cross_entropy_summary`).
The logits are one of ``LOGIT_CASES``; with a kernel ``update(logits=(z1, z2, z3))``."""

import numpy as np
from matplotlib.patches import Patch

from lib.losses import cross_entropy_summary
from lib.plotting import new_figure
from lib.widgets.core import Explorer, buttons, slider

__all__ = ["LogitLab"]

CLASS_NAMES = ("cat", "dog", "bird")
LOGIT_CASES = {
    "(1.2, 3.5, 0.7)": (1.2, 3.5, 0.7),  # the chapter's running example
    "(3.2, 5.5, 2.7)": (3.2, 5.5, 2.7),  # the same plus 2: nothing changes
    "(2, 1, 0)": (2.0, 1.0, 0.0), "(0, 0, 0)": (0.0, 0.0, 0.0),
    "(6, −2, 0)": (6.0, -2.0, 0.0),
}
BAR, TRUE = "#4C72B0", "#DD8452"
P_MIN = 1e-3  # left end of the loss curve; -ln(0.001) = 6.9 keeps the axis readable


class LogitLab(Explorer):
    """Logits, a temperature and a true class (0 cat, 1 dog, 2 bird)."""

    controls = (buttons("logits", list(LOGIT_CASES), "(1.2, 3.5, 0.7)", "logits z"),
                slider("T", (0.1, 0.5, 1.0, 2.0, 10.0), 1.0),
                buttons("true_class", [(name, i) for i, name in enumerate(CLASS_NAMES)], 1,
                        "true class"))

    def build(self):
        fig, (ax, ax_loss) = new_figure(figsize=(9.0, 3.6), ncols=2)
        self.bars = ax.bar(range(3), np.zeros(3), width=0.6, color=BAR)
        self.values_text = [ax.text(x, 0.0, " ", ha="center", va="bottom") for x in range(3)]
        self.logits_text = [ax.text(x, -0.1, " ", ha="center", va="top", fontsize=9, color="0.3",
                                    transform=ax.get_xaxis_transform()) for x in range(3)]
        ax.axhline(1 / 3, color="grey", lw=0.8, ls=":", label="uniform 1/3")
        ax.set_xticks(range(3), CLASS_NAMES)
        ax.legend(handles=[Patch(color=TRUE, label="true class"), Patch(
            color=BAR, label="other classes"), *ax.lines], loc="upper left", fontsize=8,
                  frameon=False)
        ax.set(xlim=(-0.55, 2.55), ylim=(0, 1.12), ylabel="probability")
        self.bars_title = ax.set_title(" ", fontsize=11)
        p = np.geomspace(P_MIN, 1.0, 300)
        ax_loss.plot(p, -np.log(p), color="black", lw=1.5, label="L = −ln p(true class)")
        ax_loss.axhline(np.log(3), color="grey", lw=0.8, ls=":", label="ln 3: uniform guess")
        (self.dot,) = ax_loss.plot([], [], "o", color=TRUE, ms=9, label="current value")
        ax_loss.set(xlim=(0, 1.02), ylim=(0, -np.log(P_MIN) + 0.3), yticks=[0, 2, 4, 6],
                    xlabel="probability of the true class", ylabel="cross-entropy loss")
        ax_loss.legend(loc="upper right", fontsize=9)
        self.loss_title = ax_loss.set_title(" ", fontsize=11)
        return fig, [*self.bars, *self.values_text, *self.logits_text, self.bars_title,
                     self.dot, self.loss_title]

    def compute(self, values):
        logits = np.asarray(self.case(LOGIT_CASES, values["logits"]), dtype=float)
        return dict(values, z=logits,
                    **cross_entropy_summary(logits, values["T"], values["true_class"]))

    def draw(self, s):
        p, c = s["probabilities"], s["true_class"]
        for i, (bar, text) in enumerate(zip(self.bars, self.values_text, strict=True)):
            bar.set_height(p[i])
            bar.set_color(TRUE if i == c else BAR)
            text.set_y(p[i] + 0.01)
            text.set_text(f"{p[i]:.3f}")
        for text, z in zip(self.logits_text, s["z"], strict=True):
            text.set_text(f"z = {self.fmt(z, 1)}")
        self.bars_title.set_text(f"softmax(z / T) at T = {s['T']:g}: predicts "
                                 f"{CLASS_NAMES[s['predicted']]}")
        # A p_c below the curve's left end is drawn at that end.
        self.dot.set_data([max(s["p_true"], P_MIN)], [min(s["loss"], -np.log(P_MIN))])
        self.loss_title.set_text(f"true class {CLASS_NAMES[c]}: loss = {s['loss']:.3f}")

    def readout(self, s):
        predicted, true = CLASS_NAMES[s["predicted"]], CLASS_NAMES[s["true_class"]]
        verdict = "correct" if s["predicted"] == s["true_class"] else "wrong"
        p = ", ".join(f"{name} {q:.3f}" for name, q in zip(CLASS_NAMES, s["probabilities"],
                                                             strict=True))
        return (f"Probabilities: {p}. Predicted class: <b>{predicted}</b> ({verdict}). "
                f"Cross-entropy for true class {true}: −ln p<sub>{true}</sub> = "
                f"−ln {s['p_true']:.4f} = <b>{s['loss']:.4f}</b>")

    def alt(self, s):
        return ("probability bars (" + ", ".join(f"{q:.3f}" for q in s["probabilities"])
                + ") and the loss curve −ln p")
