"""The loss-functions lab: what each loss rewards, what its gradient does, why the choice
matters. Four tabs (regression robustness, the classification margin, softmax and its loss,
cross-entropy vs squared error on one sigmoid neuron) share one session; the left panel shows
the controls of the tab on screen, the notes and status line describe it. The small MLPs' fits
and the margin tab's training run in slices between frames (:class:`FitRunner`); until they are
done the plots, titles, notes and status say what is on screen (part-way or approximate).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QTabWidget, QWidget

from explorer.state.losses.config import LossesConfig
from explorer.state.losses.session import LossesSession
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.base import LabPage
from explorer.ui.labs.losses.fit_runner import FitRunner
from explorer.ui.labs.losses.margin_tab import MarginTab
from explorer.ui.labs.losses.neuron_tab import NeuronTab
from explorer.ui.labs.losses.regression_tab import RegressionTab
from explorer.ui.labs.losses.softmax_tab import SoftmaxTab
from explorer.ui.labs.losses.texts import TAB_TITLES, notes_html, status_text
from explorer.ui.labs.tab_controls import show_tab, stacked_controls

TAB_CLASSES = (RegressionTab, MarginTab, SoftmaxTab, NeuronTab)


class LossesLab(LabPage):
    """Losses and their gradients: regression, margins, softmax, the sigmoid neuron."""

    key = "losses"
    title = "Loss functions"
    trains = False

    session: LossesSession

    def make_session(self) -> LossesSession:
        return LossesSession()

    def build_controls(self) -> QWidget:
        self.error_label = ErrorLabel()
        self.tabs = [cls(self.session, self.error_label) for cls in TAB_CLASSES]
        panel, self.stack = stacked_controls([tab.panel for tab in self.tabs], self.error_label)
        self.session.subscribe(self._on_config_changed)
        return panel

    def build_plots(self) -> QWidget:
        self.tab_widget = QTabWidget()
        # each tab's plots keep room for their text (it grows with the View scale): below
        # that, the tab scrolls (tab.scroll, a PlotsScroll)
        for tab in self.tabs:
            self.tab_widget.addTab(tab.scroll, TAB_TITLES[tab.key])
        self.tab_widget.currentChanged.connect(self._on_tab_changed)
        self._show_tab(self.session.config)
        self.fit_runner = FitRunner(self.session, self)
        self.fit_runner.updated.connect(self.request_redraw)
        return self.tab_widget

    # --- tabs ----------------------------------------------------------------------------------
    def _index(self, key: str) -> int:
        return next(i for i, tab in enumerate(self.tabs) if tab.key == key)

    @property
    def active_tab(self):
        return self.tabs[self._index(self.session.config.tab)]

    def _on_tab_changed(self, index: int) -> None:
        self.session.update(tab=self.tabs[index].key)

    def _show_tab(self, config: LossesConfig) -> None:
        show_tab(self.tab_widget, self.stack, self._index(config.tab))

    def _on_config_changed(self, config: LossesConfig) -> None:
        self.error_label.show_error(None)
        if hasattr(self, "tab_widget"):
            new_tab = self.stack.currentIndex() != self._index(config.tab)  # the stack follows
            self._show_tab(config)
            self.fit_runner.set_active(self.isVisible())
            if new_tab:
                self.settle()

    def document_applier(self, document: dict[str, Any]) -> Callable[[], None]:
        """A preset, session file or deck scene, put on screen settled (see :meth:`settle`)."""
        apply = super().document_applier(document)

        def apply_settled() -> None:
            apply()
            self.settle()

        return apply_settled

    def settle(self) -> None:
        """Redraw now, notes included, and let the layouts settle before anything is painted.

        A new tab or a new config writes other notes: shown by the notes' throttle a frame or
        more later, their new height laid out and painted every plot on screen a second time
        (a tab switch painted each plot three times, twice after the notes moved it). Here
        the plots are painted once their size is final."""
        if not self.isVisible():
            return
        super().flush()  # one redraw: the plots it leaves to the next frames wait for them
        for _ in range(3):  # a layout that changes size asks its parent's layout in turn
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def showEvent(self, event) -> None:
        self.fit_runner.set_active(True)
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self.fit_runner.set_active(False)  # a hidden lab takes no time from the one shown
        super().hideEvent(event)

    def busy(self) -> bool:
        """A fit on screen is still running (a screenshot waits for it)."""
        return self.fit_runner.running and self.session.pending

    # --- drawing -------------------------------------------------------------------------------
    def redraw(self) -> None:
        snapshot = self.session.snapshot()
        if self.active_tab.show(snapshot) is False:  # some plots wait: the next frame
            self.request_redraw()
        self.notes.set_html(notes_html(snapshot))
        self.show_status(status_text(snapshot))

    def flush(self) -> None:
        """Redraw now, including the plots a redraw leaves to the next frames (tests,
        screenshots, exports see the whole picture)."""
        super().flush()
        for _ in range(len(self.tabs) * 3):
            if not self.scheduler.pending:
                break
            super().flush()

    def live_status(self) -> str:
        return status_text(self.session.snapshot())

    def main_control(self) -> Any:
        return self.active_tab.main_control()

    def benchmark_controls(self) -> list[tuple[str, Callable[[], Any]]]:
        """Each tab's main slider, on its tab (benchmarks/ui.py --all-sliders)."""

        def on_tab(tab) -> Callable[[], Any]:
            def prepare() -> Any:
                self.session.update(tab=tab.key)
                self.flush()
                return tab.main_control()

            return prepare

        return [(tab.key, on_tab(tab)) for tab in self.tabs]

    def apply_scale(self) -> None:
        for tab in self.tabs:
            tab.apply_scale()
        self.request_redraw()
