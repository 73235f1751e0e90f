"""``tifa stopwords suggest`` and ``tifa stopwords check``: improve the stopword lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..errors import TifaError
from .common import CACHE_OPT, CONFIG_OPT, CONTEXT, SEEDS_ARG, Progress, cache_dir_of, load, tell


@click.group(context_settings=CONTEXT)
def stopwords() -> None:
    """Improve the stopword lists: suggest candidates, check the lists for mistakes.

    Example:

        tifa stopwords suggest seeds --top 20
    """


@stopwords.command(context_settings=CONTEXT)
@SEEDS_ARG
@CONFIG_OPT
@CACHE_OPT
@click.option(
    "--top", default=30, show_default=True, metavar="N", type=click.IntRange(min=0),
    help="How many to show.",
)
@click.option(
    "--all", "include_listed", is_flag=True,
    help="Also show words your lists already hold (marked with their file and line).",
)  # fmt: skip
@click.option(
    "--write", "write_path", default=None, metavar="FILE",
    help="Append the top N new candidates to FILE (e.g. stopwords/user.txt) with a dated comment.",
)  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def suggest(seeds_dir, config_path, cache_dir, top, include_listed, write_path, quiet) -> None:
    """Rank candidate stopwords of SEEDS_DIR with the evidence for each.

    A good candidate is in many paragraphs (df), loads evenly on every theme (flatness), is not
    concentrated in any article or group beyond chance (concentration, from Gries' DP), is in
    the public stopwords-iso list, or is a function word (adverb, pronoun, preposition...).
    Lexicon terms, formulations, numbers, names and the keep list are never suggested. The
    table is followed by a block to paste into a file in stopwords/; nothing is written unless
    you ask with --write FILE.

    Example:

        tifa stopwords suggest seeds --top 20 --write stopwords/user.txt
    """
    from ..pipeline import analyse  # noqa: PLC0415
    from ..suggest import paste_block, suggest_stopwords  # noqa: PLC0415

    progress = Progress(quiet)
    config = load(config_path)
    result = analyse(seeds_dir, config, cache_dir=cache_dir_of(cache_dir), log=progress)
    tell(result.notices, progress)
    table = suggest_stopwords(
        result,
        top_terms=config.themes.top_terms,
        min_chars=config.terms.min_chars,
        random_state=config.random_state,
    )
    new = table[(table["listed"] == "") & table["offered"]]
    shown = (table if include_listed else new).head(top)
    click.echo(
        f"{len(new)} candidate words not yet in your lists"
        + (
            f" ({int((table['listed'] != '').sum())} listed ones shown too)"
            if include_listed
            else ""
        )
        + "; best first:"
    )
    click.echo(f"{'rank':>4}  {'word':<8}{'score':>6}{'count':>7}{'df':>7}{'flat':>6}"
               f"{'conc':>6}  public func  listed")  # fmt: skip
    for i, r in enumerate(shown.itertuples(), start=1):
        flat = "" if r.flatness != r.flatness else f"{r.flatness:.2f}"
        conc = "" if r.concentration != r.concentration else f"{r.concentration:.2f}"
        word = r.word + " " * max(0, 8 - 2 * len(r.word))
        click.echo(f"{i:4d}  {word}{r.score:6.2f}{r.count:7d}{r.df:7.3f}{flat:>6}{conc:>6}"
                   f"  {'yes' if r.public else '':6} {'yes' if r.function else '':4}  {r.listed}")  # fmt: skip
    click.echo(
        "  df: share of paragraphs with the word; flat: how evenly it loads on the themes "
        "(1 = all alike); conc: how far it is concentrated in some articles or groups beyond "
        "chance (0 = not at all); public: in the stopwords-iso list; func: jieba tags it a "
        "function word; listed: the stopword file and line that already hold it. Words "
        "shorter than [terms] min_chars, theme top terms and leading keyness terms are not offered."
    )
    words = new["word"].head(top).tolist()
    today = dt.date.today().isoformat()
    block = paste_block(words, today=today, source=str(seeds_dir))
    if write_path:
        _append_words(Path(write_path), block)
        progress(f"appended {len(words)} words to {write_path}")
    else:
        click.echo(
            "\n# to use them, paste into a file in stopwords/ (or rerun with --write FILE):"
        )
        click.echo(block, nl=False)


def _append_words(path: Path, block: str) -> None:
    """Append ``block`` to a word list, leaving every byte already there as it was."""
    from ..atomic import write_atomic  # noqa: PLC0415

    if path.suffix != ".txt":
        raise TifaError("stopword lists are .txt files; give a .txt file", path=path)
    old = path.read_bytes() if path.exists() else b""
    try:
        old.decode("utf-8")
    except UnicodeDecodeError:
        raise TifaError(
            "is not UTF-8; tifa will not append to it (save it as UTF-8 first)", path=path
        ) from None
    sep = b"" if not old or old.endswith(b"\n") else b"\n"
    write_atomic(path, old + sep + block.encode("utf-8"))


@stopwords.command(context_settings=CONTEXT)
@SEEDS_ARG
@CONFIG_OPT
@CACHE_OPT
@click.option(
    "--all", "show_all", is_flag=True,
    help="Also list, one by one, the entries that never occur in SEEDS_DIR.",
)  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def check(seeds_dir, config_path, cache_dir, show_all, quiet) -> None:
    """Check the stopword lists (and lexicon/not-formulations.txt) for mistakes, with file
    and line for each.

    Finds words listed twice, words jieba never cuts out as one token (they can never match),
    words that are user-lexicon terms or formulations found in SEEDS_DIR, words also in the
    keep list, and hidden characters, several words on a line, full-width or traditional forms.
    Entries that never occur in SEEDS_DIR are counted (listed with --all). Exit status 1 when a
    problem is found.

    Example:

        tifa stopwords check seeds --all
    """
    from ..checks import check_lists  # noqa: PLC0415
    from ..pipeline import analyse_formulations  # noqa: PLC0415
    from ..segment import make_segmenter  # noqa: PLC0415

    progress = Progress(quiet)
    config = load(config_path)
    result = analyse_formulations(seeds_dir, config, cache_dir=cache_dir_of(cache_dir), log=progress)
    tell(result.notices, progress)
    segmenter = make_segmenter(engine=config.segment.engine, lexicon=result.lexicon)
    slogans_found = set()
    if result.slogans is not None:
        for s in result.slogans.slogans:
            slogans_found.add(s.text)
            slogans_found.update(s.variants)
    findings = check_lists(
        config.stopwords.paths,
        config.stopwords.keep,
        cut=lambda w: [t for t, _ in segmenter.tag(w)],
        lexicon={e.word for e in result.lexicon},
        slogans=slogans_found,
        corpus_words=set(result.raw_tokens.vocab),
        corpus_text="\n".join(p.content for a in result.corpus.articles for p in a.analysed),
        corpus_name=str(seeds_dir),
    )
    # lexicon/not-formulations.txt: phrases, checked the same way (no token split expected)
    findings += check_lists(
        [config.slogans.not_formulations], None, cut=lambda w: [w],
        lexicon={e.word for e in result.lexicon},
        corpus_words=set(result.raw_tokens.vocab),
        corpus_text="\n".join(p.content for a in result.corpus.articles for p in a.analysed),
        corpus_name=str(seeds_dir),
    )  # fmt: skip
    problems = [f for f in findings if f.is_problem]
    notes = [f for f in findings if not f.is_problem]
    for f in problems:
        click.echo(str(f))
    if show_all:
        for f in notes:
            click.echo(str(f))
    elif notes:
        per_file: dict[str, int] = {}
        for f in notes:
            per_file[f.path] = per_file.get(f.path, 0) + 1
        for path, n in per_file.items():
            click.echo(
                f"{path}: note: {n} entries never occur as a word in {seeds_dir} (--all lists them)"
            )
    n_files = len({f.path for f in problems})
    click.echo(
        f"{len(problems)} problem(s) in {n_files} file(s)" if problems else "no problems found",
        err=True,
    )
    if problems:
        raise click.exceptions.Exit(1)
