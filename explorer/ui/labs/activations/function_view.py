"""The f(x) plot: the ticked activations overlaid, with the selected one's zero-centring."""

from __future__ import annotations

from explorer.state.activations.session import ActivationsSnapshot
from explorer.ui import theme
from explorer.ui.labs.activations.curves_view import CurvesView
from explorer.ui.labs.activations.palette import ACTIVATION_COLOURS
from explorer.ui.labs.activations.texts import short_name, zero_centred_caption

CENTRE_COLOUR = "#222222"


class FunctionView(CurvesView):
    """f(x) for every ticked activation; a marker at (0, f(0)) says whether it is zero-centred."""

    field = "y"

    def __init__(self) -> None:
        super().__init__("Activation f(x)", "f(x)", legend=True)

    def build(self) -> None:
        super().build()
        self.legend.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(10, 8))  # top left is free
        self.caption.anchor(itemPos=(1, 1), parentPos=(1, 1), offset=(-8, -6))
        self.centre_marker = self.dot(CENTRE_COLOUR, size=10, z=3.0)
        self._centre: float | None = None

    def _clear_centre(self) -> None:
        if self._centre is not None:
            self._centre = None
            self.centre_marker.setData([], [])

    def apply_scale(self) -> None:
        super().apply_scale()
        if self.legend is not None:  # half the View growth: a 20 pt legend covers the curves
            size = round(theme.BASE_FONT_PT * (1 + (theme.Scale.factor - 1) / 2))
            self.legend.setLabelTextSize(f"{size}pt")
            for _sample, label in self.legend.items:
                label.setText(label.text)  # setLabelTextSize alone does not re-render the text

    def bands_px(self) -> tuple[float, float]:
        return 0.0, self.caption_px()  # the zero-centring caption sits below the curves

    def show_snapshot(self, snapshot: ActivationsSnapshot) -> None:
        super().show_snapshot(snapshot)
        curve = snapshot.selected
        if not snapshot.curves:
            self._clear_centre()
            self.set_caption("Tick an activation on the left to plot it", CENTRE_COLOUR)
            return
        if not snapshot.selected_is_shown:
            self._clear_centre()
            self.set_caption(f"{short_name(curve.display_name)} is not ticked", CENTRE_COLOUR)
            return
        if self._centre != curve.f_at_zero:  # setData repaints even when nothing moved
            self._centre = curve.f_at_zero
            self.centre_marker.setData([0.0], [curve.f_at_zero])
        name, caption = short_name(curve.display_name), zero_centred_caption(curve)
        # on two lines where one is wider than the plot ("…, f(0) = 0.5" below)
        wordings = (f"{name}: {caption}", f"{name}: {caption.replace(', ', ',<br>')}")
        self.set_caption(wordings, ACTIVATION_COLOURS[curve.index % len(ACTIVATION_COLOURS)])
