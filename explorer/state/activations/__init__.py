"""The activations lab's state: config, session, snapshot and what computes them (Qt-free)."""
