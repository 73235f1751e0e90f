"""``tifa slogans``: the formulations found, most salient first; lexicon candidates."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import TifaError
from .common import CACHE_OPT, CONFIG_OPT, CONTEXT, SEEDS_ARG, Progress, cache_dir_of, load, tell


@click.command(context_settings=CONTEXT)
@SEEDS_ARG
@CONFIG_OPT
@CACHE_OPT
@click.option("--top", default=30, show_default=True, metavar="N", help="How many to print.")
@click.option(
    "--candidates", "candidates_path", default=None, metavar="FILE",
    help="Also write them as user-lexicon lines, for you to copy into lexicon/.",
)  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def slogans(seeds_dir, config_path, cache_dir, top, candidates_path, quiet) -> None:
    """List the formulations (提法) found in SEEDS_DIR, most salient first.

    Nothing is given in advance: quoted formulations, numbered formulas, parallel runs and
    recurring terms are discovered in the text. With --candidates FILE, the ones that are not
    yet in the user lexicon are written to FILE as lexicon lines: copy those you accept into a
    file in lexicon/ and they are kept whole from the next run on.

    Example:

        tifa slogans seeds --top 20 --candidates slogan-candidates.txt
    """
    from ..pipeline import analyse_formulations  # noqa: PLC0415
    from ..slogans import candidates_text  # noqa: PLC0415

    progress = Progress(quiet)
    config = load(config_path)
    result = analyse_formulations(seeds_dir, config, cache_dir=cache_dir_of(cache_dir), log=progress)
    tell(result.notices, progress)
    table = result.slogans.table
    click.echo(
        f"{len(table)} formulations in {len(result.corpus.articles)} articles, most salient first:"
    )
    for i, r in enumerate(table.head(top).itertuples(), start=1):
        span = r.first_date if r.first_date == r.last_date else f"{r.first_date}–{r.last_date}"
        click.echo(
            f"{i:4d}  {r.count:5d}×  {r.articles:3d} art.  {span:23s}  {r.kind:9s}  {r.slogan}"
        )
    if candidates_path:
        from ..atomic import write_atomic  # noqa: PLC0415

        path = Path(candidates_path)
        text = candidates_text(result.slogans, lexicon={e.word for e in result.lexicon})
        if path.exists() and not path.read_text(encoding="utf-8", errors="replace").startswith(
            CANDIDATES_MARK
        ):
            raise TifaError(
                "exists and was not written by tifa; give a new file name (tifa never "
                "overwrites your own files)",
                path=path,
            )
        write_atomic(path, text.encode("utf-8"))
        n = sum(1 for line in text.splitlines() if line and not line.startswith("#"))
        progress(f"wrote {n} lexicon candidates to {path}")


CANDIDATES_MARK = "# tifa slogan candidates"
