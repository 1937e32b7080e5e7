"""The f′(x) plot: derivatives, the max |f′| markers and the selected one's saturated regions."""

from __future__ import annotations

from explorer.core import activations
from explorer.state.activations.curves import SATURATION
from explorer.state.activations.session import ActivationsSnapshot
from explorer.text_format import number
from explorer.ui import theme
from explorer.ui.labs.activations.axis_ranges import place_text
from explorer.ui.labs.activations.curves_view import CurvesView
from explorer.ui.labs.activations.palette import ACTIVATION_COLOURS, activation_colour


class DerivativeView(CurvesView):
    """f′(x) for every ticked activation, x-linked to the f(x) plot.

    Each ticked activation gets a marker at its largest |f′| (sigmoid: 0.25 at x = 0); the
    selected one's marker is labelled and its saturated x-intervals are shaded.
    """

    field = "dy"
    extent = "dy_extent"
    owns_x = False  # x-linked to the f(x) plot, which sets the range

    def __init__(self) -> None:
        super().__init__("Derivative f′(x)", "f′(x)", legend=False)

    def build(self) -> None:
        super().build()
        self.caption.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(8, 6))
        self.peaks = {
            name: self.dot(activation_colour(i), size=11, z=3.0)
            for i, name in enumerate(activations.names())
        }
        for item in self.peaks.values():
            self.set_attached(item, False)
        # on a pale backing: the other curves pass the peak of the selected one (tanh's at 1)
        self.peak_label = self.kinds.text(anchor=(0.5, 1.15), fill=(255, 255, 255, 210))
        self.peak_label.setZValue(4.0)
        self.plot_item.addItem(self.peak_label, ignoreBounds=True)
        self._peaks_drawn: dict[str, tuple[float, float]] = {}
        self._label_args: tuple | None = None

    def text_items(self) -> list:
        return [*super().text_items(), self.peak_label.textItem]

    def bands_px(self) -> tuple[float, float]:
        """Above the curves: the shading caption, then room for the max |f′| label."""
        label = self.peak_label.boundingRect().height() * 1.2 if self._has_label() else 0.0
        return self.caption_px() + label, 0.0

    def _has_label(self) -> bool:
        return self._label_args is not None

    def show_snapshot(self, snapshot: ActivationsSnapshot) -> None:
        super().show_snapshot(snapshot)
        marked = {c.name: c for c in snapshot.curves} if snapshot.config.mark_max else {}
        for name, item in self.peaks.items():
            curve = marked.get(name)
            if curve is None:
                if self._peaks_drawn.pop(name, None) is not None:
                    self.set_attached(item, False)
                    item.setData([], [])
            elif self._peaks_drawn.get(name) != (curve.peak_x, curve.peak_dy):
                item.setData([curve.peak_x], [curve.peak_dy])  # repaints even if nothing moved
                self.set_attached(item, True)
                self._peaks_drawn[name] = (curve.peak_x, curve.peak_dy)
        curve = snapshot.selected
        label = None
        if curve.name in marked and curve.max_abs_derivative > 0:
            label = (
                f"max |f′| = {number(curve.peak_abs)}",
                curve.index,
                curve.peak_x,
                curve.peak_dy,
            )
        self._set_label(label)
        if not snapshot.selected_is_shown or not snapshot.config.shade_saturation:
            self.set_caption("", "#000000")
        elif curve.max_abs_derivative == 0:
            self.set_caption("shaded: f′ = 0 everywhere", "#444444")
        else:
            limit = number(SATURATION * curve.max_abs_derivative, 2)
            self.set_caption(
                f"shaded: |f′| &lt; {limit}",
                ACTIVATION_COLOURS[curve.index % len(ACTIVATION_COLOURS)],
            )

    def _set_label(self, label: tuple | None) -> None:
        if label == self._label_args:
            return
        self._label_args = label
        if label is None:
            self.peak_label.setVisible(False)
            self._fit_y()
            return
        text, index, x, y = label
        self.peak_label.setText(text, color=activation_colour(index))
        self.peak_label.setPos(x, y)
        self.peak_label.setVisible(True)
        self._fit_y()

    def _fit_y(self) -> None:
        super()._fit_y()
        if self._has_label():
            place_text(self, self.peak_label)  # a new range or size moves it

    def apply_scale(self) -> None:
        super().apply_scale()
        font = self.peak_label.textItem.font()
        font.setPointSize(theme.Scale.font_pt(theme.BASE_FONT_PT + 1))
        font.setBold(True)
        self.peak_label.setFont(font)
        self._fit_y()
