"""The reference corpus for echo analysis: dated central texts, read like any corpus.

A reference folder is read with :func:`analysis.ingest.read_articles` (same encodings, manifest
and dates), its formulations are discovered with the same lexicon and stopwords as the corpus,
and the result is kept as JSON in the cache directory: a pure function of the files' bytes, the
lexicon, the stopwords and the settings, so the default reference costs nothing after the
first run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import TifaError
from .delivery import missing_years
from .digests import hash_files, reference_digests  # noqa: F401 (re-exported)

# bump when the cached record's layout or meaning changes
CACHE_FORMAT = "reference-1"
# the shipped default; a relative path missing from the current folder is looked up here
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_REFERENCE = "reference/gov-work-reports"

# --------------------------------------------------------------------------- locating


def resolve_folders(values: Sequence[str]) -> list[Path]:
    """The reference folders for ``values`` (``[]`` or ``["none"]``: no reference).

    A relative path is taken from the current folder; the shipped default is also found from
    the project folder, so ``tifa report`` works from anywhere.

    Parameters
    ----------
    values : sequence of str
        ``[echo] reference_corpus`` (or ``--reference-corpus``).

    Returns
    -------
    list of Path

    Raises
    ------
    TifaError
        A folder does not exist.
    """
    if not values or any(v.strip().lower() == "none" for v in values):
        return []
    out = []
    for value in values:
        path = Path(value)
        if not path.is_dir() and not path.is_absolute() and (PROJECT_ROOT / path).is_dir():
            path = PROJECT_ROOT / path
        if not path.is_dir():
            raise TifaError(
                "reference corpus folder not found; give a folder of dated .txt texts or "
                "--reference-corpus none",
                path=value,
            )
        out.append(path)
    return out


# --------------------------------------------------------------------------- processing


@dataclass(frozen=True)
class RefArticle:
    """One reference text: id, date, and its analysed paragraphs as (index, text)."""

    article_id: str
    date: str
    title: str
    paragraphs: tuple[tuple[int, str], ...]

    @property
    def characters(self) -> int:
        return sum(len("".join(t.split())) for _, t in self.paragraphs)


@dataclass(frozen=True)
class RefSlogan:
    """A formulation the reference itself discovered: text, variants, where it is used."""

    text: str
    variants: tuple[str, ...]
    salience: float
    uses: tuple[tuple[int, int], ...]  # (reference article position, count), where used


@dataclass(frozen=True)
class Reference:
    """A processed reference corpus (plain data; see :func:`load_reference`)."""

    folders: tuple[str, ...]
    articles: tuple[RefArticle, ...]
    slogans: tuple[RefSlogan, ...]
    missing: tuple[int, ...]  # years without a text between the first and the last
    cached: bool = False

    @property
    def characters(self) -> int:
        return sum(a.characters for a in self.articles)


def text_digest(paragraphs: Sequence[str]) -> str:
    """The digest of an article's analysed text with all whitespace removed: the same text
    read from the corpus and from the reference gives the same digest.

    Parameters
    ----------
    paragraphs : sequence of str
        The analysed paragraphs.

    Returns
    -------
    str
        SHA-256, hex.
    """
    return hashlib.sha256(re.sub(r"\s+", "", "".join(paragraphs)).encode()).hexdigest()


def reference_without(ref: Reference, digests: set[str]) -> tuple[Reference, int]:
    """``ref`` without the texts whose :func:`text_digest` is in ``digests`` (the corpus's own
    articles: a text compared with itself would echo itself), its formulations' uses renumbered
    and its missing years recomputed; and how many texts were left out.

    Parameters
    ----------
    ref : Reference
        The processed reference.
    digests : set of str
        :func:`text_digest` of the texts to leave out.

    Returns
    -------
    Reference
        Without those texts.
    int
        How many were left out.
    """
    keep = [i for i, a in enumerate(ref.articles)
            if text_digest([t for _, t in a.paragraphs]) not in digests]  # fmt: skip
    if len(keep) == len(ref.articles):
        return ref, 0
    new = {old: i for i, old in enumerate(keep)}
    slogans = []
    for s in ref.slogans:
        uses = tuple((new[p], c) for p, c in s.uses if p in new)
        if uses:
            slogans.append(dataclasses.replace(s, uses=uses))
    articles = tuple(ref.articles[i] for i in keep)
    years = sorted({int(a.date[:4]) for a in articles if a.date[:4].isdigit()})
    out = dataclasses.replace(
        ref, articles=articles, slogans=tuple(slogans), missing=tuple(missing_years(years))
    )
    return out, len(ref.articles) - len(keep)


def _key(folders: Sequence[Path], *, manifest: str, settings: dict) -> str:
    """The cache key of a reference: its files' bytes, the settings, the discovery code and weights."""
    from ..run.cache import code_digest  # noqa: PLC0415
    from ..run.stages import _weights_text  # noqa: PLC0415

    h = hashlib.sha256(CACHE_FORMAT.encode())
    h.update(json.dumps(settings, sort_keys=True, ensure_ascii=False).encode())
    # the discovery code and the shipped weights: a refit or a code change is never served
    # the old reference formulations
    code = code_digest(
        "analysis.slogans", "analysis.dispersion", "analysis.kwic", "analysis.ingest", __name__,
        "analysis.echo.delivery",
    )
    h.update(code.encode() + _weights_text().encode())
    hash_files(h, folders, manifest)
    return h.hexdigest()


def _to_json(ref: Reference) -> dict:
    """``ref`` as the JSON record of its cache entry."""
    return {
        "folders": list(ref.folders),
        "missing": list(ref.missing),
        "articles": [
            {"id": a.article_id, "date": a.date, "title": a.title, "paragraphs": list(map(list, a.paragraphs))}
            for a in ref.articles
        ],
        "slogans": [
            {"text": s.text, "variants": list(s.variants), "salience": s.salience, "uses": list(map(list, s.uses))}
            for s in ref.slogans
        ],
    }  # fmt: skip


def _from_json(data: dict) -> Reference:
    """The reference of a cache entry's JSON record (``cached=True``)."""
    return Reference(
        folders=tuple(data["folders"]),
        missing=tuple(data["missing"]),
        articles=tuple(
            RefArticle(a["id"], a["date"], a["title"], tuple((int(i), t) for i, t in a["paragraphs"]))
            for a in data["articles"]
        ),
        slogans=tuple(
            RefSlogan(s["text"], tuple(s["variants"]), float(s["salience"]), tuple((int(p), int(n)) for p, n in s["uses"]))
            for s in data["slogans"]
        ),
        cached=True,
    )  # fmt: skip


def process_reference(
    folders: Sequence[Path],
    *,
    manifest: str,
    engine: str,
    lexicon: Sequence,
    stopwords: frozenset[str],
    sample_chars: int,
    cache_dir: str | Path | None,
) -> Reference:
    """Read, segment and discover the formulations of the reference folders.

    The same ingestion, lexicon and stopwords as the corpus; with more than one folder the
    article ids are prefixed with the folder's name. Discovery keeps the formulations of
    :func:`analysis.slogans.find_slogans` with their use per period (year).

    Parameters
    ----------
    folders : sequence of Path
        The reference folders.
    manifest : str
        The manifest file name.
    engine : str
        The segmentation engine.
    lexicon : sequence of Entry
        The user lexicon.
    stopwords : frozenset of str
        The stopwords.
    sample_chars : int
        ``[slogans] sample_chars``.
    cache_dir : str or Path, optional
        The token cache.

    Returns
    -------
    Reference
    """
    from ..ingest import read_articles  # noqa: PLC0415
    from ..segment import make_segmenter, tokens  # noqa: PLC0415
    from ..slogans import find_slogans  # noqa: PLC0415

    articles = []
    for folder in folders:
        corpus = read_articles(folder, manifest=manifest)
        for a in corpus.articles:
            if len(folders) > 1:
                a = dataclasses.replace(a, article_id=f"{folder.name}/{a.article_id}")
            articles.append(a)
    articles.sort(key=lambda a: (a.date or "9999", a.article_id))
    segmenter = make_segmenter(engine=engine, lexicon=lexicon)
    raw, _ = tokens(articles, segmenter, cache_dir=cache_dir)
    base = make_segmenter(engine=engine, lexicon=())
    found = find_slogans(
        articles, raw, tag=base.tag, is_word=base.has_word, stopwords=stopwords,
        max_sample_chars=sample_chars,
    )  # fmt: skip
    use: dict[int, dict[int, int]] = {}
    for h in found.hits:
        use.setdefault(h.slogan, {}).setdefault(h.article, 0)
        use[h.slogan][h.article] += 1
    salience = found.table["salience"].tolist()
    slogans = tuple(
        RefSlogan(s.text, s.variants, round(float(salience[i]), 6), tuple(sorted(use.get(i, {}).items())))
        for i, s in enumerate(found.slogans)
    )  # fmt: skip
    years = [int(a.date[:4]) for a in articles if a.date]
    return Reference(
        folders=tuple(str(f) for f in folders),
        articles=tuple(
            RefArticle(a.article_id, a.date, a.title, tuple((p.index, p.text) for p in a.analysed))
            for a in articles
        ),
        slogans=slogans,
        missing=tuple(missing_years(years)),
    )


def load_reference(
    folders: Sequence[Path],
    *,
    manifest: str,
    engine: str,
    lexicon: Sequence,
    stopwords: frozenset[str],
    sample_chars: int,
    cache_dir: str | Path | None,
) -> Reference:
    """:func:`process_reference`, from the cache when the same inputs were processed before,
    without the formulations the stopwords filter out (:func:`filter_reference`).

    The cache entry (``CACHE_DIR/reference/KEY.json``) is keyed by the bytes of every file of
    the folders, the lexicon, the engine and the settings, not the stopwords (a final filter);
    a cache never changes a result.

    Parameters
    ----------
    folders, manifest, engine, lexicon, stopwords, sample_chars, cache_dir
        As for :func:`process_reference`; ``cache_dir`` also holds the reference entry.

    Returns
    -------
    Reference
        ``cached`` when read from the cache.
    """
    ref, words = unfiltered_reference(
        folders, manifest=manifest, engine=engine, lexicon=lexicon, sample_chars=sample_chars,
        cache_dir=cache_dir,
    )  # fmt: skip
    return filter_reference(ref, stopwords, words)


def unfiltered_reference(
    folders: Sequence[Path],
    *,
    manifest: str,
    engine: str,
    lexicon: Sequence,
    sample_chars: int,
    cache_dir: str | Path | None,
) -> tuple[Reference, dict]:
    """The reference of :func:`load_reference` before the stopword filter, and the words of
    each of its formulations (what :func:`filter_reference` needs): the part of it that no
    stopword edit changes.

    Returns
    -------
    (Reference, dict)
    """
    from ..run.stages import slogan_words  # noqa: PLC0415
    from ..segment import make_segmenter  # noqa: PLC0415

    settings = {
        "manifest": manifest, "segmenter": make_segmenter(engine=engine, lexicon=lexicon).key,
        "stopwords": "final filter",  # discovery runs without them (a stopword edit: no redo)
        "sample_chars": sample_chars, "names": [f.name for f in folders],
    }  # fmt: skip
    path = None
    if cache_dir:
        path = (
            Path(cache_dir)
            / "reference"
            / f"{_key(folders, manifest=manifest, settings=settings)}.json"
        )
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                return _from_json(data), data["words"]
            except (ValueError, KeyError, TypeError):
                pass  # a damaged entry is recomputed
    ref = process_reference(
        folders, manifest=manifest, engine=engine, lexicon=lexicon, stopwords=frozenset(),
        sample_chars=sample_chars, cache_dir=cache_dir,
    )  # fmt: skip
    base = make_segmenter(engine=engine, lexicon=())
    words = slogan_words(ref, base.tag)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        data = {**_to_json(ref), "words": words}
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    return ref, words


def filter_reference(ref: Reference, stopwords: frozenset[str], words: dict) -> Reference:
    """``ref`` without the formulations that are stopwords or made only of them: the stopword
    lists' final filter (as for the corpus, :func:`analysis.run.stages.cached_slogans`), applied
    after the cache, so that a stopword edit never rediscovers the reference's formulations."""
    from ..run.stages import stopword_filter  # noqa: PLC0415

    drop = stopword_filter(stopwords, words)
    kept = tuple(s for s in ref.slogans if not drop(s))
    return ref if len(kept) == len(ref.slogans) else dataclasses.replace(ref, slogans=kept)
