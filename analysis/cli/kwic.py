"""``tifa kwic``: every occurrence of a term in its context, with file and line."""

from __future__ import annotations

from pathlib import Path

import click

from .common import CONFIG_OPT, CONTEXT, SEEDS_ARG, load, tell


@click.command(context_settings=CONTEXT)
@click.argument("term")
@SEEDS_ARG
@CONFIG_OPT
@click.option(
    "--width", default=20, show_default=True, metavar="N", type=click.IntRange(0, 1000),
    help="Characters on each side (0 to 1000).",
)
def kwic(term, seeds_dir, config_path, width) -> None:
    """Show every occurrence of TERM in SEEDS_DIR in its context, with file and line.

    Any word or phrase works, found or not by tifa; traditional characters and full-width
    forms in TERM are normalised like the articles.

    Example:

        tifa kwic 新质生产力 seeds --width 15
    """
    from ..ingest import normalize_line, read_articles, shown_name, to_simplified  # noqa: PLC0415
    from ..kwic import term_contexts  # noqa: PLC0415

    config = load(config_path)
    corpus = read_articles(seeds_dir, manifest=config.input.manifest)
    tell(corpus.notices, lambda _: None)
    query = to_simplified(normalize_line(term))
    if not query:
        raise click.UsageError("TERM is empty")
    single = Path(seeds_dir).is_file()
    found = 0
    for article, line, left, match, right in term_contexts(corpus.articles, query, width=width):
        shown = shown_name(seeds_dir) if single else Path(shown_name(seeds_dir)) / article.file
        click.echo(f"{shown}:{line}: {left:>{width}}【{match}】{right}")
        found += 1
    if not found:
        shown_query = query if len(query) <= 60 else f"{query[:60]}... ({len(query)} characters)"
        click.echo(f"no occurrence of {shown_query!r} in {len(corpus.articles)} articles", err=True)
