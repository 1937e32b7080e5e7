"""explorer: show, live, how neural networks work.

The package has three layers, and data flows one way through them:

- :mod:`explorer.core` — pure NumPy (no Qt): activations, losses, initializers, the MLP,
  optimizers, targets, datasets, surfaces. Also a scripting API for notebooks.
- :mod:`explorer.state` — one typed config per lab and a session that recomputes from it
  and hands out immutable snapshots (no Qt either).
- :mod:`explorer.ui` — Qt widgets and pyqtgraph views that read snapshots.
"""

__version__ = "0.1.0"
