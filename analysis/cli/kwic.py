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
    "--width", default=20, show_default=True, metavar="N", help="Characters on each side."
)
def kwic(term, seeds_dir, config_path, width) -> None:
    """Show every occurrence of TERM in SEEDS_DIR in its context, with file and line.

    Any word or phrase works, found or not by tifa; traditional characters and full-width
    forms in TERM are normalised like the articles.

    Example:

        tifa kwic 新质生产力 seeds --width 15
    """
    from ..ingest import normalize_line, read_articles, shown_name, to_simplified  # noqa: PLC0415

    config = load(config_path)
    corpus = read_articles(seeds_dir, manifest=config.input.manifest)
    tell(corpus.notices, lambda _: None)
    query = to_simplified(normalize_line(term))
    if not query:
        raise click.UsageError("TERM is empty")
    found = 0
    for article in corpus.articles:
        single = Path(seeds_dir).is_file()
        shown = shown_name(seeds_dir) if single else Path(shown_name(seeds_dir)) / article.file
        for p in article.paragraphs:
            if p.role == "duplicate":
                continue
            start = p.text.find(query)
            while start >= 0:
                left = p.text[max(0, start - width) : start]
                right = p.text[start + len(query) : start + len(query) + width]
                click.echo(f"{shown}:{p.line_at(start)}: {left:>{width}}【{query}】{right}")
                found += 1
                start = p.text.find(query, start + len(query))
    if not found:
        click.echo(f"no occurrence of {query!r} in {len(corpus.articles)} articles", err=True)
