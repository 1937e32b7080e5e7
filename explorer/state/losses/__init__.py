"""The loss-functions lab\x27s state (Qt-free)."""
