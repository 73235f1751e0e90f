"""``tifa compare``: keyness, similarity and slogan changes between groups of articles."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import TifaError
from .common import CACHE_OPT, CONFIG_OPT, CONTEXT, SEEDS_ARG, Progress, cache_dir_of, load, tell


@click.command(context_settings=CONTEXT)
@SEEDS_ARG
@click.option(
    "--by", default=None, metavar="auto|article|period|FIELD",
    help="Groups: auto (periods when 3+, else articles), each article against the others, periods, or a manifest column [default: from config, auto].",
)  # fmt: skip
@click.option("--target", default=None, metavar="X", help="Compare only group X (or X,Y) ...")
@click.option(
    "--reference", default=None, metavar="Y", help="... with group Y (default: all the others)."
)
@click.option(
    "--method",
    type=click.Choice(["fightin", "g2"]),
    default=None,
    help="Keyness statistic [default: fightin].",
)
@click.option(
    "--out",
    "out_dir",
    default="reports/compare",
    show_default=True,
    metavar="DIR",
    help="Output folder (tables only; never the report's own).",
)
@CONFIG_OPT
@CACHE_OPT
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def compare(
    seeds_dir, by, target, reference, method, out_dir, config_path, cache_dir, quiet
) -> None:
    """Compare groups of articles: distinctive terms and slogans (keyness), similarity, and
    the slogans that appear or disappear; print a summary and write DIR/tables/*.csv
    (default reports/compare/tables/, apart from the report's own tables).

    Group names are article ids (--by article), periods such as 2018 (--by period) or the
    values of a manifest column (--by source).

    Example:

        tifa compare seeds --by period --target 2024 --reference 2023
    """
    from ..compare import REST  # noqa: PLC0415
    from ..pipeline import analyse  # noqa: PLC0415
    from ..report import write_tables  # noqa: PLC0415
    from ..report.tables import build_tables  # noqa: PLC0415
    from ..run.inputs import check_cache_dir, check_out_dir, input_paths  # noqa: PLC0415
    from ..run.outputs import out_lock, output_set  # noqa: PLC0415

    progress = Progress(quiet)
    config = load(
        config_path,
        compare={"by": by, "target": target, "reference": reference, "method": method},
    )
    inputs = input_paths(
        seeds_dir, config, cache_dir=cache_dir_of(cache_dir), config_path=config_path
    )
    check_out_dir(out_dir, inputs)
    check_cache_dir(cache_dir_of(cache_dir), seeds_dir)
    if (Path(out_dir) / "report.pdf").exists():
        raise TifaError(
            "holds a report; tifa compare writes its own folder (default reports/compare), "
            "give another --out",
            path=out_dir,
        )
    result = analyse(seeds_dir, config, cache_dir=cache_dir_of(cache_dir), log=progress)
    tell(result.notices, progress)
    cmp = result.comparison
    key = cmp.keyness
    pairs = list(dict.fromkeys(zip(key["target"], key["reference"], strict=True)))
    if not pairs:
        click.echo(f"nothing to compare by {cmp.by}: the articles form {len(cmp.groups)} group(s)")
    else:
        click.echo(f"{len(pairs)} comparison(s) by {cmp.by}, {config.compare.method}:")
    for target_name, reference_name in pairs[:20]:
        rows = key[(key["target"] == target_name) & (key["reference"] == reference_name)]
        terms = rows[(rows["kind"] == "term") & (rows["score"] > 0)].head(10)
        slogans_ = rows[(rows["kind"] == "slogan") & (rows["score"] > 0)].head(5)
        ref = "all others" if reference_name == REST else reference_name
        click.echo(f"  {target_name} vs {ref}:")
        click.echo(
            "    terms:   " + "  ".join(f"{r.term} {r.score:.1f}" for r in terms.itertuples())
        )
        if len(slogans_):
            click.echo(
                "    slogans: "
                + "  ".join(f"{r.term} {r.score:.1f}" for r in slogans_.itertuples())
            )
    if len(pairs) > 20:
        click.echo(f"  ... {len(pairs) - 20} more in keyness.csv")
    if len(cmp.similarity):
        click.echo("most similar articles:")
        for r in cmp.similarity.head(5).itertuples():
            click.echo(f"  {r.cosine:.3f}  {r.article_a}  {r.article_b}")
    diff = cmp.slogan_diff
    for (a, b), g in list(diff.groupby(["group_a", "group_b"], sort=False))[:10]:
        new = g[g["status"] == "new"]["slogan"].head(6).tolist()
        dropped = g[g["status"] == "dropped"]["slogan"].head(6).tolist()
        click.echo(
            f"slogans from {a} to {b}: new {'、'.join(new) or '-'}; dropped {'、'.join(dropped) or '-'}"
        )
    tables = build_tables(result)
    with out_lock(*_nested_set(out_dir)), output_set(out_dir) as stage:
        write_tables(tables, stage, prune=False)
    progress(f"wrote {len(tables)} tables in {Path(out_dir) / 'tables'}")


def _nested_set(out_dir: str) -> list[Path]:
    """``--out`` and, when it lies in a report's folder (``reports/compare``), that folder
    too: a report run moves it while swapping its own set in."""
    from ..run.outputs import SET_MANIFEST  # noqa: PLC0415

    out = Path(out_dir)
    parent = out.resolve().parent
    return [out, parent] if (parent / SET_MANIFEST).is_file() else [out]
