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
import scipy.sparse as sp

from .config import RANDOM_STATE
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


def normalised_entropy(mass: np.ndarray) -> np.ndarray:
    """Entropy of each row of a non-negative ``mass`` matrix over its columns, divided by its
    maximum.

    Parameters
    ----------
    mass : numpy.ndarray
        Rows x columns, non-negative.

    Returns
    -------
    numpy.ndarray
        Per row: 1 spread evenly, 0 all in one column, NaN an empty row or one column.
    """
    k = mass.shape[1]
    total = mass.sum(axis=1, keepdims=True)
    if k < 2:
        return np.full(mass.shape[0], np.nan)
    p = np.divide(mass, total, out=np.zeros_like(mass, dtype=np.float64), where=total > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -np.where(p > 0, p * np.log(p), 0.0).sum(axis=1)
    return np.where(total.ravel() > 0, h / np.log(k), np.nan)


def theme_flatness(
    counts: sp.csr_matrix,
    weights: np.ndarray,
    H: np.ndarray,
    terms: Sequence[str],
    model_terms: Sequence[str],
) -> np.ndarray:
    """Flatness of each column (word) of ``counts`` (paragraphs x words): from its loadings in
    ``H`` (components x ``model_terms``, each component scaled to sum 1) when the model has
    it, else from the theme ``weights`` (paragraphs x themes) of the paragraphs it is in.

    Parameters
    ----------
    counts : scipy.sparse.csr_matrix
        Paragraphs x words.
    weights : numpy.ndarray
        Paragraphs x themes.
    H : numpy.ndarray
        Components x ``model_terms``.
    terms, model_terms : sequence of str
        The columns of ``counts`` and of ``H``.

    Returns
    -------
    numpy.ndarray
        The flatness of each word, 0-1 (NaN: undefined).
    """
    flat = normalised_entropy(np.asarray((counts.T @ sp.csr_matrix(weights)).todense()))
    rows = H / np.maximum(H.sum(axis=1, keepdims=True), 1e-12)
    loading = normalised_entropy(rows.T)
    col = {t: i for i, t in enumerate(model_terms)}
    for j, w in enumerate(terms):
        if w in col:
            flat[j] = loading[col[w]]
    return flat


def _dp(observed_shares: np.ndarray, expected: np.ndarray) -> np.ndarray:
    return 0.5 * np.abs(observed_shares - expected[:, None]).sum(axis=0)


def dispersion_dp(group_counts: sp.csr_matrix) -> np.ndarray:
    """Gries' deviation of proportions (DP, 2008) of each column over the rows (groups): half
    the summed difference between the share of the word's occurrences in each group and the
    group's share of all tokens. 0: used exactly in proportion everywhere; near 1: all in one
    small group.

    Parameters
    ----------
    group_counts : scipy.sparse matrix
        Groups x words.

    Returns
    -------
    numpy.ndarray
        The DP of each word; NaN with fewer than two groups.
    """
    m = sp.csr_matrix(group_counts, dtype=np.float64)
    sizes = np.asarray(m.sum(axis=1)).ravel()
    if m.shape[0] < 2 or sizes.sum() == 0:
        return np.full(m.shape[1], np.nan)
    total = np.asarray(m.sum(axis=0)).ravel()
    observed = m.multiply(1 / np.maximum(total, 1)[None, :]).toarray()  # groups x words
    return _dp(observed, sizes / sizes.sum())


def expected_dp(
    counts: np.ndarray, sizes: np.ndarray, *, draws: int = 64, random_state: int = RANDOM_STATE
) -> np.ndarray:
    """The DP a word of each count would have if its occurrences fell into the groups at
    random (in proportion to their sizes): the mean over ``draws`` multinomial samples, one
    simulation per distinct count. A word seen 3 times cannot spread over 50 articles, so its
    DP is high by chance; what says 'concentrated' is DP beyond this.

    Parameters
    ----------
    counts : numpy.ndarray
        The count of each word.
    sizes : numpy.ndarray
        The tokens of each group.
    draws : int
        Samples per distinct count.
    random_state : int
        Seed of the samples.

    Returns
    -------
    numpy.ndarray
        The expected DP of each word (0 for a count of 0).
    """
    expected = sizes / sizes.sum()
    rng = np.random.default_rng(random_state)
    out = np.zeros(len(counts))
    for c in np.unique(counts):
        if c <= 0:
            continue
        sample = rng.multinomial(int(c), expected, size=draws).T / c  # groups x draws
        out[counts == c] = _dp(sample, expected).mean()
    return out


def excess_dp(group_counts: sp.csr_matrix, *, random_state: int = RANDOM_STATE) -> np.ndarray:
    """How far beyond chance each word is concentrated in some groups, 0-1: ``(DP - E[DP]) /
    (1 - E[DP])``, clipped at 0.

    Parameters
    ----------
    group_counts : scipy.sparse matrix
        Groups x words.
    random_state : int
        Seed of :func:`expected_dp`.

    Returns
    -------
    numpy.ndarray
        The excess DP of each word; NaN with fewer than two groups.
    """
    dp = dispersion_dp(group_counts)
    if np.isnan(dp).all():
        return dp
    m = sp.csr_matrix(group_counts)
    sizes = np.asarray(m.sum(axis=1)).ravel().astype(np.float64)
    counts = np.asarray(m.sum(axis=0)).ravel().astype(np.int64)
    e = expected_dp(counts, sizes, random_state=random_state)
    return np.clip((dp - e) / np.maximum(1 - e, 1e-9), 0, 1)


def reach(df: np.ndarray, n_paragraphs: int) -> np.ndarray:
    """How much of the corpus a word touches, 0-1 on a log scale of the paragraphs it occurs
    in: 1 paragraph -> 0, every paragraph -> 1.

    Parameters
    ----------
    df : numpy.ndarray
        The share of paragraphs each word is in.
    n_paragraphs : int
        The paragraphs of the corpus.

    Returns
    -------
    numpy.ndarray
        The reach of each word, 0-1.
    """
    n = max(n_paragraphs, 2)
    return np.log1p(df * n - 1).clip(min=0) / np.log(n)


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
