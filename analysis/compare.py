"""Compare groups of texts: keyness of terms between two groups, and similarity of articles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

# --------------------------------------------------------------------------- keyness


def log_odds_dirichlet(
    target: np.ndarray, reference: np.ndarray, prior: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Score terms by their log-odds ratio with an informative Dirichlet prior.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words", eq. 16 and 18-20: the prior's
    pseudo-counts are added to both groups, so a term seen a few times in one group only does
    not get an infinite or huge log-odds; the z-score divides by the ratio's approximate
    standard deviation, so frequent terms need a larger difference to rank high.

    Parameters
    ----------
    target, reference : ndarray
        Term counts of the two groups (1-D, same length).
    prior : ndarray
        The Dirichlet parameters ``alpha_w > 0``, already scaled (see :func:`dirichlet_prior`).

    Returns
    -------
    delta : ndarray
        Log-odds ratio of each term, target over reference (positive: typical of the target).
    z : ndarray
        ``delta`` divided by its estimated standard deviation.
    """
    y_t, y_r, a = (np.asarray(v, dtype=np.float64) for v in (target, reference, prior))
    # Rows of 2-D counts are groups scored at once, each with its own totals.
    n_t, n_r = y_t.sum(axis=-1, keepdims=True), y_r.sum(axis=-1, keepdims=True)
    a0 = a.sum()
    delta = np.log((y_t + a) / (n_t + a0 - y_t - a)) - np.log((y_r + a) / (n_r + a0 - y_r - a))
    z = delta / np.sqrt(1 / (y_t + a) + 1 / (y_r + a))
    return delta, z


def dirichlet_prior(corpus_counts: np.ndarray, *, scale: float | None = None) -> np.ndarray:
    """Build the informative Dirichlet prior of :func:`log_odds_dirichlet` from corpus counts.

    ``alpha_w = a0 * corpus_counts_w / corpus_counts.sum()``. The prior's total ``a0`` is how
    many pseudo-words it adds: the larger it is, the more the log-odds of rare words are shrunk
    toward zero (their own counts weigh little against the prior), while frequent words keep
    theirs. The default, the corpus size, makes ``alpha_w`` the corpus count itself, as tidylo's
    ``bind_log_odds`` does.

    Parameters
    ----------
    corpus_counts : ndarray
        Count of each term in the whole corpus (1-D, non-negative).
    scale : float, optional
        The prior's total ``a0``; default ``corpus_counts.sum()``.

    Returns
    -------
    ndarray
        ``alpha_w``, all positive: a term absent from the corpus gets 0.01, so its logs stay
        finite.
    """
    counts = np.asarray(corpus_counts, dtype=np.float64)
    total = counts.sum()
    a0 = total if scale is None else float(scale)
    share = counts / total if total > 0 else np.zeros_like(counts)
    return np.where(counts > 0, a0 * share, 0.01)


def g2(target: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Score terms by the signed log-likelihood ratio G2 of their 2x2 tables.

    Dunning (1993); quanteda's ``textstat_keyness(measure = "lr", correction = "none")`` (its
    default applies Williams' correction). For each term the table is (term, other terms) x
    (target, reference).

    Parameters
    ----------
    target, reference : ndarray
        Term counts of the two groups (1-D, same length).

    Returns
    -------
    ndarray
        G2 of each term, positive when its relative frequency is higher in the target,
        negative when lower, 0 when equal.
    """
    a, b = np.asarray(target, dtype=np.float64), np.asarray(reference, dtype=np.float64)
    # Rows of 2-D counts are groups scored at once, each with its own totals.
    n_t, n_r = a.sum(axis=-1, keepdims=True), b.sum(axis=-1, keepdims=True)
    n = n_t + n_r

    def cell(observed, row, col):
        # 0 * ln(0) = 0; an empty expected cell always has an empty observed one.
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(observed > 0, observed * np.log(observed / (row * col / n)), 0.0)

    both, neither = a + b, n - a - b
    total = cell(a, both, n_t) + cell(b, both, n_r) + cell(n_t - a, neither, n_t)
    total += cell(n_r - b, neither, n_r)
    # The sum is >= 0 in exact arithmetic; clip rounding so that equal rates give exactly 0.
    stat = np.maximum(2 * total, 0.0)
    return np.sign(a * n_r - b * n_t) * stat


def stat_keyness(
    counts: sp.spmatrix,
    terms: Sequence[str],
    target_rows: Sequence[int],
    reference_rows: Sequence[int] | None = None,
    *,
    method: str = "fightin",
    min_count: int = 5,
    prior_counts: np.ndarray | None = None,
) -> pd.DataFrame:
    """Rank the terms that set a target group of rows apart from a reference group.

    Terms are scored on the whole vocabulary, so the group sizes and the prior do not depend on
    ``min_count``; the filter only decides which terms are listed.

    Parameters
    ----------
    counts : sparse matrix
        Term counts, groups or documents x terms.
    terms : sequence of str
        The terms, one per column.
    target_rows : sequence of int
        Rows summed into the target group.
    reference_rows : sequence of int, optional
        Rows summed into the reference group; default every row not in ``target_rows``.
    method : {"fightin", "g2"}
        The z-score of :func:`log_odds_dirichlet` with :func:`dirichlet_prior`, or signed
        :func:`g2`.
    min_count : int
        Keep the terms with at least this many occurrences in the two groups together.
    prior_counts : ndarray, optional
        Corpus counts for the prior ("fightin" only); default the column sums of ``counts``.

    Returns
    -------
    DataFrame
        ``term, score, count_target, count_reference``, sorted by score (descending), then
        term: the terms typical of the target first, those of the reference last.
    """
    if method not in ("fightin", "g2"):
        raise ValueError(f"unknown keyness method {method!r}: use 'fightin' or 'g2'")
    m = sp.csr_matrix(counts)
    n_rows, n_terms = m.shape
    if len(terms) != n_terms:
        raise ValueError(f"{len(terms)} terms for a matrix of {n_terms} columns")
    target = np.unique(np.asarray(target_rows, dtype=np.int64))
    if reference_rows is None:
        reference = np.setdiff1d(np.arange(n_rows), target)
    else:
        reference = np.unique(np.asarray(reference_rows, dtype=np.int64))
    if len(target) == 0:
        raise ValueError("target_rows is empty")
    if len(reference) == 0:
        raise ValueError("the reference group is empty")
    for name, rows in (("target_rows", target), ("reference_rows", reference)):
        if rows[0] < 0 or rows[-1] >= n_rows:
            raise ValueError(f"{name} must be row numbers in 0..{n_rows - 1}")
    if overlap := np.intersect1d(target, reference).tolist():
        raise ValueError(f"rows {overlap} are in both the target and the reference")

    y_t = np.asarray(m[target].sum(axis=0)).ravel()
    y_r = np.asarray(m[reference].sum(axis=0)).ravel()
    if method == "g2":
        score = g2(y_t, y_r)
    else:
        corpus = np.asarray(m.sum(axis=0)).ravel() if prior_counts is None else prior_counts
        if len(corpus) != n_terms:
            raise ValueError(f"prior_counts has {len(corpus)} entries for {n_terms} terms")
        score = log_odds_dirichlet(y_t, y_r, dirichlet_prior(corpus))[1]

    keep = y_t + y_r >= min_count
    out = pd.DataFrame(
        {
            "term": np.asarray(terms, dtype=object)[keep],
            "score": score[keep].astype(np.float64),
            "count_target": y_t[keep].astype(np.int64),
            "count_reference": y_r[keep].astype(np.int64),
        }
    )
    return out.sort_values(["score", "term"], ascending=[False, True], ignore_index=True)


# --------------------------------------------------------------------------- significance

SIGNIFICANCE = 0.05  # q below this: significant (Benjamini-Hochberg false discovery rate)


def p_values(score: np.ndarray, method: str) -> np.ndarray:
    """Two-sided p-values of keyness scores: the normal tail of a Fightin' Words z-score, the
    chi-squared (1 degree of freedom) tail of a signed G2.

    Parameters
    ----------
    score : ndarray
        Scores of :func:`log_odds_dirichlet` (``z``) or :func:`g2`.
    method : {"fightin", "g2"}

    Returns
    -------
    ndarray
        p in [0, 1], same shape as ``score``.
    """
    from scipy.stats import chi2, norm  # noqa: PLC0415

    s = np.abs(np.asarray(score, dtype=np.float64))
    return chi2.sf(s, 1) if method == "g2" else 2 * norm.sf(s)


def bh_q_values(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q) of one family of tests.

    ``q_(i) = min_{j >= i} p_(j) * m / j`` over the p sorted ascending, capped at 1.

    Parameters
    ----------
    p : ndarray
        The p-values of every test in the family (1-D).

    Returns
    -------
    ndarray
        q of each test, in the order of ``p``.
    """
    p = np.asarray(p, dtype=np.float64)
    m = len(p)
    if m == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    q_sorted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(q_sorted, 1.0)
    return q


# --------------------------------------------------------------------------- similarity


def _nearest(S: np.ndarray, k: int) -> np.ndarray:
    """Mark the ``k`` largest entries of each row of ``S``, ties going to the lower column."""
    # The k-th largest value by partial sort (O(n) a row); taking the top k straight from
    # np.argpartition would pick among entries equal to it arbitrarily, so those fill the
    # remaining places leftmost first.
    kth = np.partition(S, S.shape[1] - k, axis=1)[:, S.shape[1] - k][:, None]
    above = S > kth
    tied = S == kth
    room = k - above.sum(axis=1, keepdims=True)
    return above | (tied & (np.cumsum(tied, axis=1, dtype=np.int32) <= room))


def _neighbour_pairs(
    X: sp.csr_matrix, k: int, *, block: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Find each row's ``k`` nearest other rows, ``block`` rows at a time.

    Returns
    -------
    i, j : ndarray
        The pairs of row numbers, ``i < j``, each pair once.
    cosine : ndarray
        Their dot products.
    """
    n = X.shape[0]
    if k <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    XT = X.T.tocsr() if sp.issparse(X) else X.T
    found = []
    for start in range(0, n, block):
        S = X[start : start + block] @ XT
        S = S.toarray() if sp.issparse(S) else np.array(S, dtype=np.float64)
        rows = np.arange(S.shape[0])
        S[rows, start + rows] = -np.inf  # an article is not its own neighbour
        r, c = np.nonzero(_nearest(S, k))
        found.append((r + start, c, S[r, c]))
    i, j, cosine = (np.concatenate(v) for v in zip(*found, strict=True))
    # A pair found from both ends is kept once, with the value first computed.
    i, j = np.minimum(i, j), np.maximum(i, j)
    _, first = np.unique(i * n + j, return_index=True)
    return i[first], j[first], cosine[first]


def similarity_pairs(
    X: sp.csr_matrix,
    ids: Sequence[str],
    *,
    all_pairs_up_to: int = 300,
    neighbours: int = 10,
    block: int = 256,
) -> pd.DataFrame:
    """List pairs of similar articles with their cosine similarity.

    Up to ``all_pairs_up_to`` articles every pair is listed; beyond, each article's
    ``neighbours`` most similar others (ties to the lower row), each pair once. Similarities are
    computed ``block`` rows at a time, so memory grows with ``block * n``, never ``n * n``.

    Parameters
    ----------
    X : sparse matrix or ndarray
        Articles x terms (or x latent dimensions), rows L2-normalised (e.g. TF-IDF), so
        cosine is the dot product.
    ids : sequence of str
        The article ids, one per row.

    Returns
    -------
    DataFrame
        ``article_a, article_b, cosine`` with ``article_a < article_b``, sorted by cosine
        (descending), then ``article_a``, ``article_b``. An all-zero row has cosine 0 with
        every other.
    """
    X = sp.csr_matrix(X, dtype=np.float64) if not isinstance(X, np.ndarray) else X
    n = X.shape[0]
    if len(ids) != n:
        raise ValueError(f"{len(ids)} ids for {n} rows")
    if n <= all_pairs_up_to:
        i, j = np.triu_indices(n, 1)
        full = X @ X.T
        cosine = (full.toarray() if sp.issparse(full) else np.asarray(full))[i, j]
    else:
        i, j, cosine = _neighbour_pairs(X, min(neighbours, n - 1), block=block)

    names = np.asarray(ids, dtype=object)
    a, b = names[i], names[j]
    swap = a > b
    a[swap], b[swap] = b[swap], a[swap]
    out = pd.DataFrame({"article_a": a, "article_b": b, "cosine": cosine.astype(np.float64)})
    return out.sort_values(
        ["cosine", "article_a", "article_b"], ascending=[False, True, True], ignore_index=True
    )


# --------------------------------------------------------------------------- groups

REST = "(rest)"


def group_labels(articles: Sequence, by: str) -> list[str]:
    """The group of each article: its id (``article``), its period (``period``: year, or
    month when every article has one) or the value of a metadata column; ``""``: no group.

    Raises
    ------
    ValueError
        ``by`` names no metadata column of any article.
    """
    from .ingest.periods import periods  # noqa: PLC0415

    if by == "article":
        return [a.article_id for a in articles]
    if by == "period":
        return periods([a.date for a in articles])
    values = [a.get(by) for a in articles]
    if not any(values):
        columns = sorted({"source", "title", "date"} | {k for a in articles for k, _ in a.meta})
        raise ValueError(
            f"no article has a value for {by!r}; group by article, period or one of: "
            + ", ".join(columns)
        )
    return values


def comparison_pairs(
    groups: Sequence[str], *, target: str = "", reference: str = ""
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The (target, reference) pairs to compare: the named groups (comma-separated lists), the
    target against all other groups when no reference is named, or every group against all
    the others when no target is named. An empty reference tuple means "all the others".

    Raises
    ------
    ValueError
        A named group does not exist.
    """
    known = sorted(set(groups) - {""})

    def parse(spec: str) -> tuple[str, ...]:
        names = tuple(x.strip() for x in spec.split(",") if x.strip())
        missing = [x for x in names if x not in known]
        if missing:
            shown = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
            raise ValueError(f"no group {missing[0]!r}; the groups are: {shown}")
        return names

    if target:
        t, r = parse(target), parse(reference) if reference else ()
        if set(t) & set(r):
            raise ValueError("a group cannot be both target and reference")
        return [(t, r)]
    if reference:
        raise ValueError("--reference needs --target")
    return [((g,), ()) for g in known]


def keyness_table(
    counts: sp.spmatrix,
    terms: Sequence[str],
    groups: Sequence[str],
    pairs: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
    *,
    kind: str,
    method: str,
    min_count: int,
    top: int,
) -> pd.DataFrame:
    """``keyness.csv`` rows for one kind of item: for each pair, the ``top`` items most typical
    of the target and the ``top`` most typical of the reference.

    ``counts`` is articles x items; ``groups`` the group of each article.
    """
    labels = np.asarray(groups, dtype=object)
    columns = [
        "target", "reference", "kind", "term", "score", "count_target", "count_reference",
        "method", "p_value", "q_value", "significant",
    ]  # fmt: skip
    rows = []
    prior = np.asarray(counts.sum(axis=0)).ravel()
    rest = [t for t, r in pairs if not r and len(t) == 1]
    if rest and counts.shape[1]:
        rows.extend(_keyness_against_rest(counts, terms, labels, [t[0] for t in rest],
                                          kind=kind, method=method, min_count=min_count, top=top))  # fmt: skip
    for target, reference in pairs:
        if not reference and len(target) == 1:
            continue  # done above, all at once
        t_rows = np.flatnonzero(np.isin(labels, target))
        if reference:
            r_rows = np.flatnonzero(np.isin(labels, reference))
        else:
            r_rows = np.flatnonzero(~np.isin(labels, target) & (labels != ""))
        if len(t_rows) == 0 or len(r_rows) == 0 or counts.shape[1] == 0:
            continue
        scored = stat_keyness(
            counts, terms, t_rows, r_rows, method=method, min_count=min_count,
            prior_counts=prior,
        )  # fmt: skip
        scored["p_value"] = p_values(scored["score"].to_numpy(), method)
        scored["q_value"] = bh_q_values(scored["p_value"].to_numpy())
        chosen = pd.concat(
            [scored[scored["score"] > 0].head(top), scored[scored["score"] < 0].tail(top)]
        )
        chosen = chosen.drop_duplicates("term")
        chosen.insert(0, "target", ",".join(target))
        chosen.insert(1, "reference", ",".join(reference) or REST)
        chosen.insert(2, "kind", kind)
        chosen["method"] = method
        rows.append(chosen)
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.concat(rows, ignore_index=True)
    out["significant"] = out["q_value"] < SIGNIFICANCE
    return out[columns]


def _keyness_against_rest(
    counts: sp.spmatrix,
    terms: Sequence[str],
    labels: np.ndarray,
    targets: Sequence[str],
    *,
    kind: str,
    method: str,
    min_count: int,
    top: int,
) -> list[pd.DataFrame]:
    """Each group in ``targets`` against all the other grouped articles, the same rows as
    :func:`stat_keyness` gives one pair at a time, from one groups x terms matrix: thousands
    of articles each against the rest take seconds instead of minutes."""
    names = sorted(set(labels.tolist()) - {""})
    index = {g: i for i, g in enumerate(names)}
    grouped = np.flatnonzero(labels != "")
    indicator = sp.csr_matrix(
        (np.ones(len(grouped)), ([index[g] for g in labels[grouped]], grouped)),
        shape=(len(names), len(labels)),
    )
    by_group = (indicator @ sp.csr_matrix(counts, dtype=np.float64)).tocsr()
    size = np.asarray(indicator.sum(axis=1)).ravel()  # articles per group
    total = np.asarray(by_group.sum(axis=0)).ravel()
    prior = dirichlet_prior(np.asarray(counts.sum(axis=0)).ravel())
    keep = np.flatnonzero(total >= min_count)  # y_t + y_r is the same total for every group
    term_array = np.asarray(terms, dtype=object)
    # ties are broken by the term, as stat_keyness's sort does
    term_rank = np.empty(len(terms), dtype=np.int64)
    term_rank[np.argsort(term_array, kind="stable")] = np.arange(len(terms))
    todo = [index[name] for name in targets if size[index[name]] < len(grouped)]
    # (a group that holds every grouped article has no other group to compare with)
    block = max(1, 2_000_000 // max(1, len(terms)))  # groups scored together: ~16 MB arrays
    picked: list[np.ndarray] = []
    parts: dict[str, list[np.ndarray]] = {
        "group": [], "score": [], "y_t": [], "y_r": [], "p": [], "q": [],
    }  # fmt: skip
    for start in range(0, len(todo), block):
        rows = todo[start : start + block]
        y_t = by_group[rows].toarray()
        y_r = total[None, :] - y_t
        scores = g2(y_t, y_r) if method == "g2" else log_odds_dirichlet(y_t, y_r, prior)[1]
        for j, g in enumerate(rows):
            score = scores[j]
            # the family of one comparison: every term scored in it (not only those listed)
            p_all = np.ones(len(terms))
            q_all = np.ones(len(terms))
            tested = keep[(y_t[j, keep] > 0) | (y_r[j, keep] > 0)]
            p_all[tested] = p_values(score[tested], method)
            q_all[tested] = bh_q_values(p_all[tested])
            chosen = []
            for sign in (1, -1):
                cand = keep[sign * score[keep] > 0]
                if len(cand) > top:
                    s = sign * score[cand]
                    cut = np.partition(s, len(s) - top)[len(s) - top]
                    cand = cand[s >= cut]  # the top, with every tie at the cut
                if sign == 1:  # highest first, ties by term
                    chosen.append(cand[np.lexsort((term_rank[cand], -score[cand]))][:top])
                else:  # the lowest, listed from the least negative, ties by term
                    low = cand[np.lexsort((-term_rank[cand], score[cand]))][:top]
                    chosen.append(low[::-1])
            idx = np.concatenate(chosen)
            picked.append(idx)
            parts["group"].append(np.full(len(idx), g))
            parts["score"].append(score[idx])
            parts["y_t"].append(y_t[j, idx])
            parts["y_r"].append(y_r[j, idx])
            parts["p"].append(p_all[idx])
            parts["q"].append(q_all[idx])
    if not picked:
        return []
    idx = np.concatenate(picked)
    return [
        pd.DataFrame(
            {
                "target": np.asarray(names, dtype=object)[np.concatenate(parts["group"])],
                "reference": REST,
                "kind": kind,
                "term": term_array[idx],
                "score": np.concatenate(parts["score"]).astype(np.float64),
                "count_target": np.concatenate(parts["y_t"]).astype(np.int64),
                "count_reference": np.concatenate(parts["y_r"]).astype(np.int64),
                "method": method,
                "p_value": np.concatenate(parts["p"]),
                "q_value": np.concatenate(parts["q"]),
            }
        )  # fmt: skip
    ]


def slogan_diff(
    slogan_counts: pd.DataFrame,
    article_group: dict[str, str],
    pairs: Sequence[tuple[str, str]],
) -> pd.DataFrame:
    """Which slogans are new, dropped or kept from group ``a`` to group ``b`` of each pair.

    ``slogan_counts`` has columns slogan, article_id, count (``slogan_counts.csv``).
    """
    df = slogan_counts.assign(group=slogan_counts["article_id"].map(article_group).fillna(""))
    by_group = df.groupby(["group", "slogan"])["count"].sum()
    rows = []
    for a, b in pairs:
        in_a = by_group.get(a, pd.Series(dtype=np.int64))
        in_b = by_group.get(b, pd.Series(dtype=np.int64))
        for slogan in sorted(set(in_a.index) | set(in_b.index)):
            ca, cb = int(in_a.get(slogan, 0)), int(in_b.get(slogan, 0))
            status = "kept" if ca and cb else "new" if cb else "dropped"
            rows.append((a, b, slogan, status, ca, cb))
    out = pd.DataFrame(
        rows, columns=["group_a", "group_b", "slogan", "status", "count_a", "count_b"]
    )
    order = {"new": 0, "dropped": 1, "kept": 2}
    out["_o"] = out["status"].map(order)
    out["_n"] = -(out["count_a"] + out["count_b"])
    return (
        out.sort_values(["group_a", "group_b", "_o", "_n", "slogan"])
        .drop(columns=["_o", "_n"])
        .reset_index(drop=True)
    )


@dataclass(frozen=True)
class Comparison:
    """One grouping of the articles and everything compared along it."""

    by: str
    article_groups: tuple[str, ...]  # the group of each article ("" for none)
    groups: tuple[str, ...]  # the groups, in order
    pairs: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    keyness: pd.DataFrame  # keyness.csv
    similarity: pd.DataFrame  # similarity.csv
    slogan_diff: pd.DataFrame  # slogan_diff.csv
    group_themes: np.ndarray | None  # groups x themes, rows sum to 1 (or 0)
    eras: pd.DataFrame | None = None  # eras.csv: era, start, end, source (empty: no eras)


def article_vectors(counts: sp.spmatrix, *, random_state: int, max_exact: int = 2000):
    """L2-normalised TF-IDF rows of an articles x terms count matrix; beyond ``max_exact``
    articles reduced to 128 dimensions (truncated SVD), so that similarities of tens of
    thousands of articles take seconds, not minutes (cosines then are approximations)."""
    from sklearn.decomposition import TruncatedSVD  # noqa: PLC0415
    from sklearn.feature_extraction.text import TfidfTransformer  # noqa: PLC0415
    from sklearn.preprocessing import normalize  # noqa: PLC0415

    counts = sp.csr_matrix(counts, dtype=np.float64)
    if counts.shape[1] == 0 or counts.nnz == 0:
        return counts  # no terms at all: every cosine is 0
    X = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    if X.shape[0] <= max_exact or X.shape[1] <= 128:
        return X
    reduced = TruncatedSVD(n_components=128, random_state=random_state).fit_transform(X)
    return normalize(reduced).astype(np.float32)
