"""``tifa slogans``: the formulations found, most salient first; lexicon candidates."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import Config
from ..errors import TifaError
from ..run import memo
from .common import CACHE_OPT, CONFIG_OPT, CONTEXT, SEEDS_ARG, Progress, cache_dir_of, load, warn


@click.command(context_settings=CONTEXT)
@SEEDS_ARG
@CONFIG_OPT
@CACHE_OPT
@click.option(
    "--top", default=30, show_default=True, metavar="N", type=click.IntRange(min=0),
    help="How many to print.",
)
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
    progress = Progress(quiet)
    config = load(config_path)
    cache = cache_dir_of(cache_dir)
    key = _listing_key(seeds_dir, config)
    listing = memo.load(cache, key)
    if listing is None:
        listing = _listing(seeds_dir, config, cache, progress)
        memo.save(cache, key, listing)
    else:
        progress("slogans: the same inputs as an earlier run; its list, from the cache")
    for warning, text in listing["notices"]:
        warn(text) if warning else progress(text)
    click.echo(listing["header"])
    for line in listing["rows"][:top]:
        click.echo(line)
    if candidates_path:
        from ..atomic import write_atomic  # noqa: PLC0415

        path = Path(candidates_path)
        text = listing["candidates"]
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


def _listing_key(seeds_dir: str, config: Config) -> str:
    """The digest of everything the listing depends on: the corpus folder's files, every word
    list the settings name, the settings, the code and the libraries (:mod:`analysis.run.memo`)."""
    paths = [
        seeds_dir, *config.segment.lexicon, *config.stopwords.paths, config.stopwords.keep,
        config.slogans.not_formulations, *filter(None, [config.slogans.lexicon]),
    ]  # fmt: skip
    return memo.inputs_digest(paths, "slogans", repr(config), memo.code_and_libraries())


def _listing(seeds_dir: str, config: Config, cache: str, progress: Progress) -> dict:
    """Find the formulations: the notices, the header, one line per formulation (most salient
    first) and the lexicon candidates, as plain JSON values."""
    from ..pipeline import analyse_formulations  # noqa: PLC0415
    from ..slogans import candidates_text  # noqa: PLC0415

    result = analyse_formulations(seeds_dir, config, cache_dir=cache, log=progress)
    table = result.slogans.table
    rows = []
    for i, r in enumerate(table.itertuples(), start=1):
        span = r.first_date if r.first_date == r.last_date else f"{r.first_date}–{r.last_date}"
        rows.append(
            f"{i:4d}  {r.count:5d}×  {r.articles:3d} art.  {span:23s}  {r.kind:9s}  {r.slogan}"
        )
    return {
        "notices": [[bool(n.warning), str(n)] for n in result.notices],
        "header": f"{len(table)} formulations in {len(result.corpus.articles)} articles, most salient first:",
        "rows": rows,
        "candidates": candidates_text(result.slogans, lexicon={e.word for e in result.lexicon}),
    }


CANDIDATES_MARK = "# tifa slogan candidates"
