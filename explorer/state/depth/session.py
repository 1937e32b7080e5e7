"""The Depth & gradients lab's session: config → probe statistics, training run, pinned run A.

Qt-free. :meth:`DepthSession.compute` turns the config into a :class:`DepthSnapshot`: the
probe pass of the untrained net (gradient bars, activation strips — cached per the fields that
change it, so a learning-rate drag does not rerun it), and, once training has started, the
latest :class:`~explorer.state.depth.runner.TrainView` of the training run.

Every config change restarts training from the same initial weights (the seed's), so what is
shown always belongs to the settings on screen and two runs can be compared fairly. The run
itself lives in a :class:`~explorer.state.depth.runner.Runner`, built only when training is
asked for; the UI may advance it on a worker thread (see :meth:`accept`).
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from typing import Any

from explorer.core import activations, losses
from explorer.state.depth.config import DepthConfig
from explorer.state.depth.data import DataCache, TaskData
from explorer.state.depth.layer_strips import LayerStrips, layer_strips, saturation_band
from explorer.state.depth.pinned_run import PinnedRun, pin
from explorer.state.depth.probe import Probe, ProbeResult
from explorer.state.depth.runner import Runner, TrainView
from explorer.state.depth.weight_bank import WeightBank
from explorer.state.session import LabSession

PROBE_FIELDS = ("depth", "width", "activation", "init", "gain", "norm", "residual", "seed")


def run_key(config: DepthConfig) -> DepthConfig:
    """The config without its view-only fields: what a training run depends on."""
    return dataclasses.replace(config, layer_view="preact")


@dataclass(frozen=True, eq=False)
class DepthSnapshot:
    """Everything the lab draws for one config (and one moment of training)."""

    config: DepthConfig
    data: TaskData
    probe: ProbeResult  # the untrained net: gradient bars, activation statistics
    strips: LayerStrips  # of the trained net once training has started, else of the probe
    band: tuple[tuple[float, float], ...]  # u where f′ is saturated
    train: TrainView | None  # None until the first training step
    pinned: PinnedRun | None  # run "A" of an A/B comparison


class DepthSession(LabSession[DepthConfig, DepthSnapshot]):
    """The lab's session: owns the weight bank, the probe, the training run and run A."""

    def __init__(self, config: DepthConfig | None = None, **kwargs: Any) -> None:
        self.bank = WeightBank()
        self.probe = Probe()
        self.data_cache = DataCache()
        self._probe_key: tuple | None = None
        self._probe_result: ProbeResult | None = None
        self._probe_base: ProbeResult | None = None
        self._runner: Runner | None = None
        self.train_view: TrainView | None = None
        self.pinned: PinnedRun | None = None
        self._strips: tuple | None = None
        # the UI may run a costly probe on a worker thread: the probe (its layer caches) and
        # the snapshot, the weight bank and the data cache each serve one thread at a time
        self._lock = threading.RLock()
        self._bank_lock = threading.Lock()
        self._data_lock = threading.Lock()
        super().__init__(config or DepthConfig(), **kwargs)
        self._run_key = run_key(self.config)

    # --- edits that touch more than one field ---------------------------------------------------
    def set_task(self, task: str) -> None:
        """Another task, with its default loss if the current one does not fit it."""
        new = self.config.with_task(task)
        self.update(task=new.task, loss=new.loss)

    def set_optimizer(self, name: str) -> None:
        """Another optimizer with torch's defaults (the learning rate is kept)."""
        self.update(optimizer=name, hyper=())

    def set_hyper(self, key: str, value: float | bool) -> None:
        """One optimizer hyper-parameter (``ParamSpec.key``, e.g. ``"betas[0]"``)."""
        hyper = dict(self.config.hyper)
        hyper[key] = float(value)
        self.update(hyper=tuple(hyper.items()))

    # --- data and probe --------------------------------------------------------------------------
    def data(self, config: DepthConfig | None = None) -> TaskData:
        with self._data_lock:
            return self.data_cache.get(config or self.config)

    def probe_key(self, config: DepthConfig) -> tuple:
        return (tuple(getattr(config, f) for f in PROBE_FIELDS), self.data(config).key)

    def probe_ready(self, config: DepthConfig) -> bool:
        """The probe pass of ``config`` is computed (a snapshot of it costs no probe)."""
        return self.probe_key(config) == self._probe_key

    @staticmethod
    def probe_cost(config: DepthConfig) -> float:
        """About the multiply-adds of ``config``'s probe pass: depth × width² × points."""
        return float(config.depth) * config.width**2 * config.points

    def probe_result(self, config: DepthConfig | None = None) -> ProbeResult:
        """The probe pass of ``config``'s untrained net (cached while its fields are equal).
        Safe to call from a worker thread."""
        config = config or self.config
        with self._lock:
            data = self.data(config)
            key = self.probe_key(config)
            if key != self._probe_key:
                self._probe_base = self._probe_result  # what ``reused`` layers are shared with
                with self._bank_lock:
                    weights = self.bank.for_config(config)
                self._probe_result = self.probe.run(
                    weights,
                    activations.get(config.activation),
                    config.norm_or_none,
                    config.residual,
                    data.probe_x(),
                    data.probe_target(),
                    losses.get(config.loss),
                    activations.get("sigmoid") if config.loss == "bce" else None,
                )
                self._probe_key = key
            return self._probe_result

    # --- training --------------------------------------------------------------------------------
    @property
    def runner(self) -> Runner:
        """The training run of the current config (built on first use, at step 0)."""
        if self._runner is None:
            self._runner = self.new_runner(self.config)
        return self._runner

    @property
    def has_runner(self) -> bool:
        return self._runner is not None

    def new_runner(self, config: DepthConfig) -> Runner:
        """A run of ``config`` at step 0, not yet the session's (see :meth:`install_runner`).
        Safe to call from a worker thread: a big net's weights take tens of milliseconds."""
        data = self.data(config)
        with self._bank_lock:
            return Runner(config, self.bank, data)

    def install_runner(self, runner: Runner) -> bool:
        """Make ``runner`` (from :meth:`new_runner`) the training run, if the settings are
        still the ones it was built for and no run has started meanwhile."""
        if self._runner is not None or run_key(runner.config) != self._run_key:
            return False
        self._runner = runner
        return True

    def restart(self) -> None:
        """Training back to step 0: the same initial weights, the same data, a fresh optimizer."""
        self._runner = None
        self.train_view = None
        self.invalidate()

    def accept(self, runner: Runner, view: TrainView) -> bool:
        """Show ``view`` if it came from the current run (a stale worker result is dropped)."""
        if runner is not self._runner:
            return False
        self.train_view = view
        self.invalidate()
        return True

    def train(self, max_steps: int, budget_s: float | None = None) -> int:
        """Train in this thread (tests, scripts); returns the steps taken."""
        runner = self.runner
        taken = runner.advance(max_steps, budget_s)
        self.accept(runner, runner.view())
        return taken

    @property
    def training_steps(self) -> int:
        """The step of the run as last shown (a worker may be a job ahead)."""
        return 0 if self.train_view is None else self.train_view.step

    def stop_reason(self) -> str | None:
        """Why the run paused itself (its diagnosis' title), or None."""
        if self._runner is None or self._runner.diagnosis is None:
            return None
        return self._runner.diagnosis.title

    def on_config_changed(self, config: DepthConfig) -> None:
        key = run_key(config)
        if key != self._run_key:  # a view setting (what the strips show) keeps the run
            self._run_key = key
            self.restart()

    # --- A/B --------------------------------------------------------------------------------------
    def pin_current(self) -> PinnedRun:
        """Keep the current run (bars, loss curve, config) as "A"."""
        self.pinned = pin(self.config, self.probe_result(), self.train_view)
        self.invalidate()
        return self.pinned

    def clear_pinned(self) -> None:
        self.pinned = None
        self.invalidate()

    # --- snapshot ---------------------------------------------------------------------------------
    def compute(self, config: DepthConfig) -> DepthSnapshot:
        with self._lock:  # a probe on a worker thread would change _probe_base meanwhile
            return self._compute(config)

    def _compute(self, config: DepthConfig) -> DepthSnapshot:
        probe = self.probe_result(config)
        activation = activations.get(config.activation)
        source = self.train_view.layers if self.train_view is not None else probe
        key = (source, config.layer_view, activation)
        cached = self._strips
        if cached is None or cached[0][0] is not source or cached[0][1:] != key[1:]:
            if config.layer_view == "preact":
                values, mean, std = source.preact, source.preact_mean, source.preact_std
            else:
                values, mean, std = source.act, source.act_mean, source.act_std
            # the layers a depth drag kept lend their rows (the probe says how many)
            shares = source is probe and cached is not None and cached[0][0] is self._probe_base
            previous = cached[1] if shares else None
            reuse = probe.reused if shares else 0
            strips = layer_strips(config.layer_view, values, mean, std, activation,
                                  previous, reuse)  # fmt: skip
            # the same object while the source is: views skip redrawing what did not change
            self._strips = cached = (key, strips)
        return DepthSnapshot(
            config=config,
            data=self.data(config),
            probe=probe,
            strips=cached[1],
            band=saturation_band(activation),
            train=self.train_view,
            pinned=self.pinned,
        )
