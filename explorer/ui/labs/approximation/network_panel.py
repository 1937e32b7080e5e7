"""The network controls shared by the build and fit views: N, the activation, what to draw."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from explorer.core import activations
from explorer.state.approximation.network import MAX_NEURONS
from explorer.state.approximation.session import ApproximationConfig, ApproximationSession
from explorer.ui.controls import ChoiceBox, Toggle, ValueSlider, bind, set_if_changed


class NetworkPanel(QWidget):
    """Hidden neurons N (1–64), the hidden activation σ and the "show neurons" switch."""

    def __init__(self, session: ApproximationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        config = session.config
        self.n_slider = ValueSlider(
            "Hidden neurons N", 1, MAX_NEURONS, config.n_hidden, integer=True,
            tooltip="Width of the hidden layer; in the build view extra neurons start with vᵢ = 0",
        )  # fmt: skip
        self.n_slider.valueChanged.connect(lambda n: session.set_neuron_count(int(n)))
        choices = [(name, activations.get(name).display_name) for name in activations.names()]
        self.activation_box = ChoiceBox(
            choices,
            config.activation,
            tooltip="The hidden activation σ. Sigmoid: smooth steps; Step: Nielsen's towers; "
            "ReLU: hinges, so the sum is piecewise linear",
        )
        bind(self.activation_box, session, "activation")
        self.neurons_toggle = Toggle(
            "Show each neuron's contribution",
            config.show_neurons,
            tooltip="Thin coloured lines vᵢ·σ(wᵢx + bᵢ); the thick line is their sum",
        )
        bind(self.neurons_toggle, session, "show_neurons")
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Activation σ", self.activation_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.n_slider)
        layout.addLayout(form)
        layout.addWidget(self.neurons_toggle)
        session.subscribe(self._on_config_changed)

    def _on_config_changed(self, config: ApproximationConfig) -> None:
        set_if_changed(self.n_slider, config.n_hidden)
