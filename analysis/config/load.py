"""Read and check ``tifa.toml`` into :class:`~analysis.config.params.Config`; CLI overrides;
the flat rows of the report's method section."""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import TifaError
from ..wordlists import decode_user_text
from .params import SECTIONS, Config


def _line_of(text: str, section: str | None, key: str | None) -> int | None:
    """Find the line of ``[section]`` or of ``key`` inside it, for error messages."""
    current = None
    for no, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        m = re.match(r"^\[([^\]]+)\]", stripped)
        if m:
            current = m.group(1).strip()
            if key is None and current == section:
                return no
            continue
        if key and current == section and re.match(rf"^\"?{re.escape(key)}\"?\s*=", stripped):
            return no
    return None


def _check(cls: type, values: Mapping[str, Any], *, section: str | None, path: Path, text: str):
    known = {f.name: f for f in dataclasses.fields(cls) if "check" in f.metadata}
    kwargs = {}
    for key, value in values.items():
        where = f"[{section}] " if section else ""
        if key not in known:
            choices = ", ".join(sorted(known)) or "none"
            close = difflib.get_close_matches(key, list(known), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise TifaError(
                f"unknown setting {where}{key!r}; {hint}known here: {choices}",
                path=path,
                line=_line_of(text, section, key),
            )
        f = known[key]
        if not f.metadata["check"](value):
            raise TifaError(
                f"the {key!r} parameter must be {f.metadata['expect']}. Got {value!r} instead",
                path=path,
                line=_line_of(text, section, key),
            )
        if isinstance(value, dict):
            value = tuple((str(k), str(x)) for k, x in value.items())
        kwargs[key] = tuple(value) if isinstance(value, list) else value
    return cls(**kwargs)


def parse_config(text: str, *, path: Path) -> Config:
    """Parse and check the text of a ``tifa.toml``; unknown keys and bad values are errors.

    Parameters
    ----------
    text : str
        The file's text.
    path : Path
        The file, for error messages.

    Returns
    -------
    Config
        The settings, every key checked against its constraint.

    Raises
    ------
    TifaError
        Invalid TOML, an unknown section or key, a bad value, or k_min above k_max; with the
        file and line.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise TifaError(
            f"not valid TOML ({exc}); see https://toml.io",
            path=path,
            line=int(m.group(1)) if m else None,
        ) from None
    top = {k: v for k, v in data.items() if not isinstance(v, dict)}
    base = _check(Config, top, section=None, path=path, text=text)
    sections = {}
    for name, values in data.items():
        if not isinstance(values, dict):
            continue
        if name not in SECTIONS:
            raise TifaError(
                f"unknown section [{name}]; known sections: {', '.join(SECTIONS)}",
                path=path,
                line=_line_of(text, name, None),
            )
        sections[name] = _check(SECTIONS[name], values, section=name, path=path, text=text)
    config = dataclasses.replace(base, **sections)
    if config.themes.k_min > config.themes.k_max:
        raise TifaError(
            f"[themes] k_min ({config.themes.k_min}) is larger than k_max "
            f"({config.themes.k_max}); make k_min <= k_max",
            path=path,
            line=_line_of(text, "themes", "k_min") or _line_of(text, "themes", "k_max"),
        )
    return config


def load_config(path: str | Path | None) -> Config:
    """Read ``path``; a missing default ``tifa.toml`` gives the defaults, a missing named file
    is an error.

    Parameters
    ----------
    path : str, Path or None
        The settings file (None: the defaults).

    Returns
    -------
    Config
        The settings.

    Raises
    ------
    TifaError
        A missing named file, a file that is not UTF-8, or a bad setting (see
        :func:`parse_config`).
    """
    if path is None:
        return Config()
    path = Path(path)
    if not path.is_file():
        if path.name == "tifa.toml" and not path.exists():
            return Config()
        raise TifaError("config file not found; give an existing .toml file", path=path)
    decoded = decode_user_text(path.read_bytes(), gb18030=False)
    if decoded.text is None:
        raise TifaError(
            f"not UTF-8 (bad byte at offset {decoded.bad_utf8}); save it as UTF-8", path=path
        )
    return parse_config(text=decoded.text, path=path)


def with_overrides(config: Config, **sections: Mapping[str, Any]) -> Config:
    """Return ``config`` with CLI values applied (``None`` values are left alone).

    Parameters
    ----------
    config : Config
        The settings read from the file.
    **sections
        Section name to ``{key: value}``.

    Returns
    -------
    Config
        A new config; ``config`` is unchanged.
    """
    changes = {}
    for name, values in sections.items():
        values = {k: v for k, v in values.items() if v is not None}
        if values:
            changes[name] = dataclasses.replace(getattr(config, name), **values)
    return dataclasses.replace(config, **changes)


def config_items(config: Config) -> list[tuple[str, str, Any]]:
    """Flatten a config into (section, key, value) rows for the report's method section.

    Parameters
    ----------
    config : Config
        The settings of a run.

    Returns
    -------
    list of (str, str, object)
        ``("", "random_state", seed)`` first, then every key of every section in order.
    """
    rows: list[tuple[str, str, Any]] = [("", "random_state", config.random_state)]
    for name in SECTIONS:
        section = getattr(config, name)
        for f in dataclasses.fields(section):
            rows.append((name, f.name, getattr(section, f.name)))
    return rows
