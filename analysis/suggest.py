"""Suggest stopwords: words that are everywhere, load on every theme and set no group apart.

The evidence for each word of the corpus (every token, before any stopword list):

- ``reach``: the paragraphs it occurs in, on a log scale (1 paragraph: 0, all: 1);
- ``flatness``: how evenly it loads on the NMF components (normalised entropy of its column
  of ``H``, each component scaled to sum 1); for a word outside the model (a listed
  stopword, a rare word), how evenly the paragraphs it occurs in spread over the themes;
- ``concentration``: how far its Gries DP over the compared groups (articles by default)
  exceeds the DP of a word of the same count spread at random (0: no more concentrated than
  chance);
- ``public``: whether the public Chinese list of the ``stopwordsiso`` package has it;
- ``function``: whether jieba tags it as a function word (adverb 进一步, pronoun 各级,
  preposition, conjunction, particle, measure word, locative).

``score = reach x (0.6 x flatness x (1 - concentration)^2 + 0.1 x public + 0.3 x function)``.
Words of the user lexicon, formulations, numbers, personal names and the keep list are never
suggested: they are content by the user's own account. Words shorter than ``[terms]
min_chars`` (dropped anyway) and content words (:func:`content_words`: the top terms of a
theme, the leading terms of a comparison, unless jieba tags them as function words) keep their
row with the evidence but are not ``offered``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .dispersion import excess_dp, reach, theme_flatness
from .segment import _HAS_LETTER, is_number_word, is_person
from .vectorize import dtm, dtm_group

COLUMNS = (
    "word", "score", "count", "df", "reach", "flatness", "concentration", "public", "function",
    "listed", "offered",
)  # fmt: skip
PUBLIC_WEIGHT = 0.1
FUNCTION_WEIGHT = 0.3
# jieba's tags of function words: adverbs (d, ad, vd), pronouns (r), prepositions (p),
# conjunctions (c), particles (u*), measure words (q), modal particles (y), interjections (e),
# onomatopoeia (o), locatives (f)
_FUNCTION_TAGS = frozenset({"d", "ad", "vd", "r", "rr", "rz", "p", "c", "q", "y", "e", "o", "f"})


def is_function_tag(tag: str) -> bool:
    """True for jieba's part-of-speech tags of function words.

    Parameters
    ----------
    tag : str
        A jieba part-of-speech tag.

    Returns
    -------
    bool
        Adverb, pronoun, preposition, conjunction, particle, measure word, locative...
    """
    return tag in _FUNCTION_TAGS or tag.startswith("u")


def public_stopwords() -> frozenset[str]:
    """The Chinese list of the ``stopwordsiso`` package (stopwords-iso, MIT).

    Returns
    -------
    frozenset of str
        The words; empty when the package is missing.
    """
    try:
        import stopwordsiso  # noqa: PLC0415
    except ImportError:  # pragma: no cover - a declared dependency
        return frozenset()
    return frozenset(stopwordsiso.stopwords("zh"))


KEY_TOP = 10  # the leading terms of each side of a comparison count as content


def content_words(analysis, *, top_terms: int) -> set[str]:
    """Words that carry the analysis: each theme's top terms and the terms of a keyness list
    that are significant or among the ``KEY_TOP`` of their side.

    Parameters
    ----------
    analysis : analysis.result.Analysis
    top_terms : int
        The top terms of each theme that count as content (``[themes] top_terms``).

    Returns
    -------
    set of str
    """
    out: set[str] = set()
    th = analysis.themes
    if th is not None:
        n = top_terms
        for row in th.H:
            out.update(th.terms[i] for i in np.argsort(-row, kind="stable")[:n] if row[i] > 0)
    cmp = analysis.comparison
    if cmp is not None and len(cmp.keyness):
        key = cmp.keyness[cmp.keyness["kind"] == "term"]
        if "significant" in key:
            out.update(key.loc[key["significant"].astype(bool), "term"])
        for _, g in key.groupby(["target", "reference"], sort=False):
            out.update(g[g["score"] > 0].head(KEY_TOP)["term"])
            out.update(g[g["score"] < 0].tail(KEY_TOP)["term"])
    return out


def suggest_stopwords(
    analysis,
    *,
    top_terms: int,
    min_chars: int,
    random_state: int,
    public: frozenset[str] | None = None,
    exclude: Iterable[str] = (),
) -> pd.DataFrame:
    """Every candidate word of ``analysis`` with its evidence and score, best candidate first.

    ``listed`` names the stopword file and line that already holds the word (``""``: none);
    ``offered`` is false for words shorter than ``min_chars`` and for content words.

    Parameters
    ----------
    analysis : analysis.result.Analysis
    top_terms : int
        ``[themes] top_terms``: each theme's top terms are content words.
    min_chars : int
        ``[terms] min_chars``: shorter words are not offered.
    random_state : int
        Seed of the chance baseline of the concentration measure.
    public : frozenset of str, optional
        The public stopword list (default: ``stopwordsiso``'s Chinese list).
    exclude : iterable of str
        Words never suggested.

    Returns
    -------
    DataFrame
        One row per candidate word, best first.
    """
    raw = analysis.raw_tokens
    public = public_stopwords() if public is None else public
    para = dtm(raw)
    terms = np.array(para.terms, dtype=object)
    tags = dict(zip(raw.vocab, raw.tags, strict=True))
    protected = set(exclude)
    protected.update(e.word for e in analysis.lexicon)
    protected.update(e.word for e in analysis.keep)
    if analysis.slogans is not None:
        for s in analysis.slogans.slogans:
            protected.add(s.text)
            protected.update(s.variants)
    ok = np.array(
        [
            w not in protected
            and _HAS_LETTER.search(w) is not None
            and not is_number_word(w)
            and not is_person(w, tags.get(w, ""))
            for w in para.terms
        ],
        dtype=bool,
    )
    m = para.matrix.tocsc()[:, ok].tocsr()
    terms = terms[ok]
    n_para = max(m.shape[0], 1)
    df = np.diff(m.tocsc().indptr) / n_para
    count = np.asarray(m.sum(axis=0)).ravel().astype(int)
    th = analysis.themes
    if th is not None and th.paragraph_weights.shape[0] == m.shape[0]:
        flat = theme_flatness(m, th.paragraph_weights, th.H, terms, th.terms)
    else:
        flat = np.full(len(terms), np.nan)
    cmp = analysis.comparison
    if cmp is not None:
        groups = list(cmp.article_groups)
        names = sorted(set(groups) - {""})
        index = {g: i for i, g in enumerate(names)}
        rows = np.array([index.get(groups[a], -1) for a in raw.article])
        keep_rows = rows >= 0
        grouped = dtm_group(
            type(para)(m[keep_rows], tuple(terms)), rows[keep_rows], len(names)
        ).matrix
        z = excess_dp(grouped, random_state=random_state)
    else:
        z = np.full(len(terms), np.nan)
    evenness = (1.0 - z) ** 2  # concentration beyond chance is strong evidence of content
    # both must hold: a word that is even over the articles but belongs to one theme (or the
    # other way round) is content; a missing measure (no themes, one group) counts as even
    spread = np.where(np.isnan(flat), 1.0, flat) * np.where(np.isnan(evenness), 1.0, evenness)
    in_public = np.array([w in public for w in terms], dtype=bool)
    function = np.array([is_function_tag(tags.get(w, "")) for w in terms], dtype=bool)
    touch = reach(df, n_para)
    noise = (1 - PUBLIC_WEIGHT - FUNCTION_WEIGHT) * spread
    score = touch * (noise + PUBLIC_WEIGHT * in_public + FUNCTION_WEIGHT * function)
    content = content_words(analysis, top_terms=top_terms)
    offered = [
        len(w) >= min_chars and (w not in content or bool(f))
        for w, f in zip(terms, function, strict=True)
    ]
    listed = {}
    for e in analysis.stopwords:
        listed.setdefault(e.word, f"{e.path}:{e.line}")
    out = pd.DataFrame(
        {
            "word": terms,
            "score": score,
            "count": count,
            "df": df,
            "reach": touch,
            "flatness": flat,
            "concentration": z,
            "public": in_public,
            "function": function,
            "listed": [listed.get(w, "") for w in terms],
            "offered": np.array(offered, dtype=bool),
        }
    )
    return out.sort_values(
        ["score", "count", "word"], ascending=[False, False, True], ignore_index=True
    )


def paste_block(words: Sequence[str], *, today: str, source: str) -> str:
    """Lines to append to a stopword file: a dated comment, then one word per line.

    Parameters
    ----------
    words : sequence of str
        The words to add.
    today : str
        The date of the comment (ISO).
    source : str
        The seeds folder named in the comment.

    Returns
    -------
    str
        The block, ending in a newline.
    """
    head = f"# added by `tifa stopwords suggest` on {today} from {source}\n"
    return head + "".join(f"{w}\n" for w in words)
