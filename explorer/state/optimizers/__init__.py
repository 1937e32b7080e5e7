"""The Optimizers lab's state: config, race entries, session and snapshots (Qt-free)."""
