"""``tifa report``: the whole analysis into a PDF, an HTML twin and CSV tables."""

from __future__ import annotations

from pathlib import Path

import click

from .common import (
    CACHE_OPT,
    CONFIG_OPT,
    CONTEXT,
    SEEDS_ARG,
    Progress,
    cache_dir_of,
    load,
    tell,
    timestamp,
    warn,
)


@click.command(context_settings=CONTEXT)
@SEEDS_ARG
@click.option(
    "--out", "out_dir", default="reports", show_default=True, metavar="DIR", help="Output folder."
)
@CONFIG_OPT
@CACHE_OPT
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Report language [default: from config, zh].",
)
@click.option(
    "--reference-corpus", "reference", multiple=True, metavar="DIR|none",
    help="Reference corpus of dated central texts for the echo analysis (repeat for several; "
    "none: off) [default: from config, the shipped Government Work Reports].",
)  # fmt: skip
@click.option(
    "--scheduler", default=None, metavar="ADDRESS",
    help="Segment and count on this Dask cluster, e.g. tcp://host:8786 [default: [run] scheduler].",
)  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def report(seeds_dir, out_dir, config_path, cache_dir, lang, reference, scheduler, quiet) -> None:
    """Analyse SEEDS_DIR and write DIR/report.pdf and DIR/tables/*.csv.

    Example:

        tifa report seeds --out reports --lang en
    """
    from ..pipeline import analyse  # noqa: PLC0415 - keep `tifa -h` fast
    from ..report import build_outputs, change_lines, corpus_title, report_options, write_outputs  # noqa: PLC0415
    from ..report.labels import LABELS  # noqa: PLC0415
    from ..report.runlog import read_summary  # noqa: PLC0415
    from ..run.cache import Cache  # noqa: PLC0415
    from ..run.inputs import check_cache_dir, check_out_dir, input_paths  # noqa: PLC0415
    from ..run.outputs import out_lock, output_set  # noqa: PLC0415

    progress = Progress(quiet)
    config = load(config_path, report={"lang": lang}, echo={"reference_corpus": reference or None})
    inputs = input_paths(
        seeds_dir, config, cache_dir=cache_dir_of(cache_dir), config_path=config_path
    )
    check_out_dir(out_dir, inputs)
    check_cache_dir(cache_dir_of(cache_dir), seeds_dir)
    options = report_options(config)
    figure_cache = Cache(cache_dir_of(cache_dir), max_mb=config.run.cache_max_mb)
    drawing = []  # the figures drawn while the themes are fitted (then the themes' own)

    def early(so_far) -> None:
        from ..report.canvas import font_path  # noqa: PLC0415
        from ..report.charts import prefetch_figures  # noqa: PLC0415
        from ..run.rendered import figures_common  # noqa: PLC0415

        drawing.append(prefetch_figures(
            so_far, options, labels=LABELS[config.report.lang], cache=figure_cache,
            common=figures_common(font_path().name),
        ))  # fmt: skip

    with out_lock(out_dir):
        previous = read_summary(out_dir)
        result = analyse(
            seeds_dir,
            config,
            cache_dir=cache_dir_of(cache_dir),
            log=progress,
            progress=progress.fraction,
            echo=True,
            previous=previous,
            scheduler=scheduler or config.run.scheduler,
            early=early,
        )
        tell(result.notices, progress)
        if result.themes_note:
            warn(result.themes_note)
        progress("drawing figures and typesetting the PDF")
        outputs = build_outputs(
            result,
            options,
            lang=config.report.lang,
            title=corpus_title(seeds_dir, config.report.title, result.corpus.articles),
            timestamp=timestamp(),
            previous=previous,
            cache=figure_cache,
            elsewhere=[p for p in drawing if p is not None],  # drawn last, and joined
        )
        with output_set(out_dir) as stage:  # the files appear together, or not at all
            write_outputs(outputs, stage)
    pdf = Path(out_dir) / "report.pdf"
    progress(f"wrote {pdf} and {len(outputs.tables)} tables in {Path(out_dir) / 'tables'}")
    _print_changes(outputs.tables["changes"], out_dir, LABELS["en"], change_lines,
                   had_previous=previous is not None)  # fmt: skip


def _print_changes(table, out_dir, labels, change_lines, *, had_previous: bool = False) -> None:
    """What an edit did, on stdout: list and setting changes, k, and each changed theme."""
    if table.empty:
        if had_previous:
            click.echo("no changes since the last run")
        return
    click.echo(f"changes since the last run into {out_dir} (changes.csv):")
    for line in change_lines(table, labels):
        click.echo(f"  {line}")
    for r in table[table["change"].isin(["theme", "new theme", "gone theme"])].itertuples():
        before = " ".join(r.before.split("|")) or "-"
        after = " ".join(r.after.split("|")) or "-"
        click.echo(f"  {r.change} {r.item}: {before}  ->  {after}")
