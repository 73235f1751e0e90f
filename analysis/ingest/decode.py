"""Decode a corpus file's bytes to text: UTF-8 (with or without BOM), UTF-16/32, GB18030, Big5.

Pure: bytes in, text out; :mod:`analysis.ingest.read` does the reading.
"""

from __future__ import annotations


class DecodeFailure(Exception):
    """A file that is not text tifa can read; the caller skips it with a warning."""


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte-order mark (NUL high bytes of ASCII): the byte order with
    more NULs in the high byte, if the whole file decodes to printable text."""
    if len(data) % 2:
        return None
    odd, even = data[1::2].count(0), data[0::2].count(0)
    codec = "utf-16-le" if odd >= even else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if not all(ch.isprintable() or ch in "\n\r\t\ufeff" for ch in text):
        return None
    return text, codec


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a seed file, detecting its encoding.

    UTF-8 (with or without BOM) and UTF-16/32 with BOM are recognised directly, UTF-16 without
    BOM by its NUL bytes when it decodes to printable text; anything else is
    given to charset-normalizer restricted to GB18030 and Big5, because GB18030 decodes Big5
    bytes without error and only a language model can tell them apart.

    Parameters
    ----------
    data : bytes
        The file's content.

    Returns
    -------
    (text, encoding)

    Raises
    ------
    DecodeFailure
        Binary data, or bytes that are none of the supported encodings.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", " with BOM")
            except UnicodeDecodeError as exc:
                raise DecodeFailure(
                    f"starts with a {codec} byte-order mark but is not {codec} "
                    f"(bad byte at offset {exc.start})"
                ) from None
    if b"\x00" in data[:65536]:
        guess = _utf16_without_bom(data)
        if guess is None:
            raise DecodeFailure("binary file (NUL bytes), not text")
        return guess
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    import charset_normalizer  # noqa: PLC0415 - only needed for non-UTF-8 files

    best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    if best is None:
        raise DecodeFailure(
            f"not UTF-8, GB18030 or Big5 text (first bad UTF-8 byte at offset {utf8_error}); "
            "save it as UTF-8"
        )
    return str(best), best.encoding.replace("_", "-")
