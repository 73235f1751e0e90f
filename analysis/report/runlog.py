"""What changed since the last run into the same output folder.

Each ``tifa report`` leaves ``run.json`` in its ``--out`` folder: the words of every list, the
settings, k and each theme's top terms. The next run into that folder compares itself with it
and says what an edit did (``changes.csv``, the report's method section, the command line). A
fresh folder has no ``run.json``, so a fresh run reports no changes and stays reproducible.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .. import __version__

SUMMARY_NAME = "run.json"
COLUMNS = ("change", "item", "before", "after")
FORMAT = 1


def run_summary(analysis, settings: Sequence[tuple[str, str, object]]) -> dict:
    """The facts of a run that the next run compares itself with (JSON-ready, deterministic).

    Parameters
    ----------
    analysis : Analysis
        The run's results.
    settings : sequence of (str, str, value)
        Every setting (``ReportOptions.settings``).

    Returns
    -------
    dict
        run.json's content.
    """
    lists: dict[str, list[str]] = {}
    for e in (*analysis.stopwords, *analysis.keep, *analysis.lexicon):
        lists.setdefault(e.path, []).append(e.word)
    th = analysis.themes
    return {
        "format": FORMAT,
        "tifa": __version__,
        "corpus": analysis.seed_dir,
        "articles": len(analysis.corpus.articles),
        "lists": {path: sorted(set(words)) for path, words in sorted(lists.items())},
        "settings": {
            f"{section}.{key}" if section else key: list(value)
            if isinstance(value, tuple)
            else value
            for section, key, value in settings
        },
        "k": th.k if th is not None else None,
        "themes": [{"label": th.labels[t], "top_terms": th.top_terms(t)} for t in range(th.k)]
        if th is not None
        else [],
        # the k range searched and a digest of the themes' inputs: the next run reuses the
        # range when nothing changed, else searches around k (analysis.run.stages.theme_search)
        "theme_search": getattr(analysis, "theme_search", {}),
    }


def summary_bytes(summary: dict) -> bytes:
    """run.json's bytes: UTF-8, sorted keys, deterministic.

    Parameters
    ----------
    summary : dict
        What :func:`run_summary` returns.

    Returns
    -------
    bytes
        run.json, UTF-8, sorted keys.
    """
    return (json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def read_summary(out_dir: str | Path) -> dict | None:
    """The previous run's summary in ``out_dir``; ``None`` when there is none or it is not
    one tifa can read (then the run reports no changes).

    Parameters
    ----------
    out_dir : str or Path
        The output folder.

    Returns
    -------
    dict or None
        The summary.
    """
    path = Path(out_dir) / SUMMARY_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    return data


def _jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def _assignment(sim: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The maximum-similarity assignment of rows to columns (``linear_sum_assignment``).

    When each row of the smaller side has one strict best match and no two share it (an
    unchanged or barely changed run), that is the unique optimum: it is taken without
    importing scipy.optimize (half a second of a re-run).
    """
    flip = sim.shape[0] > sim.shape[1]
    m = sim.T if flip else sim
    best = m.argmax(axis=1)
    top = m[np.arange(len(m)), best]
    strict = all((row < t).sum() == len(row) - 1 for row, t in zip(m, top, strict=True))
    if strict and len(set(best.tolist())) == len(best):
        idx = np.arange(len(m))
        return (best, idx) if flip else (idx, best)
    from scipy.optimize import linear_sum_assignment  # noqa: PLC0415

    return linear_sum_assignment(-sim)


def match_themes(before: list[dict], after: list[dict]) -> list[tuple[int | None, int]]:
    """Pair each theme after with the theme before whose top terms it shares most (Hungarian
    matching on Jaccard similarity); ``None`` for a theme with no counterpart.

    Parameters
    ----------
    before, after : list of dict
        run.json themes (``top_terms``).

    Returns
    -------
    list of (int or None, int)
        (before, after) index pairs.
    """
    if not after:
        return []
    if not before:
        return [(None, j) for j in range(len(after))]
    sim = np.array([[_jaccard(b["top_terms"], a["top_terms"]) for a in after] for b in before])
    rows, cols = _assignment(sim)
    pairs = {int(c): int(r) for r, c in zip(rows, cols, strict=True) if sim[r, c] > 0}
    return [(pairs.get(j), j) for j in range(len(after))]


def changes(before: dict | None, after: dict) -> pd.DataFrame:
    """``changes.csv``: one row per change from ``before`` to ``after``.

    ``change`` is ``corpus`` (another folder or number of articles), ``added`` / ``removed`` (a word of a list: ``item`` the file, ``after`` or
    ``before`` the word), ``setting`` (item: the key), ``k``, ``theme`` (item: the theme now;
    before and after: top terms joined by ``|``; a theme whose top terms are unchanged is not
    listed), ``new theme``, ``gone theme``.

    Parameters
    ----------
    before : dict or None
        The last run's summary.
    after : dict
        This run's summary.

    Returns
    -------
    DataFrame
        ``changes.csv`` (``COLUMNS``).
    """
    rows: list[tuple[str, str, str, str]] = []
    if before is None:
        return pd.DataFrame(rows, columns=list(COLUMNS))
    if before.get("corpus") != after["corpus"] or before.get("articles") != after["articles"]:
        rows.append(("corpus", "", f"{before.get('corpus')} ({before.get('articles')} articles)",
                     f"{after['corpus']} ({after['articles']} articles)"))  # fmt: skip
    old_lists, new_lists = dict(before.get("lists", {})), after["lists"]
    # a list that moved (a copy of stopwords/ elsewhere) is compared with the one of its name
    gone = {Path(p).name: p for p in old_lists if p not in new_lists}
    for path in new_lists:
        if path not in old_lists and Path(path).name in gone:
            old_lists[path] = old_lists.pop(gone.pop(Path(path).name))
    for path in sorted(set(old_lists) | set(new_lists)):
        old, new = set(old_lists.get(path, [])), set(new_lists.get(path, []))
        rows.extend(("added", path, "", w) for w in sorted(new - old))
        rows.extend(("removed", path, w, "") for w in sorted(old - new))
    old_set, new_set = before.get("settings", {}), after["settings"]
    for key in sorted(set(old_set) | set(new_set)):
        if old_set.get(key) != new_set.get(key):
            rows.append(("setting", key, _show(old_set.get(key)), _show(new_set.get(key))))
    if before.get("k") != after["k"]:
        rows.append(("k", "", _show(before.get("k")), _show(after["k"])))
    old_themes, new_themes = before.get("themes", []), after["themes"]
    matched = match_themes(old_themes, new_themes)
    for b, a in matched:
        now = new_themes[a]
        if b is None:
            rows.append(("new theme", now["label"], "", "|".join(now["top_terms"])))
        elif old_themes[b]["top_terms"] != now["top_terms"]:
            rows.append(("theme", now["label"], "|".join(old_themes[b]["top_terms"]),
                         "|".join(now["top_terms"])))  # fmt: skip
    kept = {b for b, _ in matched if b is not None}
    for b, old in enumerate(old_themes):
        if b not in kept:
            rows.append(("gone theme", old["label"], "|".join(old["top_terms"]), ""))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _show(value) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


MAX_LISTED_WORDS = 40


def change_lines(table: pd.DataFrame, t: dict[str, str]) -> list[str]:
    """The changes since the last run, one line each (lists, settings, k), for the report and
    the command line; theme changes are a table of their own.

    Parameters
    ----------
    table : DataFrame
        ``changes.csv``.
    t : dict
        The report's words.

    Returns
    -------
    list of str
        One line per change.
    """
    lines = []
    sep = t["list_sep"]
    for (change, path), g in table[table["change"].isin(["added", "removed"])].groupby(
        ["change", "item"], sort=False
    ):
        words = (g["after"] if change == "added" else g["before"]).tolist()
        shown = sep.join(words[:MAX_LISTED_WORDS]) + ("…" if len(words) > MAX_LISTED_WORDS else "")
        lines.append(t[f"ch_{change}"].format(file=path, n=len(words), words=shown))
    for r in table[table["change"] == "setting"].itertuples():
        lines.append(t["ch_setting"].format(key=r.item, a=r.before or "–", b=r.after or "–"))
    for r in table[table["change"].isin(["corpus", "k"])].itertuples():
        lines.append(t[f"ch_{r.change}"].format(a=r.before or "–", b=r.after or "–"))
    return lines


def _changes_data(table: pd.DataFrame, had_previous: bool, t: dict[str, str]) -> dict:
    themes = table[table["change"].isin(["theme", "new theme", "gone theme"])]
    rows = []
    for r in themes.itertuples():
        before = [w for w in r.before.split("|") if w]
        after = [w for w in r.after.split("|") if w]
        old = " ".join(t["ch_out"].format(w=w) if w not in after else w for w in before)
        new = " ".join(t["ch_in"].format(w=w) if w not in before else w for w in after)
        rows.append([t[f"ch_kind_{r.change.replace(' ', '_')}"], r.item, old or "–", new or "–"])
    if not had_previous:
        note = t["ch_first"]
    elif table.empty:
        note = t["ch_none"]
    else:
        note = t["ch_intro"].format(n=len(rows))
    return {
        "previous": had_previous,
        "note": note,
        "lines": change_lines(table, t),
        "themes": {"header": [t["h_change"], t["h_theme"], t["h_before"], t["h_after"]],
                   "rows": rows},
    }  # fmt: skip
