r"""The learning-rate lab of chapter 5: one network trained with plain SGD for each of nine
rates :math:`10^{-3}, \dots, 10^{1}` (:func:`lib.train.learning_rate_curves`); the curves of
the chosen rate up to the chosen epoch, and every rate at that epoch."""

import numpy as np

from lib.plotting import new_figure
from lib.train import DIVERGED_LOSS, LEARNING_RATES, learning_rate_curves
from lib.widgets.core import Explorer, slider

__all__ = ["LearningRateLab"]

BLUE, ORANGE = "#1f5fa8", "#e67e22"


_eta = "{:.2g}".format  # a rate as a short string: 0.001, 0.0032, 0.01, ..., 3.2, 10


class LearningRateLab(Explorer):
    """Training curves of one of :data:`lib.train.LEARNING_RATES`, runs of ``epochs``."""

    controls = (slider("learning_rate", LEARNING_RATES.tolist(), LEARNING_RATES[4].item(),
                       "η", fmt="{:.2g}"),
                slider("epochs_shown", (1, 2, 5, 10, 20, 30, 40), 40, "epochs"))
    rows = (("learning_rate", "epochs_shown"),)
    dpi = 64  # curves read well small; the page stays light

    def __init__(self, epochs: int = 40, **options):
        self.curves = learning_rate_curves(epochs=epochs)
        self.config = {"epochs": epochs}
        super().__init__(**options)

    def build(self):
        c = self.curves
        fig, (ax_loss, ax_acc, ax_rate) = new_figure(figsize=(9.8, 3.6), ncols=3)
        epochs = np.arange(c.epochs + 1)
        for k in range(len(c.learning_rates)):  # every rate's validation curves, faint
            label = "validation, other η" if k == 0 else None
            ax_loss.plot(epochs, c.val_loss[k], color="0.82", lw=1, zorder=1, label=label)
            ax_acc.plot(epochs, c.val_acc[k], color="0.82", lw=1, zorder=1, label=label)
        self.lines = [ax.plot([], [], color=color, lw=2, ls=ls, label=label, zorder=3)[0]
                      for ax in (ax_loss, ax_acc)
                      for color, ls, label in ((BLUE, "-", "training"),
                                               (ORANGE, "--", "validation"))]
        ax_loss.set(ylim=(0, 2.6), ylabel="cross-entropy loss")
        ax_acc.set(ylim=(0, 1.02), ylabel="accuracy")
        for ax in (ax_loss, ax_acc):
            ax.set(xlim=(0, c.epochs), xlabel="epoch")
            ax.grid(True, alpha=0.3)
            ax.legend(loc="center right", fontsize=9)
        self.titles = [ax_loss.set_title("η = 0.0032"), ax_acc.set_title("η = 0.0032")]
        # log10(eta) with plain labels: a log axis would typeset 10^k labels on every move
        self.log_rates = np.log10(c.learning_rates)
        self.rate_lines = [ax_rate.plot(self.log_rates, 0 * self.log_rates, color=color,
                                        marker="o", lw=1.5, ls=ls, label=label)[0]
                           for color, ls, label in ((ORANGE, "--", "validation"),
                                                    (BLUE, "-", "training"))]
        (self.marker,) = ax_rate.plot([], [], "o", ms=13, mfc="none", mec="black", mew=2,
                                      label="chosen η")
        (self.crosses,) = ax_rate.plot([], [], "x", ms=9, color="#c0392b", mew=2.5,
                                       label="diverged")
        whole = np.arange(np.floor(self.log_rates.min()), np.ceil(self.log_rates.max()) + 1)
        ax_rate.set_xticks(whole, [_eta(10.0**k) for k in whole])
        ax_rate.set(xlim=(self.log_rates.min() - 0.3, self.log_rates.max() + 0.3), ylim=(0, 2.6),
                    xlabel="learning rate η (log scale)", ylabel="loss after the chosen epochs")
        ax_rate.grid(True, alpha=0.3)
        ax_rate.legend(loc="center right", fontsize=9)
        self.warning = ax_loss.text(0.5, 0.82, "", transform=ax_loss.transAxes, ha="center",
                                    va="center", fontsize=12, color="#c0392b", zorder=4,
                                    bbox={"facecolor": "white", "edgecolor": "#c0392b"})
        self.titles.append(ax_rate.set_title("every η after 40 epochs"))
        return fig, [*self.lines, *self.rate_lines, self.marker, self.crosses, self.warning,
                     *self.titles]

    def compute(self, values):
        c, e = self.curves, int(values["epochs_shown"])
        k = int(np.argmin(np.abs(self.log_rates - np.log10(values["learning_rate"]))))
        return dict(values, index=k, learning_rate=float(c.learning_rates[k]), epochs_shown=e,
                    train_loss=float(c.train_loss[k, e]), val_loss=float(c.val_loss[k, e]),
                    train_acc=float(c.train_acc[k, e]), val_acc=float(c.val_acc[k, e]),
                    diverged_at=int(c.diverged_at[k]),
                    gone=(c.diverged_at >= 0) & (c.diverged_at <= e),
                    loss_by_rate=(c.val_loss[:, e], c.train_loss[:, e]))

    def draw(self, s):
        c, k, e = self.curves, s["index"], s["epochs_shown"]
        shown = np.arange(e + 1)
        for line, table in zip(self.lines, (c.train_loss, c.val_loss, c.train_acc, c.val_acc),
                               strict=True):
            line.set_data(shown, table[k, : e + 1])
        for title, what in zip(self.titles, ("cross-entropy loss", "accuracy"), strict=False):
            title.set_text(f"{what}, η = {_eta(s['learning_rate'])}")
        for line, losses in zip(self.rate_lines, s["loss_by_rate"], strict=True):
            line.set_ydata(np.where(s["gone"], np.nan, losses))
        y = s["val_loss"] if s["val_loss"] <= 2.45 else 2.45  # diverged (NaN): on its ×
        self.marker.set_data([self.log_rates[k]], [y])
        self.crosses.set_data(self.log_rates[s["gone"]], np.full(int(s["gone"].sum()), 2.45))
        diverged = 0 <= s["diverged_at"] <= e
        self.warning.set_text(f"diverged at epoch {s['diverged_at']}:\nloss above "
                              f"{DIVERGED_LOSS:.0f}" if diverged else "")
        self.warning.set_visible(diverged)
        self.titles[2].set_text(f"every η after {e} epoch{'s' * (e > 1)}")

    def readout(self, s):
        eta = _eta(s["learning_rate"])
        if 0 <= s["diverged_at"] <= s["epochs_shown"]:
            return (f"η = {eta}: training <b>diverged</b> at epoch {s['diverged_at']} "
                    f"(the loss passed {DIVERGED_LOSS:.0f}; chance level is ln 10 ≈ 2.30). "
                    "The steps overshoot the valley and every step makes things worse.")
        return (f"η = {eta}, after {s['epochs_shown']} epochs: training loss "
                f"<b>{s['train_loss']:.3f}</b>, validation loss <b>{s['val_loss']:.3f}</b>, "
                f"validation accuracy <b>{100 * s['val_acc']:.1f}%</b>.")

    def alt(self, s):
        return (f"training curves for learning rate {_eta(s['learning_rate'])} over "
                f"{s['epochs_shown']} epochs")
