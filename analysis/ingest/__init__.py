"""The ingest stage: corpus files to a :class:`Corpus` of articles and paragraphs.

    model       Paragraph, Article, Corpus (and the layout's Piece)
    read        the only file access: listing, the manifest file, read_articles
    decode      bytes to text, detecting the encoding
    normalize   widths, punctuation, spaces, in-line paragraph marks, t2s
    parse       one decoded file to front matter and articles
    layout      blocks, kinds, page-break rejoins, article splits
    back_matter appendices and notes at the end of an article
    roles       headline, kicker, byline, question/answer, duplicate, foreign
    dates       dates of articles, and the report's date precision
    manifest    manifest.csv rows
    duplicates  near-duplicate articles
    periods     dates to the periods trends are counted over
"""

from ..errors import Notice
from .back_matter import mark_back_matter
from .dates import (
    common_precision,
    corpus_precision,
    date_from_stem,
    date_from_text,
    parse_date,
    shown_date,
)
from .decode import DecodeFailure, decode_bytes
from .duplicates import find_duplicates, mark_duplicate_articles
from .layout import (
    classify,
    is_titleish,
    rejoin_cuts,
    split_articles,
    split_blocks,
)
from .manifest import COMPUTED_COLUMNS, MANIFEST_KEYS, ManifestRow, parse_manifest
from .model import (
    ANALYSED_ROLES,
    ROLES,
    Article,
    Corpus,
    Paragraph,
    Piece,
    count_chars,
    iter_analysed,
)
from .normalize import (
    HAN,
    PARA_MARK,
    mark_inline_paragraphs,
    normalize_line,
    normalize_text,
    split_marked,
    to_simplified,
)
from .parse import parse_text, split_front_matter
from .periods import period_range, period_unit
from .read import (
    NO_CHINESE,
    list_seed_files,
    read_articles,
    read_manifest,
    shown_name,
)
from .roles import assign_roles, mark_duplicates, mark_foreign

__all__ = [
    "ANALYSED_ROLES", "COMPUTED_COLUMNS", "HAN", "MANIFEST_KEYS", "NO_CHINESE", "PARA_MARK",
    "ROLES", "Article", "Corpus", "DecodeFailure", "ManifestRow", "Notice", "Paragraph", "Piece",
    "assign_roles", "classify", "common_precision", "corpus_precision", "count_chars",
    "date_from_stem", "date_from_text", "decode_bytes", "find_duplicates", "is_titleish",
    "iter_analysed", "list_seed_files", "mark_back_matter", "mark_duplicate_articles",
    "mark_duplicates", "mark_foreign", "mark_inline_paragraphs", "normalize_line",
    "normalize_text", "parse_date", "parse_manifest", "parse_text", "period_range", "period_unit",
    "read_articles", "read_manifest", "rejoin_cuts", "shown_date", "shown_name", "split_articles",
    "split_blocks", "split_front_matter", "split_marked", "to_simplified",
]  # fmt: skip
