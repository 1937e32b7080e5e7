"""The Normalization lab's state: config, session and the maths behind each tab (no Qt)."""
