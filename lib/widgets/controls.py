"""The plumbing every explorer shares: named controls, each move redrawing once.

An explorer keeps its sliders and buttons in a dict ``self.controls`` (name ->
widget) and defines ``redraw()``, which recomputes from ``values()``, updates
the figure's artists in place and shows the new picture. This mixin connects
the two: a change of any control calls ``redraw()`` once, and ``update(...)``
sets several controls from code (as tests and notebooks do) with one redraw at
the end instead of one per control.
"""

from __future__ import annotations

__all__ = ["ControlledExplorer"]


class ControlledExplorer:
    """Mixin for explorers with a ``controls`` dict and a ``redraw()`` method."""

    controls: dict

    def _observe_controls(self) -> None:
        """Redraw whenever a control's value changes (call once, after the figure exists)."""
        self._holding = False
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    def values(self) -> dict:
        """Current control values by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values) -> dict:
        """Set any controls by name, then redraw once; return the computed state."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown controls {sorted(unknown)}; known: {list(self.controls)}")
        self._holding = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._holding = False
        return self.redraw()

    def redraw(self) -> dict:
        """Recompute, update the figure in place and show it; return the state."""
        raise NotImplementedError

    def _on_change(self, _change) -> None:
        if not self._holding:
            self.redraw()
