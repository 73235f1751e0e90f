"""The segmenter: jieba's dictionary plus a user lexicon, on rjieba (jieba-rs) or jieba.

The engine is rjieba (jieba-rs) when it is installed: it loads jieba's own dictionary and gives
jieba's tokens (``tests/segment/test_tokens.py`` holds the parity check) about twenty times
faster. Otherwise plain jieba is used. Words are given with their part-of-speech tag so that
personal names (``nr``) can be told apart from terms.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata

from ..wordlists import Entry

CACHE_FORMAT = 4  # bump when what is stored changes
LEXICON_TAG = "nz"  # the tag of a user-lexicon word given without one: a proper term


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass
class Segmenter:
    """A tokenizer built for one run: an engine with jieba's dictionary plus the user lexicon.

    Use :func:`make_segmenter`; ``tag`` returns ``[(word, part_of_speech), ...]``.
    """

    engine: str
    lexicon: tuple[Entry, ...]
    _impl: object = None
    _has_word: object = None
    _add: object = None
    _cut: object = None
    _word_tag: object = None

    @cached_property
    def key(self) -> str:
        """Identifies what this segmenter produces: engine, versions and lexicon content.

        Returns
        -------
        str
            A SHA-256 hex digest (the segmentation cache's key part).
        """
        h = hashlib.sha256()
        h.update(
            f"{CACHE_FORMAT}|{self.engine}|{_version(self.engine)}|{_version('jieba')}".encode()
        )
        for e in self.lexicon:
            h.update(f"\n{e.word}\t{e.freq}\t{e.tag}".encode())
        return h.hexdigest()

    @property
    def version(self) -> str:
        """The engine and its version, for the log (``rjieba 0.1.13``).

        Returns
        -------
        str
        """
        return f"{self.engine} {_version(self.engine)}"

    def _ready(self) -> None:
        # the engine loads its dictionary (a quarter of a second) only when first used: a run
        # whose segments all come from the cache never pays for it
        if self._impl is None:
            self._impl, self._has_word, self._add, self._cut, self._word_tag = (
                _rjieba_impl(self.lexicon)
                if self.engine == "rjieba"
                else _jieba_impl(self.lexicon)
            )

    def extended(self, lexicon: Sequence[Entry]) -> Segmenter:
        """The segmenter of ``lexicon``, which starts with this one's entries: when this one's
        dictionary is loaded, the new entries are added to it (in order, as a fresh load would
        add them) instead of loading the dictionary again, and this one gives it up.

        Parameters
        ----------
        lexicon : this segmenter's lexicon followed by more entries (else a fresh segmenter)

        Returns
        -------
        Segmenter
        """
        lexicon = tuple(lexicon)
        out = Segmenter(engine=self.engine, lexicon=lexicon)
        if self._impl is not None and lexicon[: len(self.lexicon)] == self.lexicon:
            for e in lexicon[len(self.lexicon) :]:
                self._add(e)
            out._impl, out._has_word, out._add = self._impl, self._has_word, self._add
            out._cut, out._word_tag = self._cut, self._word_tag
            self._impl = self._has_word = self._add = None  # reloads if it is used again
            self._cut = self._word_tag = None
        return out

    def tag(self, text: str) -> list[tuple[str, str]]:
        """Segment ``text`` into words with their part-of-speech tags.

        Parameters
        ----------
        text : the text

        Returns
        -------
        list of (str, str)
            ``[(word, part_of_speech), ...]`` in order, punctuation and spaces included.
        """
        self._ready()
        return self._impl(text)

    def cut(self, text: str) -> list[str]:
        """The words of :meth:`tag` without their tags (about twice as fast with rjieba).

        Parameters
        ----------
        text : the text

        Returns
        -------
        list of str
        """
        self._ready()
        return self._cut(text)

    def word_tag(self, word: str) -> str | None:
        """The tag :meth:`tag` gives ``word`` wherever it cuts it (the engines tag a word by
        the word alone: its dictionary entry, else its characters).

        Parameters
        ----------
        word : a word :meth:`cut` gave

        Returns
        -------
        str or None
            The tag; None when ``word`` cut alone is not that one word (then take its tag
            from :meth:`tag` of the text it came from).
        """
        self._ready()
        return self._word_tag(word)

    def has_word(self, word: str) -> bool:
        """Whether ``word`` is one entry of the dictionary (with the lexicon, if any).

        Parameters
        ----------
        word : the word

        Returns
        -------
        bool
        """
        self._ready()
        return bool(self._has_word(word))


def _rjieba_impl(lexicon: Sequence[Entry]):
    import rjieba  # noqa: PLC0415

    jb = rjieba.Jieba()

    def add(e: Entry) -> None:
        # jieba's rule for a missing frequency: just enough to keep the word whole.
        freq = e.freq if e.freq is not None else jb.suggest_freq(e.word)
        jb.add_word(e.word, freq, e.tag or LEXICON_TAG)

    def word_tag(word: str) -> str | None:
        pieces = jb.tag(word)
        return pieces[0][1] if len(pieces) == 1 and pieces[0][0] == word else None

    for e in lexicon:
        add(e)
    return jb.tag, jb.has_word, add, jb.cut, word_tag


def _jieba_impl(lexicon: Sequence[Entry]):
    import jieba  # noqa: PLC0415
    import jieba.posseg  # noqa: PLC0415

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    # Tags come from the dictionary (jieba.posseg would re-segment unknown words differently,
    # breaking parity with jieba.cut); words it does not know get 'x', as rjieba's 'x' fallback.
    tags = dict(jieba.posseg.dt.word_tag_tab)

    def add(e: Entry) -> None:
        tk.add_word(e.word, e.freq, e.tag or LEXICON_TAG)
        tags[e.word] = e.tag or LEXICON_TAG

    for e in lexicon:
        add(e)
    return (
        (lambda text: [(w, tags.get(w, "x")) for w in tk.cut(text)]),
        (lambda w: tk.FREQ.get(w, 0) > 0),
        add,
        (lambda text: list(tk.cut(text))),
        (lambda w: tags.get(w, "x")),
    )


def engine_available(name: str) -> bool:
    """Whether the engine ``name`` (``"rjieba"``, ``"jieba"``) is installed, without importing it.

    Parameters
    ----------
    name : the module name

    Returns
    -------
    bool
    """
    from importlib.util import find_spec  # noqa: PLC0415 - finds it without importing it

    return find_spec(name) is not None


def make_segmenter(*, engine: str = "auto", lexicon: Sequence[Entry] = ()) -> Segmenter:
    """Build the segmenter (its dictionary is loaded on first use).

    Parameters
    ----------
    engine : ``"auto"`` (rjieba when installed, else jieba), ``"rjieba"`` or ``"jieba"``
    lexicon : the user lexicon's entries, added to jieba's dictionary

    Returns
    -------
    Segmenter
    """
    if engine == "auto":
        engine = "rjieba" if engine_available("rjieba") else "jieba"
    return Segmenter(engine=engine, lexicon=tuple(lexicon))
