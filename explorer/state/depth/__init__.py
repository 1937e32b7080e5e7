"""The depth lab's state: config, session, snapshot and what computes them (Qt-free)."""
