"""Echo analysis: which central formulations a corpus repeats, which it anticipates, which it
coins, against a dated reference corpus (see :mod:`analysis.reference`).

Every function here takes plain values (texts, dates, variant lists) and returns plain data
or DataFrames with the columns of ``echo.csv``, ``echo_rates.csv``, ``echo_gaps.csv`` and
``diffusion.csv`` (CONTRACT.md).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

ORIGINS = ("echoed", "anticipated", "concurrent", "own", "in_reference")
COLUMNS = {
    "echo": (
        "article_id", "slogan", "origin", "date", "reference_first_date", "reference_count",
        "lag_days", "lag_years",
    ),
    "echo_gaps": ("period", "slogan", "reference_first_date", "reference_count", "reference_period"),
    "echo_rates": (
        "group", "kind", "uses", "echoed_uses", "formulations", "echoed_formulations",
        "echo_rate", "median_lag_days", "reused_share",
    ),
    "diffusion": ("slogan", "group", "first_date", "lag_days", "adopted_share", "lag_years"),
}  # fmt: skip

_NUMERALS = frozenset("一二三四五六七八九十两百千万〇零0123456789")
_ORDINAL = _NUMERALS | {"第", "之"}
_UNITS = frozenset("年月日天个万亿元倍次件项条人种位家所名届岁点")

# --------------------------------------------------------------------------- matching


def count_formulations(
    variants: Sequence[Sequence[str]], texts: Sequence[str]
) -> list[Counter[int]]:
    """Count each formulation (any of its variants) in each text.

    Each formulation is counted on its own (高质量发展 also inside 推动高质量发展), its
    variants' matches without overlap; a numeral form inside a longer number (九五 in
    一九五四年, 十五 in 二十五) does not count.

    Parameters
    ----------
    variants : per formulation, the forms that count as it (the slogans table's ``variants``)
    texts : the texts to search

    Returns
    -------
    list of Counter
        Per text, formulation index -> count (only formulations that occur).
    """
    import ahocorasick  # noqa: PLC0415

    automaton = ahocorasick.Automaton()
    owners: dict[str, list[int]] = {}
    for i, forms in enumerate(variants):
        for form in forms:
            if form:
                owners.setdefault(form, []).append(i)
    if not owners:
        return [Counter() for _ in texts]
    for form, idx in owners.items():
        automaton.add_word(form, (len(form), tuple(idx)))
    automaton.make_automaton()
    out = []
    for text in texts:
        spans: dict[int, list[tuple[int, int]]] = {}
        for end, (n, idx) in automaton.iter(text):
            start = end - n + 1
            if (text[start] in _NUMERALS and start > 0 and text[start - 1] in _ORDINAL) or (
                text[end] in _NUMERALS and end + 1 < len(text) and text[end + 1] in _NUMERALS
            ):
                continue
            if (
                all(ch in _NUMERALS for ch in text[start : end + 1])
                and text[end + 1 : end + 2] in _UNITS
            ):
                continue
            for i in idx:
                spans.setdefault(i, []).append((start, end + 1))
        counts: Counter[int] = Counter()
        for i, found in spans.items():
            last = -1
            for start, end in sorted(found, key=lambda s: (s[0], -s[1])):
                if start >= last:
                    counts[i] += 1
                    last = end
        out.append(counts)
    return out


# --------------------------------------------------------------------------- dates


def _day(date: str) -> dt.date:
    return dt.date.fromisoformat(date)


def compare_dates(date: str, reference: str) -> tuple[int, int | None]:
    """Compare two ISO dates at the precision both have.

    Returns
    -------
    sign : int
        1 when ``date`` is later than ``reference``, -1 when earlier, 0 when the same at the
        common precision (``2025`` against ``2025-01-14`` is the same).
    lag_days : int or None
        ``date - reference`` in days when both are whole dates, else None.
    """
    n = min(len(date), len(reference))
    a, b = date[:n], reference[:n]
    sign = (a > b) - (a < b)
    lag = (_day(date) - _day(reference)).days if n >= 10 else None
    return sign, lag


def origin(date: str, reference_first: str) -> str:
    """``echoed``, ``anticipated``, ``concurrent`` or ``own`` for a text of ``date`` that uses a
    formulation the reference first uses on ``reference_first`` (``""``: never); an undated
    text gets ``in_reference`` or ``own``."""
    if not reference_first:
        return "own"
    if not date:
        return "in_reference"
    sign, _ = compare_dates(date, reference_first)
    return {1: "echoed", -1: "anticipated", 0: "concurrent"}[sign]


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class RefUse:
    """Where the reference uses one formulation: its first date and its total count."""

    first_date: str
    count: int


def reference_uses(counts: Sequence[Counter[int]], dates: Sequence[str], n: int) -> list[RefUse]:
    """Per formulation, the reference's first (earliest) date and total count.

    ``counts`` are per reference text (see :func:`count_formulations`), ``dates`` the texts'
    dates; an undated reference text counts but gives no first date.
    """
    first = [""] * n
    total = [0] * n
    for c, d in zip(counts, dates, strict=True):
        for i, k in c.items():
            total[i] += k
            if d and (not first[i] or _earlier(d, first[i])):
                first[i] = d
    return [RefUse(f, t) for f, t in zip(first, total, strict=True)]


def _earlier(a: str, b: str) -> bool:
    """``a`` is earlier than ``b``; at the same common precision the more precise one wins."""
    sign, _ = compare_dates(a, b)
    return sign < 0 or (sign == 0 and len(a) > len(b))


def echo_table(
    names: Sequence[str],
    article_ids: Sequence[str],
    dates: Sequence[str],
    corpus_counts: Sequence[Counter[int]],
    uses: Sequence[RefUse],
) -> pd.DataFrame:
    """``echo.csv``: a row per article and formulation it uses, with the formulation's origin.

    ``lag_days`` is the article's date minus the reference's first date when both are whole
    dates; ``lag_years`` the difference of their years (a tifa addition: the lag that is
    known at any precision). Rows follow the articles, then the order of ``names``.
    """
    rows = []
    for aid, date, counts in zip(article_ids, dates, corpus_counts, strict=True):
        for i in sorted(counts):
            ref = uses[i]
            lag = years = None
            if date and ref.first_date:
                _, lag = compare_dates(date, ref.first_date)
                years = int(date[:4]) - int(ref.first_date[:4])
            # only undated reference texts use it: in the reference, but no order in time
            found = (
                origin(date, ref.first_date) if ref.first_date or not ref.count else "in_reference"
            )
            rows.append(
                (aid, names[i], found, date, ref.first_date, ref.count, lag, years, counts[i])
            )  # fmt: skip
    df = pd.DataFrame(rows, columns=[*COLUMNS["echo"], "uses"])
    for col in ("lag_days", "lag_years"):
        df[col] = df[col].astype("Int64")
    return df


def _median(values) -> float:
    vals = [v for v in values if v is not None and not pd.isna(v)]
    return float(np.median(vals)) if vals else math.nan


def echo_rates(
    echo: pd.DataFrame,
    article_ids: Sequence[str],
    periods: Sequence[str],
    characters: Sequence[int],
    reused_chars: Sequence[int],
) -> pd.DataFrame:
    """``echo_rates.csv``: per article and per period, the formulation uses and distinct
    formulations, how many of them are echoed, the echo rate (echoed uses / uses), the median
    lag in days of the echoed formulations and the share of the text reused from the
    reference. An undated article has no echo rate (nothing is before or after it)."""
    rows = []
    period_of = dict(zip(article_ids, periods, strict=True))
    dated = dict(zip(article_ids, [bool(p) for p in periods], strict=True))

    def row(group, kind, part, chars, reused, has_date):
        uses = int(part["uses"].sum())
        echoed = part[part["origin"] == "echoed"]
        e_uses = int(echoed["uses"].sum())
        rate = e_uses / uses if uses and has_date else math.nan
        return (
            group, kind, uses, e_uses, part["slogan"].nunique(), echoed["slogan"].nunique(),
            rate, _median(echoed["lag_days"].tolist()), reused / chars if chars else math.nan,
        )  # fmt: skip

    by_article = dict(tuple(echo.groupby("article_id", sort=False))) if len(echo) else {}
    empty = echo.iloc[0:0]
    for aid, chars, reused in zip(article_ids, characters, reused_chars, strict=True):
        rows.append(row(aid, "article", by_article.get(aid, empty), chars, reused, dated[aid]))
    per_chars: Counter[str] = Counter()
    per_reused: Counter[str] = Counter()
    for aid, chars, reused in zip(article_ids, characters, reused_chars, strict=True):
        per_chars[period_of[aid]] += chars
        per_reused[period_of[aid]] += reused
    labelled = (
        echo.assign(period=echo["article_id"].map(period_of))
        if len(echo)
        else echo.assign(period=[])
    )
    for period in sorted(p for p in per_chars if p):
        part = labelled[labelled["period"] == period]
        rows.append(row(period, "period", part, per_chars[period], per_reused[period], True))
    return pd.DataFrame(rows, columns=COLUMNS["echo_rates"])


def leading(
    uses: Sequence[tuple[tuple[int, int], ...]], ref_years: Sequence[int], year: int, *, top: int
) -> list[int]:
    """The reference's leading formulations of ``year``: those it uses that year, ranked by
    count x log(years of the reference / years using it) (a formulation of every year, 共产党,
    leads none), then by position (salience); at most ``top``."""
    n_years = len(set(ref_years) - {0})
    scored = []
    for i, u in enumerate(uses):
        years = {ref_years[a] for a, _ in u}
        here = sum(k for a, k in u if ref_years[a] == year)
        if here and len(years) < n_years:
            scored.append((-here * math.log(n_years / len(years)), i))
    return [i for _, i in sorted(scored)[:top]]


def echo_gaps(
    names: Sequence[str],
    uses: Sequence[tuple[tuple[int, int], ...]],
    ref_dates: Sequence[str],
    corpus_used: set[int],
    corpus_periods: Sequence[str],
    *,
    top: int,
) -> pd.DataFrame:
    """``echo_gaps.csv``: for each period of the corpus, the reference's leading formulations
    (:func:`leading`, ``top`` of them) of the last reference year with a text before that
    period that the corpus never uses (``corpus_used``: indices of those it does)."""
    ref_years = [int(d[:4]) if d else 0 for d in ref_dates]
    rows = []
    for period in sorted({p for p in corpus_periods if p}):
        # reference texts before the period at the precision both have (2024-05 follows the
        # report of 2024-03-05; 2024-02 and 2024 do not)
        before = [
            y
            for y, d in zip(ref_years, ref_dates, strict=True)
            if d and compare_dates(period, d)[0] > 0
        ]
        if not before:
            continue
        year = max(before)
        for i in leading(uses, ref_years, year, top=top):
            if i in corpus_used:
                continue
            dated = [ref_dates[a] for a, _ in uses[i] if ref_dates[a]]
            first = min(dated, key=lambda d: (d[:4], -len(d), d)) if dated else ""
            rows.append((period, names[i], first, sum(k for _, k in uses[i]), str(year)))
    return pd.DataFrame(rows, columns=COLUMNS["echo_gaps"])


def diffusion(echo: pd.DataFrame, groups: dict[str, str]) -> pd.DataFrame:
    """``diffusion.csv``: for each formulation echoed somewhere, each group's first use (its
    earliest dated article using it), the lag from the reference's first date, and the
    cumulative share of the corpus's groups that had adopted it by that date.

    ``groups`` maps article ids to group labels (``""``: no group)."""
    n_groups = len({g for g in groups.values() if g})
    echoed = set(echo.loc[echo["origin"] == "echoed", "slogan"])
    firsts: dict[str, dict[str, str]] = {}
    refs: dict[str, str] = {}
    for aid, name, date, ref in zip(
        echo["article_id"], echo["slogan"], echo["date"], echo["reference_first_date"],
        strict=True,
    ):  # fmt: skip
        g = groups.get(aid, "")
        if name not in echoed or not date or not g:
            continue
        refs[name] = ref
        seen = firsts.setdefault(name, {})
        if g not in seen or _earlier(date, seen[g]):
            seen[g] = date
    rows = []
    for name in dict.fromkeys(echo["slogan"]):
        if name not in firsts:
            continue
        ref = refs[name]
        order = sorted(firsts[name].items(), key=lambda kv: (kv[1], kv[0]))
        for g, date in order:
            adopted = sum(1 for _, d in order if d[: min(len(d), len(date))] <= date[: len(d)])
            _, lag = compare_dates(date, ref)
            rows.append((name, g, date, lag, adopted / n_groups, int(date[:4]) - int(ref[:4])))
    df = pd.DataFrame(rows, columns=COLUMNS["diffusion"])
    for col in ("lag_days", "lag_years"):
        df[col] = df[col].astype("Int64")
    return df


# --------------------------------------------------------------------------- the whole stage


@dataclass(frozen=True)
class EchoResult:
    """The echo tables and what the report says about the reference."""

    echo: pd.DataFrame
    rates: pd.DataFrame
    gaps: pd.DataFrame
    diffusion: pd.DataFrame
    reuse: pd.DataFrame
    folders: tuple[str, ...]
    reference_articles: int
    reference_span: tuple[str, str]
    missing_years: tuple[int, ...]
    by: str
    reuse_threshold: float
    formulations: tuple[str, ...] = ()  # every formulation asked about, most salient first
    groups: int = 0  # groups of [echo] by that have a value
    cached: bool = False
    timings: dict[str, float] = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The contract's echo tables by name (``echo.csv`` without the helper ``uses``)."""

        def plain(df: pd.DataFrame) -> pd.DataFrame:  # nullable ints: empty cells
            return df.astype({c: object for c in df.columns if str(df[c].dtype) == "Int64"})

        return {
            "echo": plain(self.echo[list(COLUMNS["echo"])]),
            "echo_rates": self.rates,
            "echo_gaps": self.gaps,
            "diffusion": plain(self.diffusion),
            "reuse": self.reuse,
        }


def formulations(
    slogans: Sequence[tuple[str, Sequence[str]]],
    lexicon_words: Sequence[str],
    corpus_texts: Sequence[str],
    ref_texts: Sequence[str],
) -> list[tuple[str, tuple[str, ...]]]:
    """The formulations whose origin is asked: the corpus's slogans (with their variants),
    then the user-lexicon words that both the corpus and the reference use and that no slogan
    covers (a lexicon is declared vocabulary: a place or firm name in it is no formulation the
    corpus coins, but a central word the reference confirms is one the corpus may echo)."""
    out = [(s, tuple(v) or (s,)) for s, v in slogans]
    known = {f for _, v in out for f in v}
    extra = [w for w in dict.fromkeys(lexicon_words) if w and w not in known and len(w) >= 2]
    if extra:
        corpus_text = "\n".join(corpus_texts)
        ref_text = "\n".join(ref_texts)
        out += [(w, (w,)) for w in extra if w in corpus_text and w in ref_text]
    return out


def analyse_echo(
    articles: Sequence,
    slogans: Sequence[tuple[str, Sequence[str]]],
    reference,
    *,
    lexicon_words: Sequence[str] = (),
    by: str = "article",
    gaps_top: int = 20,
    reuse_threshold: float = 0.4,
    reuse_min_chars: int = 15,
) -> EchoResult:
    """Run the whole echo analysis of ``articles`` against a processed ``reference``.

    Parameters
    ----------
    articles : the corpus's articles (:class:`analysis.ingest.Article`)
    slogans : (slogan, variants) of the corpus, most salient first (the slogans table)
    reference : :class:`analysis.reference.Reference`
    lexicon_words : user-lexicon words (see :func:`formulations`)
    by : manifest column (or ``article``, ``period``) whose values are the diffusion groups
    gaps_top : leading reference formulations per year looked at for ``echo_gaps.csv``
    reuse_threshold, reuse_min_chars : see :func:`analysis.reuse.reused_sentences`
    """
    import time  # noqa: PLC0415

    from .compare import group_labels  # noqa: PLC0415
    from .ingest.periods import periods as article_periods  # noqa: PLC0415
    from .reuse import reused_sentences  # noqa: PLC0415

    t = time.perf_counter()
    ids = [a.article_id for a in articles]
    dates = [a.date for a in articles]
    corpus_texts = ["\n".join(p.text for p in a.analysed) for a in articles]
    ref_texts = ["\n".join(t for _, t in r.paragraphs) for r in reference.articles]
    ref_dates = [r.date for r in reference.articles]
    forms = formulations(slogans, lexicon_words, corpus_texts, ref_texts)
    names = [n for n, _ in forms]
    variants = [v for _, v in forms]
    corpus_counts = count_formulations(variants, corpus_texts)
    ref_counts = count_formulations(variants, ref_texts)
    uses = reference_uses(ref_counts, ref_dates, len(forms))
    echo = echo_table(names, ids, dates, corpus_counts, uses)
    timings = {"match": time.perf_counter() - t}

    t = time.perf_counter()
    reuse = reused_sentences(
        articles, reference.articles, threshold=reuse_threshold, min_chars=reuse_min_chars
    )
    reused = reuse.groupby("article_id")["text"].apply(
        lambda s: sum(len("".join(x.split())) for x in s)
    )
    timings["reuse"] = time.perf_counter() - t

    per = article_periods(dates)
    rates = echo_rates(
        echo, ids, per, [a.characters for a in articles],
        [int(reused.get(i, 0)) for i in ids],
    )  # fmt: skip
    ref_names = [s.text for s in reference.slogans]
    ref_used = count_formulations(
        [s.variants for s in reference.slogans], ["\n".join(corpus_texts)]
    )[0]
    gaps = echo_gaps(
        ref_names, [s.uses for s in reference.slogans], ref_dates, set(ref_used), per,
        top=gaps_top,
    )  # fmt: skip
    labels = group_labels(articles, by)  # ValueError: no article has that column
    diff = diffusion(echo, dict(zip(ids, labels, strict=True)))
    known = sorted(d for d in ref_dates if d)
    return EchoResult(
        echo=echo, rates=rates, gaps=gaps, diffusion=diff, reuse=reuse,
        folders=reference.folders, reference_articles=len(reference.articles),
        reference_span=(known[0], known[-1]) if known else ("", ""),
        missing_years=reference.missing, by=by, reuse_threshold=reuse_threshold,
        formulations=tuple(names), groups=len({g for g in labels if g}), cached=reference.cached, timings=timings,
    )  # fmt: skip


def run_echo(corpus, found, config, *, lexicon, stopwords, cache_dir, log=None):
    """The echo stage of the pipeline: load (or reuse from the cache) the reference of
    ``[echo] reference_corpus`` and compare the corpus's slogans with it; ``None`` when the
    reference is turned off.

    Raises
    ------
    TifaError
        A reference folder is missing or unreadable, or ``[echo] by`` names no column.
    """
    from .errors import TifaError  # noqa: PLC0415
    from .reference import (  # noqa: PLC0415
        load_reference,
        reference_without,
        resolve_folders,
        text_digest,
    )

    say = log or (lambda _msg: None)
    cfg = config.echo
    folders = resolve_folders(cfg.reference_corpus)
    if not folders:
        return None
    ref = load_reference(
        folders, manifest=config.input.manifest, engine=config.segment.engine, lexicon=lexicon,
        stopwords=stopwords, sample_chars=config.slogans.sample_chars, cache_dir=cache_dir,
    )  # fmt: skip
    own = {text_digest([p.text for p in a.analysed]) for a in corpus.articles}
    ref, dropped = reference_without(ref, own)
    if dropped:
        say(
            f"echo: {dropped} reference text(s) are articles of the corpus itself and are left "
            "out of the reference (a text never echoes itself)"
        )
        if not ref.articles:
            say("echo: no reference text is left beside the corpus's own; no echo analysis")
            return None
    try:
        result = analyse_echo(
            corpus.articles, [(s.text, s.variants) for s in found.slogans], ref,
            lexicon_words=[e.word for e in lexicon], by=cfg.by, gaps_top=cfg.gaps_top,
            reuse_threshold=cfg.reuse_threshold, reuse_min_chars=cfg.reuse_min_chars,
        )  # fmt: skip
    except ValueError as exc:
        raise TifaError(f"[echo] by: {exc}") from None
    counts = result.echo["origin"].value_counts()
    how = "from cache" if ref.cached else "processed"
    say(
        f"echo: {len(ref.articles)} reference texts ({how}); "
        + ", ".join(f"{counts.get(o, 0)} {o}" for o in ORIGINS if counts.get(o, 0))
        + f"; {len(result.reuse)} reused sentences"
    )
    return result


def summary(res: EchoResult) -> dict:
    """Per formulation: origin counts, articles, uses, first corpus date, reference first
    date and the smallest lag; the basis of findings and the report (plain dicts, rank order)."""
    rank = {n: i for i, n in enumerate(res.formulations)}
    out: dict[str, dict] = {}
    for r in res.echo.itertuples(index=False):
        d = out.setdefault(
            r.slogan,
            {"slogan": r.slogan, "ref": r.reference_first_date, "articles": 0, "uses": 0,
             "origins": Counter(), "first": "", "lag_days": None, "lag_years": None},
        )  # fmt: skip
        d["articles"] += 1
        d["uses"] += int(r.uses)
        d["origins"][r.origin] += 1
        if r.date and (not d["first"] or _earlier(r.date, d["first"])):
            d["first"] = r.date
            d["lag_days"] = None if pd.isna(r.lag_days) else int(r.lag_days)
            d["lag_years"] = None if pd.isna(r.lag_years) else int(r.lag_years)
    return dict(sorted(out.items(), key=lambda kv: rank.get(kv[0], len(rank))))


def findings_rows(res: EchoResult, *, n: int = 3) -> list[tuple]:
    """Rows for ``findings.csv``: ``echo_rate`` (value: echoed share of the dated formulation
    uses, baseline: echoed share of the distinct formulations), ``echoed_slogan`` (subject:
    the reference's first date; value: articles that echo it, baseline: lag in years of the
    corpus's first use), ``anticipated_slogan``
    (value: lag in days of the earliest use, empty at a coarser precision; baseline: lag in
    years) and
    ``own_slogan`` (value: uses, baseline: articles)."""
    rows: list[tuple] = []
    dated = res.echo[res.echo["date"] != ""]
    if len(dated):
        uses = dated["uses"].sum()
        echoed = dated[dated["origin"] == "echoed"]
        share_f = echoed["slogan"].nunique() / max(dated["slogan"].nunique(), 1)
        rows.append(("echo_rate", "", "", float(echoed["uses"].sum() / uses), float(share_f)))
    items = summary(res)
    by_origin = lambda o: [d for d in items.values() if d["origins"].most_common(1)[0][0] == o]  # noqa: E731
    top = sorted(by_origin("echoed"), key=lambda d: -d["origins"]["echoed"])[:n]
    rows += [
        ("echoed_slogan", d["ref"], d["slogan"], d["origins"]["echoed"], d["lag_years"])
        for d in top
    ]
    rows += [
        ("anticipated_slogan", d["ref"], d["slogan"], d["lag_days"], d["lag_years"])
        for d in by_origin("anticipated")[:n]
    ]
    rows += [
        ("own_slogan", "", d["slogan"], d["uses"], d["articles"]) for d in by_origin("own")[:n]
    ]
    return rows
