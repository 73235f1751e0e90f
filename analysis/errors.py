"""One exception for bad input, and one-line messages for errors and warnings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def _where(path: str | Path | None, line: int | None) -> str:
    if path is None:
        return ""
    return f"{path}:{line}: " if line else f"{path}: "


class TifaError(Exception):
    """Bad input that stops the run: the CLI prints it as one line and exits 1.

    Parameters
    ----------
    message : str
        What happened, then ``; `` and how to fix it.
    path : str or Path, optional
        The file the problem is in.
    line : int, optional
        1-based line in ``path``.
    """

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        return f"{_where(self.path, self.line)}{self.message}"


@dataclass(frozen=True)
class Notice:
    """A problem that does not stop the run; repeated in the report's method section."""

    message: str
    path: str | None = None
    line: int | None = None
    warning: bool = True  # False: a note for the reader (e.g. text converted), not a problem

    def __str__(self) -> str:
        return f"{_where(self.path, self.line)}{self.message}"
