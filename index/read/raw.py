"""Reading a source file's bytes and refusing what is not readable text, with a reason a person can act on."""

import codecs
import hashlib
from pathlib import Path

from ..errors import SourceError

_SAMPLE_BYTES = 8192
# Share of control bytes in the sample above which a file is taken for binary (the heuristic Perl's -B uses).
_CONTROL_SHARE = 0.3
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a SourceError saying why they cannot be had."""
    try:
        return path.read_bytes()
    except PermissionError:
        raise SourceError(str(path), "cannot read the file: permission denied") from None
    except IsADirectoryError:
        raise SourceError(str(path), "is a folder, not a file") from None
    except FileNotFoundError:
        raise SourceError(str(path), "no such file") from None
    except OSError as error:
        raise SourceError(str(path), f"cannot read the file: {error.strerror or error}") from None


def check_text_like(path: Path, data: bytes) -> None:
    """Refuse empty and binary content; the encoding is not checked here (HTML declares its own)."""
    if not data:
        raise SourceError(str(path), "the file is empty")
    if not data.strip():
        raise SourceError(str(path), "the file holds only white space")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError(str(path), "the file is UTF-16 text; save it as UTF-8")
    if b"\x00" in data:
        raise SourceError(str(path), "looks like a binary file, not text (it holds NUL bytes)")
    sample = data[:_SAMPLE_BYTES]
    controls = sum(1 for byte in sample if (byte < 32 and byte not in _TEXT_CONTROLS) or byte == 127)
    if controls > _CONTROL_SHARE * len(sample):
        raise SourceError(str(path), "looks like a binary file, not text (mostly control characters)")


def decode_utf8(path: Path, data: bytes) -> str:
    """Decode UTF-8 (a leading byte-order mark is dropped), saying where and how it fails."""
    skipped = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skipped:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + skipped
        if error.reason == "unexpected end of data" and error.end + skipped == len(data):
            raise SourceError(
                str(path),
                "the file looks truncated: it ends in the middle of a UTF-8 character "
                f"(byte offset {offset})",
            ) from None
        line = data.count(b"\n", 0, offset) + 1
        raise SourceError(
            str(path),
            f"not valid UTF-8: byte 0x{data[offset]:02x} at byte offset {offset} (line {line}); "
            "save the file as UTF-8",
        ) from None
    if not text.strip():
        raise SourceError(str(path), "the file holds only white space")
    return text


def read_text(path: Path) -> tuple[bytes, str]:
    """The raw bytes (for the content hash) and their text, for formats that must be UTF-8."""
    data = read_bytes(path)
    check_text_like(path, data)
    return data, decode_utf8(path, data)
