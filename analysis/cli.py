"""The ``tifa`` command line: wires the stages, prints progress, turns bad input into one line."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from .config import Config, load_config, with_overrides
from .errors import TifaError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Progress:
    """Prints what the run is doing to stderr, with the elapsed time."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.start = time.perf_counter()
        self._last_pct = -1

    def __call__(self, message: str) -> None:
        if not self.quiet:
            click.echo(f"tifa: [{time.perf_counter() - self.start:5.1f}s] {message}", err=True)

    def fraction(self, done: int, total: int) -> None:
        """Report long work in steps of 10% (only when it takes a while)."""
        if self.quiet or time.perf_counter() - self.start < 2:
            return
        pct = int(100 * done / max(total, 1)) // 10 * 10
        if pct != self._last_pct and pct < 100:
            self._last_pct = pct
            self(f"segmenting ... {pct}%")


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def _tell(notices, progress: Callable[[str], None]) -> None:
    """Warnings (a skipped file, a manifest row matching nothing) always; notes as progress."""
    for notice in notices:
        warn(str(notice)) if notice.warning else progress(str(notice))


def _cache_dir(option: str | None) -> str:
    return option or os.environ.get("TIFA_CACHE_DIR") or ".cache"


def _timestamp() -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` if set (reproducible-builds convention), else the data decide."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value and value.isdigit():
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    return None


def _load(config_path: str, **overrides) -> Config:
    explicit = config_path != "tifa.toml"
    path = Path(config_path)
    if explicit and not path.is_file():
        raise TifaError("config file not found; give an existing .toml file", path=path)
    return with_overrides(load_config(path), **overrides)


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="tifa", prog_name="tifa")
def cli() -> None:
    """tifa: themes and official formulations (提法) in Chinese official texts.

    Put .txt articles in a folder (seeds/ by default) and run `tifa report`.

    Example:

        tifa report seeds --out reports
    """


SEEDS_ARG = click.argument("seeds_dir", required=False, default="seeds", metavar="[SEEDS_DIR]")
CONFIG_OPT = click.option(
    "--config", "config_path", default="tifa.toml", show_default=True, metavar="FILE",
    help="Settings file (missing default file: built-in defaults).",
)  # fmt: skip
CACHE_OPT = click.option(
    "--cache-dir", default=None, metavar="DIR",
    help="Segmentation cache (default: $TIFA_CACHE_DIR or .cache).",
)  # fmt: skip


@cli.command(context_settings=CONTEXT)
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
    from .labels import LABELS  # noqa: PLC0415
    from .pipeline import analyse  # noqa: PLC0415 - keep `tifa -h` fast
    from .report import build_outputs, change_lines, corpus_title, write_outputs  # noqa: PLC0415
    from .run.cache import Cache  # noqa: PLC0415
    from .run.outputs import (  # noqa: PLC0415
        check_cache_dir,
        check_out_dir,
        input_paths,
        out_lock,
        output_set,
    )
    from .runlog import read_summary  # noqa: PLC0415

    progress = Progress(quiet)
    config = _load(
        config_path, report={"lang": lang}, echo={"reference_corpus": reference or None}
    )
    inputs = input_paths(
        seeds_dir, config, cache_dir=_cache_dir(cache_dir), config_path=config_path
    )
    check_out_dir(out_dir, inputs)
    check_cache_dir(_cache_dir(cache_dir), seeds_dir)
    with out_lock(out_dir):
        previous = read_summary(out_dir)
        result = analyse(
            seeds_dir,
            config,
            cache_dir=_cache_dir(cache_dir),
            log=progress,
            progress=progress.fraction,
            echo=True,
            previous=previous,
            scheduler=scheduler or config.run.scheduler,
        )
        _tell(result.notices, progress)
        if result.themes_note:
            warn(result.themes_note)
        progress("drawing figures and typesetting the PDF")
        outputs = build_outputs(
            result,
            lang=config.report.lang,
            title=corpus_title(seeds_dir, config.report.title, result.corpus.articles),
            timestamp=_timestamp(),
            previous=previous,
            cache=Cache(_cache_dir(cache_dir), max_mb=config.run.cache_max_mb),
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


@cli.command(context_settings=CONTEXT)
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
    from .pipeline import analyse  # noqa: PLC0415
    from .slogans import candidates_text  # noqa: PLC0415

    progress = Progress(quiet)
    config = _load(config_path)
    result = analyse(seeds_dir, config, cache_dir=_cache_dir(cache_dir), log=progress, fit=False)
    _tell(result.notices, progress)
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
        from .atomic import write_atomic  # noqa: PLC0415

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


@cli.command(context_settings=CONTEXT)
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
    from .compare import REST  # noqa: PLC0415
    from .pipeline import analyse  # noqa: PLC0415
    from .report import write_tables  # noqa: PLC0415
    from .run.outputs import (  # noqa: PLC0415
        check_cache_dir,
        check_out_dir,
        input_paths,
        out_lock,
        output_set,
    )
    from .tables import build_tables  # noqa: PLC0415

    progress = Progress(quiet)
    config = _load(
        config_path,
        compare={"by": by, "target": target, "reference": reference, "method": method},
    )
    inputs = input_paths(
        seeds_dir, config, cache_dir=_cache_dir(cache_dir), config_path=config_path
    )
    check_out_dir(out_dir, inputs)
    check_cache_dir(_cache_dir(cache_dir), seeds_dir)
    if (Path(out_dir) / "report.pdf").exists():
        raise TifaError(
            "holds a report; tifa compare writes its own folder (default reports/compare), "
            "give another --out",
            path=out_dir,
        )
    result = analyse(seeds_dir, config, cache_dir=_cache_dir(cache_dir), log=progress)
    _tell(result.notices, progress)
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
    from .run.outputs import SET_MANIFEST  # noqa: PLC0415

    out = Path(out_dir)
    parent = out.resolve().parent
    return [out, parent] if (parent / SET_MANIFEST).is_file() else [out]


@cli.group(context_settings=CONTEXT)
def stopwords() -> None:
    """Improve the stopword lists: suggest candidates, check the lists for mistakes.

    Example:

        tifa stopwords suggest seeds --top 20
    """


@stopwords.command(context_settings=CONTEXT)
@SEEDS_ARG
@CONFIG_OPT
@CACHE_OPT
@click.option("--top", default=30, show_default=True, metavar="N", help="How many to show.")
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
    from .pipeline import analyse  # noqa: PLC0415
    from .suggest import paste_block, suggest_stopwords  # noqa: PLC0415

    progress = Progress(quiet)
    config = _load(config_path)
    result = analyse(seeds_dir, config, cache_dir=_cache_dir(cache_dir), log=progress)
    _tell(result.notices, progress)
    table = suggest_stopwords(result)
    new = table[(table["listed"] == "") & table["offered"]]
    shown = (table if include_listed else new).head(top)
    click.echo(
        f"{len(new)} candidate words not yet in your lists"
        + (f" ({int((table['listed'] != '').sum())} listed ones shown too)" if include_listed else "")
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
    from .atomic import write_atomic  # noqa: PLC0415

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
    from .checks import check_lists  # noqa: PLC0415
    from .pipeline import analyse  # noqa: PLC0415
    from .segment import make_segmenter  # noqa: PLC0415

    progress = Progress(quiet)
    config = _load(config_path)
    result = analyse(seeds_dir, config, cache_dir=_cache_dir(cache_dir), log=progress, fit=False)
    _tell(result.notices, progress)
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


@cli.command(context_settings=CONTEXT)
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
    from .ingest import normalize_line, read_articles, shown_name, to_simplified  # noqa: PLC0415

    config = _load(config_path)
    corpus = read_articles(seeds_dir, manifest=config.input.manifest)
    _tell(corpus.notices, lambda _: None)
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


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI; bad input is one line on stderr and exit status 1."""
    try:
        status = cli.main(args=argv, prog_name="tifa", standalone_mode=False)
    except TifaError as exc:
        click.echo(f"error: {exc}", err=True)
        return 1
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("error: interrupted; the previous report is left as it was", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("error: interrupted; the previous report is left as it was", err=True)
        return 130
    except OSError as exc:  # a list, manifest or folder that cannot be read or written
        from .ingest import shown_name  # noqa: PLC0415

        where = f"{shown_name(exc.filename)}: " if exc.filename else ""
        click.echo(
            f"error: {where}{exc.strerror or exc}; check the path and its permissions", err=True
        )
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug must still not print a traceback
        if os.environ.get("TIFA_DEBUG"):
            raise
        click.echo(
            f"error: internal error ({type(exc).__name__}: {exc}); "
            "please report it; TIFA_DEBUG=1 shows the traceback",
            err=True,
        )
        return 1
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
