"""Write frames to an animated GIF or WebP (Pillow) or an MP4 video (PyAV, where installed).

Frames are streamed: a writer holds one frame at a time, never the whole recording. The file
appears in one rename when the recording is complete (:func:`explorer.fileio.atomic_path`); a
failed or cancelled recording leaves nothing behind and overwrites nothing.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from explorer.fileio import atomic_path

FORMATS = (".gif", ".webp", ".mp4")
PALETTE_EVERY = 15  # GIF frames that share one palette (half a second at 30 fps)


def mp4_available() -> bool:
    """Whether PyAV (``pip install 'explorer[video]'``) is there to encode MP4."""
    return importlib.util.find_spec("av") is not None


def check_target(path: str | Path) -> Path:
    """``path`` if explorer can write a recording there; ``ValueError`` says why not."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"a recording is .gif, .webp or .mp4, not {path.name!r}")
    if suffix == ".mp4" and not mp4_available():
        raise ValueError("MP4 needs PyAV (pip install 'explorer[video]'); GIF and WebP work as "
                         "they are")  # fmt: skip
    if not path.parent.is_dir():
        raise ValueError(f"the folder {path.parent} does not exist")
    return path


def write_recording(path: str | Path, frames: Iterable[np.ndarray], fps: float) -> Path:
    """Encode ``frames`` ((H, W, 3) uint8 RGB, all one size) at ``fps`` into ``path``."""
    path = check_target(path)
    with atomic_path(path) as tmp:
        if path.suffix.lower() == ".mp4":
            count = _write_mp4(tmp, iter(frames), fps)
        else:
            count = _write_pillow(tmp, iter(frames), fps, path.suffix.lower())
        if count == 0:
            raise ValueError("a recording needs at least one frame")
    return path


def _write_pillow(tmp: Path, frames: Iterator[np.ndarray], fps: float, suffix: str) -> int:
    from PIL import Image

    counted = [0]

    def images() -> Iterator[Image.Image]:
        palette = None
        for frame in frames:
            counted[0] += 1
            image = Image.fromarray(frame, "RGB")
            if suffix == ".gif":
                # plots have few colours: an adaptive palette, made afresh every so often and
                # reused in between (mapping to a given palette is 7 times faster)
                if counted[0] % PALETTE_EVERY == 1:
                    palette = image.quantize(256, Image.Quantize.FASTOCTREE,
                                             dither=Image.Dither.NONE)  # fmt: skip
                    image = palette
                else:
                    image = image.quantize(palette=palette, dither=Image.Dither.NONE)
            yield image

    stream = images()
    first = next(stream, None)
    if first is None:
        return 0
    options = {"duration": round(1000 / fps), "loop": 0}
    if suffix == ".webp":
        options.update(quality=90, method=0)  # method 0: the fastest encoder, still sharp
    else:
        options.update(optimize=False)
    first.save(tmp, format=suffix[1:].upper(), save_all=True, append_images=stream, **options)
    return counted[0]


def _write_mp4(tmp: Path, frames: Iterator[np.ndarray], fps: float) -> int:
    from fractions import Fraction

    import av

    count = 0
    with av.open(str(tmp), mode="w", format="mp4") as container:
        stream = None
        for frame in frames:
            if stream is None:
                stream = container.add_stream("libx264", rate=Fraction(fps).limit_denominator(1000))
                stream.height, stream.width = (d - d % 2 for d in frame.shape[:2])
                stream.pix_fmt = "yuv420p"
                stream.options = {"crf": "20", "preset": "veryfast"}
            even = frame[: stream.height, : stream.width]  # yuv420p needs even sides
            for packet in stream.encode(av.VideoFrame.from_ndarray(even, format="rgb24")):
                container.mux(packet)
            count += 1
        if stream is not None:
            for packet in stream.encode():
                container.mux(packet)
    return count
