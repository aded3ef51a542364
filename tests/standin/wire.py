"""Gateway frames on the wire: JSON text, or a compressed stream when the client's URL asks for one.

discord.py asks for ``compress=zstd-stream`` when a zstd module is importable (``zstandard``, or
``compression.zstd`` on Python 3.14) and for ``compress=zlib-stream`` otherwise. Either way, one
compressor spans the connection and every frame is flushed so the client can decode it on arrival:
zlib frames end with the Z_SYNC_FLUSH marker ``00 00 ff ff``, which the client waits for.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

Encoder = Callable[[str], str | bytes]


def encoder(compress: str | None) -> Encoder:
    if compress is None:
        return lambda text: text
    if compress == "zlib-stream":
        stream = zlib.compressobj()
        return lambda text: stream.compress(text.encode()) + stream.flush(zlib.Z_SYNC_FLUSH)
    if compress == "zstd-stream":
        return _zstd()
    raise ValueError(f"unsupported compress={compress}")


def _zstd() -> Encoder:
    try:
        import zstandard
    except ImportError:
        from compression.zstd import ZstdCompressor  # type: ignore[import-not-found]

        compressor = ZstdCompressor()
        return lambda text: compressor.compress(text.encode(), mode=ZstdCompressor.FLUSH_BLOCK)
    stream = zstandard.ZstdCompressor().compressobj()
    return lambda text: stream.compress(text.encode()) + stream.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
