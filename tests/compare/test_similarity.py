"""The similarity heatmap for many undated articles: clustered, never skipped."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from analysis.compare.similarity import cluster_order, clustered_similarity
from analysis.config import Config
from analysis.pipeline import analyse
from analysis.report import MAX_SIMILARITY_ARTICLES, similarity_kind, similarity_matrix

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _blocks(n_per: int, k: int, seed: int = 0) -> tuple[np.ndarray, list[int]]:
    """A cosine matrix of ``k`` tight groups, rows shuffled; and each row's group."""
    rng = np.random.default_rng(seed)
    group = [g for g in range(k) for _ in range(n_per)]
    perm = rng.permutation(len(group))
    group = [group[i] for i in perm]
    sim = np.array([[0.9 if a == b else 0.1 for b in group] for a in group])
    sim += rng.uniform(0, 0.02, sim.shape)
    sim = (sim + sim.T) / 2
    np.fill_diagonal(sim, 1.0)
    return sim, group


def test_cluster_order_puts_each_group_together():
    sim, group = _blocks(8, 5)
    ordered = [group[i] for i in cluster_order(sim)]
    runs = sum(1 for i in range(1, len(ordered)) if ordered[i] != ordered[i - 1])
    assert runs == 4  # five contiguous runs, one per group
    assert cluster_order(sim) == cluster_order(sim.copy())  # deterministic


def test_many_articles_are_aggregated_into_clusters():
    sim, group = _blocks(10, 6)
    labels = [f"a{i:02d}" for i in range(len(group))]
    names, matrix = clustered_similarity(sim, labels, max_rows=6)
    assert matrix.shape == (6, 6)
    assert all(name.endswith(" +9") for name in names)  # each cluster: its first article + 9
    assert np.all(np.diag(matrix) > 0.85) and matrix[~np.eye(6, dtype=bool)].max() < 0.2
    names, matrix = clustered_similarity(sim, labels, max_rows=100)  # all shown, reordered
    assert sorted(names) == labels and matrix.shape == (60, 60)


def test_undated_corpus_above_the_cap_gets_a_heatmap(tmp_path):
    lines = [
        ln.strip() for p in sorted(SEEDS.glob("*.txt")) for ln in p.read_text("utf-8").splitlines()
    ]
    lines = [ln for ln in lines if len(ln) >= 30]
    n = MAX_SIMILARITY_ARTICLES + 5
    corpus = tmp_path / "undated"
    corpus.mkdir()
    for i in range(n):  # undated articles cut from the seeds' paragraphs
        text = "\n\n".join(lines[(i + j) % len(lines)] for j in range(3))
        (corpus / f"note-{i:02d}.txt").write_text(f"第{i}号材料\n\n{text}\n", encoding="utf-8")
    result = analyse(corpus, Config(), cache_dir=None)
    sim = similarity_matrix(result)
    assert sim is not None
    names, matrix = sim
    counted = sum(1 for a in result.corpus.articles if not a.get("duplicate_of"))
    assert counted > 2 and len(names) <= n and matrix.shape == (len(names), len(names))
    assert np.all(matrix.sum(axis=1) > 1.0)  # no empty row (duplicates are left out)
    assert similarity_kind(result) == "clustered"
