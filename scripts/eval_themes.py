#!/usr/bin/env python3
"""Check theme quality against human categories: the Government Work Reports' own sections.

Usage: python scripts/eval_themes.py [CORPUS_DIR] [--k-max 20] [--all-k]

Each report is divided by its authors into sections with headings (一、... （三）关于农业...).
Paragraphs under a heading whose words name a policy area (agriculture, foreign affairs,
defence, education-science-culture...) get that area as their label; the rest stay unlabelled.
Themes are fitted with k chosen automatically (as `tifa report` does), and the script prints how
well the paragraphs' leading themes recover the section labels (NMI, AMI), next to every
candidate k's coherence and stability (with --all-k: the NMI each k would have given).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_mutual_info_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.config import load_config  # noqa: E402
from analysis.pipeline import analyse  # noqa: E402
from analysis.themes import evaluate_k, fit_themes, read_theme_lexicon  # noqa: E402

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


def labels_for(analysis) -> np.ndarray:
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "corpus", nargs="?", default=str(ROOT.parent / "shared/corpora/gov-work-reports")
    )
    parser.add_argument("--k-max", type=int, default=20)
    parser.add_argument("--all-k", action="store_true", help="NMI of every candidate k")
    args = parser.parse_args()
    analysis = analyse(args.corpus, load_config(ROOT / "tifa.toml"), cache_dir=ROOT / ".cache")
    labels = labels_for(analysis)
    mask = labels != ""
    print(f"{mask.sum()} of {len(labels)} paragraphs labelled; areas:",
          dict(zip(*np.unique(labels[mask], return_counts=True), strict=True)))  # fmt: skip
    t = time.perf_counter()
    themes = fit_themes(
        analysis.tokens, k_max=args.k_max, random_state=analysis.config.random_state,
        lexicon=read_theme_lexicon(ROOT / "lexicon/themes.toml"),
    )  # fmt: skip
    seconds = time.perf_counter() - t
    lead = themes.paragraph_weights.argmax(axis=1)
    has = themes.paragraph_weights.sum(axis=1) > 0
    m = mask & has
    print(f"chosen k={themes.k} in {seconds:.1f}s: NMI {normalized_mutual_info_score(labels[m], lead[m]):.3f} "
          f"AMI {adjusted_mutual_info_score(labels[m], lead[m]):.3f}")  # fmt: skip
    table = themes.k_selection.copy()
    if args.all_k:
        from analysis.themes import paragraph_units, term_limits, tfidf  # noqa: PLC0415
        from analysis.vectorize import dtm, dtm_group, dtm_trim  # noqa: PLC0415

        toks = analysis.tokens
        unit_of = paragraph_units(toks, min_tokens=12)
        para = dtm(toks)
        units = dtm_group(para, unit_of, int(unit_of.max()) + 1)
        trimmed = dtm_trim(
            units, **dict(zip(("min_df", "max_df"), term_limits(units.shape[0]), strict=True))
        )
        X = tfidf(trimmed)
        nmis, amis = [], []
        for k in table["k"]:
            cand = evaluate_k(
                X,
                (trimmed.matrix > 0).tocsc(),
                int(k),
                runs=0,
                fraction=0.8,
                top_n=10,
                random_state=42,
            )
            unit_lead = cand.W.argmax(axis=1)[unit_of]
            nmis.append(normalized_mutual_info_score(labels[mask], unit_lead[mask]))
            amis.append(adjusted_mutual_info_score(labels[mask], unit_lead[mask]))
        table["nmi"] = nmis
        table["ami"] = amis
    print(table.to_string(index=False))
    for i in range(themes.k):
        print(i, themes.labels[i], f"{themes.shares[i]:.3f}", " ".join(themes.top_terms(i)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
