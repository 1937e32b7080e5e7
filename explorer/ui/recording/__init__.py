"""Recordings: a sweep or a training run rendered offscreen, frame by frame, to GIF, WebP or MP4."""
