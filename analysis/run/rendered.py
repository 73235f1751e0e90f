"""The cached renderings: the figures' shared key, the PDF and the HTML page's font subset,
each stored under the digest of its data, the report code and the libraries that draw it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .. import __version__
from .cache import Cache, bytes_array, code_digest, digest
from .memo import versions as _versions

# this module and the arrays the figures are stored as: an edit of either redraws them
_SELF = (__name__, "analysis.run.arrays")


def figures_common(font_name: str) -> str:
    """What every figure's key shares (:func:`analysis.report.jobs.job_key`): the drawing code,
    the libraries and the font (``font_name``, the font file's name); each figure adds its
    own data.

    Returns
    -------
    str
        The digest.
    """
    import sys  # noqa: PLC0415

    return digest(
        "figures", __version__, sys.version,
        code_digest("analysis.report", *_SELF),
        _versions("matplotlib", "wordcloud", "pillow", "numpy", "pandas"), font_name,
    )  # fmt: skip


def cached_pdf(cache: Cache | None, parts: Sequence[object], compile_: Callable[[], bytes]):
    """``compile_()`` or the PDF stored under the digest of ``parts`` (the report's data,
    figures, template, typst version and timestamp)."""
    key = digest("pdf", __version__, code_digest("analysis.report"), _versions("typst"), *parts)
    if cache is not None and (arrays := cache.load("pdf", key)) is not None and "pdf" in arrays:
        return arrays["pdf"].tobytes()
    pdf = compile_()
    if cache is not None:
        cache.save("pdf", key, {"pdf": bytes_array(pdf)})
    return pdf


def cached_bytes(cache: Cache | None, stage: str, parts: Sequence[object], compute):
    """``compute()`` (bytes) or the bytes stored under the digest of ``parts``, the code of
    the report modules and the font libraries (the HTML page's font subset)."""
    key = digest(
        stage,
        __version__,
        code_digest(
            "analysis.report.html", "analysis.report.html_data", "analysis.report.html_assets"
        ),
        _versions("fonttools"),
        *parts,
    )
    if cache is not None and (arrays := cache.load(stage, key)) is not None and "b" in arrays:
        return arrays["b"].tobytes()
    data = compute()
    if cache is not None:
        cache.save(stage, key, {"b": bytes_array(data)})
    return data
