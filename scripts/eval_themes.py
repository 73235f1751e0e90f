#!/usr/bin/env python3
"""Check theme quality against human categories, and the rule that chooses k.

Usage: python scripts/eval_themes.py [CORPUS_DIR ...] [--labels gwr|cpcnews|seeds|sections|none]
                                     [--all-k] [--floor 0.6] [--save EVIDENCE.csv]
       python scripts/eval_themes.py --make-sections DIR   (build the ``sections`` proxy)
       python scripts/eval_themes.py --names REPORT_DIR ...  (check the names of reports)

Labelled sets:

- ``gwr`` (the default corpus ``../shared/corpora/gov-work-reports``): each report is divided by
  its authors into sections with headings (一、... （三）关于农业...). Paragraphs under a heading
  whose words name a policy area (agriculture, foreign affairs, defence...) get that area as
  their label; the rest stay unlabelled.
- ``cpcnews``: the column of each item (jdsqdj: urban community party building, ncjcdj: rural
  grassroots party building), from the file name; a weak label for each paragraph.
- ``seeds``: the hand labels of ``tests/fixtures/seeds_labels.csv`` (committed before tuning).
- ``sections``: a proxy for labelled news, built by ``--make-sections DIR`` from the Government
  Work Reports: every section under a policy-area heading becomes a pseudo-article of its own
  (``YEAR-NN-AREA.txt``: its paragraphs, without the heading), so the corpus is many short
  documents each on one topic, as a labelled news set is; the label is the area in the file
  name. Sections without an area heading, and sections of fewer than 3 paragraphs, are left out.
- ``none``: an unlabelled corpus (only the candidates' scores are saved).

``--names`` reads the ``tables/themes.csv`` of report folders and checks every name: a theme
named from the lexicon has at least ``MIN_SEED_TERMS`` of that entry's seed words (or terms
containing one) among its top terms, and no two themes share a name. It prints each theme's
name, how it was named and its top terms, and exits 1 when a check fails.

``--save`` writes one row per candidate k (coherence, stability, largest share and, for a
labelled set, the NMI/AMI of the fit at that k; every k is searched, no early stop): the
evidence the candidate rules for choosing k are compared on (``scripts/k_rules.py``).

Themes are fitted as `tifa report` fits them (k chosen automatically); the script prints how
well the paragraphs' leading themes recover the labels (NMI, AMI), and the candidates'
coherence, stability and largest-theme share. With ``--all-k`` every candidate k is also fitted
on its own and its NMI printed, and the k that each stability floor would choose is listed: the
evidence for ``STABILITY_FLOOR``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_mutual_info_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.config import load_config  # noqa: E402
from analysis.pipeline import analyse_counts  # noqa: E402
from analysis.steps import article_years  # noqa: E402
from analysis.themes.fit import fit_themes  # noqa: E402
from analysis.themes.select_k import Candidate, choose_k  # noqa: E402
from analysis.themes.units import window_cuts  # noqa: E402
from analysis.wordlists import read_theme_lexicon  # noqa: E402

AREAS = [
    ("agriculture", "农业|农村|农民|粮食|三农"),
    ("unification", "台湾|港澳|香港|澳门|祖国统一|一国两制"),
    ("defence", "国防|军队|军事"),
    ("foreign", "外交|国际形势|对外政策|对外关系|和平共处"),
    ("opening", "对外开放|外贸|对外经济|利用外资|开放型"),
    ("science_education_culture", "科技|科学|教育|文化|卫生|体育|人才"),
    ("environment", "生态|环境|资源节约|节能|污染"),
    ("livelihood", "民生|就业|社会保障|人民生活|收入分配|社会事业"),
    ("government", "政府自身建设|廉政|民主|法制|法治|政权建设|精神文明"),
    ("finance", "财政|金融|预算|税收|货币"),
    ("reform", "改革|体制"),
    ("industry", "工业|交通|基本建设|基础设施|国有企业"),
]


def area_of(heading: str) -> str | None:
    for name, pattern in AREAS:
        if re.search(pattern, heading):
            return name
    return None


def gwr_labels(analysis) -> np.ndarray:
    """A label (or '') for each analysed paragraph, from the heading above it."""
    by_article = {}
    for a_idx, article in enumerate(analysis.corpus.articles):
        current = None
        for p in article.paragraphs:
            if p.role == "heading":
                current = area_of(p.text)
            by_article[(a_idx, p.index)] = current or ""
    toks = analysis.tokens
    return np.array(
        [by_article[(int(a), int(p))] for a, p in zip(toks.article, toks.paragraph, strict=True)]
    )


def cpcnews_labels(analysis) -> np.ndarray:
    arts = analysis.corpus.articles
    col = [m.group() if (m := re.search("jdsqdj|ncjcdj", a.file)) else "" for a in arts]
    return np.array([col[int(a)] for a in analysis.tokens.article])


def seeds_labels(analysis, path: Path = ROOT / "tests/fixtures/seeds_labels.csv") -> np.ndarray:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    key = {(r["file"], int(r["line"])): r["label"] for r in rows}
    arts, toks = analysis.corpus.articles, analysis.tokens
    return np.array(
        [
            key.get((arts[int(a)].file, arts[int(a)].paragraphs[int(p)].line), "")
            for a, p in zip(toks.article, toks.paragraph, strict=True)
        ]
    )


def sections_labels(analysis) -> np.ndarray:
    arts = analysis.corpus.articles
    area = [m.group(1) if (m := re.search(r"-\d+-([a-z_]+)\.txt$", a.file)) else "" for a in arts]
    return np.array([area[int(a)] for a in analysis.tokens.article])


LABELS = {
    "gwr": gwr_labels, "cpcnews": cpcnews_labels, "seeds": seeds_labels,
    "sections": sections_labels, "none": lambda analysis: np.full(len(analysis.tokens.article), ""),
}  # fmt: skip


def make_sections(corpus: str, out: Path, config, cache_dir: Path) -> int:
    """Write the ``sections`` proxy corpus: one file per policy-area section of each report."""
    analysis = analyse_counts(corpus, config, cache_dir=cache_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for article in analysis.corpus.articles:
        year = Path(article.file).stem
        sections: list[tuple[str | None, list[str]]] = [(None, [])]
        for p in article.paragraphs:
            if p.role == "heading":
                sections.append((area_of(p.text), []))
            elif p.analysed:
                sections[-1][1].append(p.content)
        for n, (area, paras) in enumerate(sections):
            if area and len(paras) >= 3:
                (out / f"{year}-{n:02d}-{area}.txt").write_text("\n\n".join(paras) + "\n", "utf-8")
                written += 1
    print(f"{written} sections written to {out}")
    return 0


def nmi(labels: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    m = (labels != "") & (weights.sum(axis=1) > 0)
    lead = weights.argmax(axis=1)
    return (
        normalized_mutual_info_score(labels[m], lead[m]),
        adjusted_mutual_info_score(labels[m], lead[m]),
    )


def nmi_noise(
    labels: np.ndarray, weights: np.ndarray, *, draws: int = 1000, seed: int = 0
) -> tuple[float, float, float]:
    """How much of an NMI is noise: the mean NMI of the leading themes shuffled against the
    labels (chance level: NMI is not corrected for chance, AMI is), and the 95% bootstrap
    interval of the NMI over the labelled paragraphs (31 on the seeds: 0.41-0.70 around 0.487,
    chance 0.28).

    Parameters
    ----------
    labels, weights
        As for :func:`nmi`.
    draws
        Shuffles and bootstrap samples.
    seed
        The random seed.

    Returns
    -------
    (chance, low, high)
    """
    m = (labels != "") & (weights.sum(axis=1) > 0)
    y, lead = labels[m], weights.argmax(axis=1)[m]
    rng = np.random.default_rng(seed)
    chance = np.mean([normalized_mutual_info_score(y, rng.permutation(lead)) for _ in range(draws)])
    boot = [
        normalized_mutual_info_score(y[i], lead[i])
        for i in (rng.integers(0, len(y), len(y)) for _ in range(draws))
    ]
    low, high = np.percentile(boot, [2.5, 97.5])
    return float(chance), float(low), float(high)


def check_names(folders: list[Path], lexicon) -> int:
    """Print and check the theme names of report folders (see the module docstring)."""
    from analysis.themes.naming import MIN_SEED_TERMS  # noqa: PLC0415

    entries = {e.name: frozenset(e.words) for e in lexicon}
    failures = 0
    for folder in folders:
        path = folder / "tables" / "themes.csv"
        if not path.is_file():
            print(f"{folder}: no tables/themes.csv")
            failures += 1
            continue
        with path.open(encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        named = sum(r["named_by"] == "lexicon" for r in rows)
        print(f"{folder.name}: {len(rows)} themes, {named} named from the lexicon")
        seen: dict[str, int] = {}
        for r in rows:
            terms = [t for t in re.split(r"[|\s]+", r["top_terms"]) if t]
            problem = ""
            if r["label"] in seen:
                problem = f"same name as theme {seen[r['label']]}"
            seen.setdefault(r["label"], int(r["theme"]))
            if r["named_by"] == "lexicon":
                seeds = entries.get(r["label"], frozenset())
                hits = [t for t in terms if t in seeds or any(len(w) > 1 and w in t for w in seeds)]
                if len(hits) < MIN_SEED_TERMS:
                    problem = problem or f"only {len(hits)} seed words among its top terms"
            failures += bool(problem)
            print(f"  {r['theme']:>2} {r['label']:<12} {r['named_by']:<9} {float(r['score']):.2f}"
                  f"  {' '.join(terms[:8])}" + (f"  <- FAILS: {problem}" if problem else ""))  # fmt: skip
    print("names: all checks pass" if not failures else f"names: {failures} failures")
    return 1 if failures else 0


def save_evidence(table, analysis, labels, common, path: Path, seconds: float) -> int:
    """Every candidate's scores and (labelled sets) the NMI/AMI of the fit at that k."""
    table = table[["k", "coherence", "stability", "largest_share"]].copy()
    if (labels != "").any():
        scores = [
            nmi(labels, fit_themes(analysis.tokens, n_themes=int(k), runs=0, **common)
                .paragraph_weights)
            for k in table["k"]
        ]  # fmt: skip
        table["nmi"] = [a for a, _ in scores]
        table["ami"] = [b for _, b in scores]
    table["search_seconds"] = round(seconds, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    table.to_csv(tmp, index=False)
    tmp.replace(path)
    print(table.round(3).to_string(index=False))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "corpus", nargs="?", default=str(ROOT.parent / "shared/corpora/gov-work-reports")
    )
    parser.add_argument("--labels", choices=sorted(LABELS), default=None)
    parser.add_argument("--k-max", type=int, default=20)
    parser.add_argument("--floor", type=float, default=None, help="stability floor")
    parser.add_argument("--no-windows", action="store_true", help="fit paragraphs whole")
    parser.add_argument("--window-chars", type=int, default=300, help="window of long paragraphs")
    parser.add_argument("--guided", action="store_true")
    parser.add_argument("--all-k", action="store_true", help="NMI of every candidate k")
    parser.add_argument("--save", type=Path, help="write every candidate's evidence (CSV)")
    parser.add_argument("--make-sections", type=Path, help="build the sections proxy here")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / ".cache")
    parser.add_argument("--names", type=Path, nargs="+", help="check the names of reports")
    args = parser.parse_args()
    if args.names:
        return check_names(args.names, read_theme_lexicon(ROOT / "lexicon/themes.toml"))
    config = load_config(ROOT / "tifa.toml")
    if args.make_sections:
        return make_sections(args.corpus, args.make_sections, config, args.cache_dir)
    kind = args.labels or next(
        (k for k in ("cpcnews", "seeds") if k in Path(args.corpus).name), "gwr"
    )
    analysis = analyse_counts(args.corpus, config, cache_dir=args.cache_dir)
    labels = LABELS[kind](analysis)
    mask = labels != ""
    print(f"{mask.sum()} of {len(labels)} paragraphs labelled ({kind}); labels:",
          dict(zip(*np.unique(labels[mask], return_counts=True), strict=True)))  # fmt: skip
    texts = [p.content for a in analysis.corpus.articles for p in a.analysed]
    cuts, window = (
        (None, 0)
        if args.no_windows
        else window_cuts(texts, analysis.tokens, window_chars=args.window_chars)
    )
    lexicon = read_theme_lexicon(ROOT / "lexicon/themes.toml")
    # the era rule of the names, as in `tifa report` (fit_themes names the themes)
    years = np.asarray(article_years(analysis.corpus), dtype=np.int64)[analysis.tokens.article]
    common = dict(
        k_max=args.k_max, random_state=config.random_state, lexicon=lexicon, cuts=cuts,
        window_tokens=window, guided=args.guided, years=years,
    )  # fmt: skip
    t = time.perf_counter()
    # floor 0 for the search when --all-k: every candidate is evaluated (no early stop)
    search_floor = 0.0 if args.all_k or args.save else args.floor
    themes = fit_themes(analysis.tokens, stability_floor=search_floor, **common)
    seconds = time.perf_counter() - t
    table = themes.k_selection.copy()
    if args.save:
        return save_evidence(table, analysis, labels, common, args.save, seconds)
    if args.all_k:
        cands = [
            Candidate(int(r.k), r.coherence, r.stability, (), r.largest_share)
            for r in table.itertuples()
        ]
        nmis, amis = [], []
        for k in table["k"]:
            th = fit_themes(analysis.tokens, n_themes=int(k), runs=0, **common)
            a, b = nmi(labels, th.paragraph_weights)
            nmis.append(a)
            amis.append(b)
        table["nmi"] = nmis
        table["ami"] = amis
        by_k = dict(zip(table["k"], table["nmi"], strict=True))
        print(table.round(3).to_string(index=False))
        for floor in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
            k = choose_k(cands, margin=0.1, floor=floor)
            print(f"floor {floor:.2f}: k={k} NMI {by_k[k]:.3f}")
        old = choose_k(cands, margin=0.1, floor=2.0)  # no k reaches 2: the old margin rule
        print(f"old rule (within 0.1 of the most stable): k={old} NMI {by_k[old]:.3f}")
        themes = fit_themes(analysis.tokens, stability_floor=args.floor, **common)
    a, b = nmi(labels, themes.paragraph_weights)
    print(f"chosen k={themes.k} in {seconds:.1f}s: NMI {a:.3f} AMI {b:.3f}")
    if (labels != "").any():
        chance, low, high = nmi_noise(labels, themes.paragraph_weights)
        print(f"  NMI 95% bootstrap interval {low:.3f}-{high:.3f}; shuffled leads (chance) {chance:.3f}")
    if not args.all_k:
        print(table.round(3).to_string(index=False))
    for i in range(themes.k):
        mark = " (tentative)" if themes.tentative[i] else ""
        print(i, themes.labels[i] + mark, f"fit {themes.label_scores[i]:.2f}",
              f"share {themes.shares[i]:.3f}", " ".join(themes.top_terms(i)))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
