"""Gradient training of the 1-hidden-layer network MLP([1, N, 1]) on the lab's points.

Qt-free: the page's timer calls :meth:`FitRun.run` with a step count or a time budget and
then redraws once. A step is one full-batch forward, loss, backward and optimizer update.

A run that diverges (the loss becomes NaN or ±inf) stops, rolls the weights back to the last
ones with a finite loss (so the plots keep showing a curve) and says why in
:attr:`FitRun.diverged`; it never raises.
"""

from __future__ import annotations

import time

import numpy as np

from explorer.core import losses, optimizers
from explorer.core.mlp import MLP
from explorer.state.approximation.network import Neuron


class FitRun:
    """One training run: the network, its optimizer and the loss history.

    Parameters
    ----------
    x, y : ndarray (n,)
        The training points.
    n_hidden : int
        Hidden neurons N.
    activation, optimizer, loss : str
        Registry names in :mod:`explorer.core`.
    learning_rate : float
        The optimizer's ``lr``; :meth:`set_learning_rate` changes it without a restart.
    seed : int
        Seed of the initial weights (torch's default ``nn.Linear`` initialization).
    """

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        n_hidden: int,
        activation: str,
        optimizer: str,
        loss: str,
        learning_rate: float,
        seed: int,
    ) -> None:
        self.x = np.ascontiguousarray(x, dtype=np.float64).reshape(-1, 1)
        self.y = np.ascontiguousarray(y, dtype=np.float64).reshape(-1, 1)
        # no layer statistics are read here: let the activations overwrite their inputs
        self.net = MLP([1, n_hidden, 1], activation, seed=seed, keep_preactivations=False)
        self.optimizer = optimizers.get(optimizer, lr=learning_rate)
        self.loss = losses.get(loss)
        self.steps = 0
        self.diverged: str | None = None
        self._history = np.empty(4096)
        self._last_good = self.net.flat_params.copy()

    # --- training ------------------------------------------------------------------------------
    def set_learning_rate(self, learning_rate: float) -> None:
        self.optimizer.set_hyper(lr=learning_rate)

    def step(self) -> bool:
        """One optimizer step; False (and nothing changed) once the run has diverged."""
        if self.diverged is not None:
            return False
        net = self.net
        with np.errstate(all="ignore"):
            prediction = net.forward(self.x)
            value = float(self.loss.value(prediction, self.y))
            if not np.isfinite(value):
                self._stop(value)
                return False
            net.backward(self.loss.gradient(prediction, self.y))
            self._record(value)
            np.copyto(self._last_good, net.flat_params)
            self.optimizer.step([net.flat_params], [net.flat_grads])
        self.steps += 1
        return True

    def run(self, max_steps: int, budget_s: float | None = None) -> int:
        """Up to ``max_steps`` steps, stopping early after ``budget_s`` seconds; steps taken."""
        start = time.perf_counter()
        done = 0
        while done < max_steps and self.step():
            done += 1
            if budget_s is not None and time.perf_counter() - start >= budget_s:
                break
        return done

    def _record(self, value: float) -> None:
        if self.steps >= self._history.size:
            self._history = np.concatenate([self._history, np.empty(self._history.size)])
        self._history[self.steps] = value

    def _stop(self, value: float) -> None:
        kind = "NaN" if np.isnan(value) else "infinite"
        lr = self.optimizer.hyper["lr"]
        self.diverged = (
            f"The loss became {kind} at step {self.steps}: learning rate {lr:g} is too high "
            f"for {self.optimizer.display_name}. Lower it and press Reset (R)."
        )
        self.net.flat_params[...] = self._last_good

    # --- read-out ------------------------------------------------------------------------------
    @property
    def loss_history(self) -> np.ndarray:
        """The loss before each step taken, (steps,): a view, read only."""
        return self._history[: self.steps]

    @property
    def current_loss(self) -> float:
        """The loss of the current weights (one forward pass)."""
        with np.errstate(all="ignore"):
            return float(self.loss.value(self.net.predict(self.x), self.y))

    def neurons(self) -> tuple[tuple[Neuron, ...], float]:
        """The network as build-view neurons (wᵢ, bᵢ, vᵢ) and the output bias c."""
        w1, b1, w2, b2 = self.net.params
        neurons = zip(w1[0].tolist(), b1.tolist(), w2[:, 0].tolist(), strict=True)
        return tuple(neurons), float(b2[0])
