"""Groups of articles: the group of each article, and the (target, reference) pairs to compare."""

from __future__ import annotations

from collections.abc import Sequence

REST = "(rest)"


def group_labels(articles: Sequence, by: str) -> list[str]:
    """The group of each article: its id (``article``), its period (``period``: year, or
    month when every article has one) or the value of a metadata column; ``""``: no group.

    Parameters
    ----------
    articles : sequence of Article
        The articles.
    by : str
        ``"article"``, ``"period"`` or a metadata column.

    Returns
    -------
    list of str
        One label per article.

    Raises
    ------
    ValueError
        ``by`` names no metadata column of any article.
    """
    from ..ingest.periods import periods  # noqa: PLC0415

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

    Parameters
    ----------
    groups : sequence of str
        The group of each article (``""``: none).
    target, reference : str
        Comma-separated group names (``[compare] target`` / ``reference``).

    Returns
    -------
    list of (tuple of str, tuple of str)

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
