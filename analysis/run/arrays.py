"""Plain arrays for the cache: DataFrames column by column, dataclasses field by field, and the
digests of tokens and articles that cached stages are keyed by (see :mod:`analysis.run.cache`)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from ..segment import Tokens
from .cache import digest, from_json_array, json_array, str_array, str_list


def frame_arrays(df: pd.DataFrame, prefix: str) -> dict[str, np.ndarray]:
    """A DataFrame as arrays: numeric columns as they are, text as Unicode arrays, anything
    else (lists) as JSON text; ``{prefix}__meta`` records names, dtypes and encodings.

    Parameters
    ----------
    df : the frame
    prefix : the arrays' name prefix (several frames share one entry)

    Returns
    -------
    dict of str to ndarray
    """
    out: dict[str, np.ndarray] = {}
    meta = []
    for i, name in enumerate(df.columns):
        s = df[name]
        key = f"{prefix}__{i}"
        if isinstance(s.dtype, np.dtype) and s.dtype.kind in "biuf":
            out[key] = s.to_numpy()
            meta.append([str(name), s.dtype.str, "num"])
        elif str(s.dtype) == "Int64":  # nullable integers: the values and the missing mask
            out[key] = s.fillna(0).to_numpy(dtype=np.int64)
            out[f"{key}m"] = s.isna().to_numpy()
            meta.append([str(name), "Int64", "int64na"])
        elif _all_str(s):
            # each distinct string once (in order of first use), then codes: a fixed-width
            # Unicode array of a long column (two million rows of echo.csv) would take the
            # longest string's width
            codes, uniques = _factorize(s)
            out[key] = codes
            out[f"{key}u"] = str_array(uniques)
            meta.append([str(name), str(s.dtype), "strcodes"])
        else:
            out[key] = str_array(json.dumps(_plain(v), ensure_ascii=False) for v in s.tolist())
            meta.append([str(name), str(s.dtype), "json"])
    out[f"{prefix}__meta"] = json_array(meta)
    return out


def _factorize(s: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes (int32) and the distinct strings in order of first use, as ``pd.factorize``
    gives them, but hashed as Python objects: ``pd.factorize`` of a string column asks each
    string for its UTF-8 form, which CPython then keeps beside it for the string's life (a
    20 MB corpus's cached tables gained 30 MB that way, its kwic and echo strings doubled)."""
    from pandas._libs.hashtable import PyObjectHashTable  # noqa: PLC0415

    values = s.to_numpy(dtype=object)
    uniques, codes = PyObjectHashTable(max(1, len(values))).factorize(values)
    return codes.astype(np.int32), uniques.tolist()


def _all_str(s: pd.Series) -> bool:
    """Whether every value is a ``str`` (an empty column too), checked in C."""
    return not len(s) or pd.api.types.infer_dtype(s, skipna=False) == "string"


def _plain(v):
    """A cell as JSON can write it: missing values (pd.NA, NaN in a nullable column) as null,
    NumPy scalars as Python numbers."""
    if isinstance(v, np.generic):
        v = v.item()
    if v is None or (not isinstance(v, list | tuple | dict | str) and pd.isna(v)):
        return None
    return v


def arrays_frame(arrays: dict[str, np.ndarray], prefix: str) -> pd.DataFrame:
    """The DataFrame :func:`frame_arrays` stored.

    Parameters
    ----------
    arrays : the entry's arrays
    prefix : the frame's name prefix

    Returns
    -------
    pandas.DataFrame
        The same columns, dtypes and values.

    Raises
    ------
    KeyError
        The entry does not hold this frame.
    """
    meta = from_json_array(arrays[f"{prefix}__meta"])
    cols = {}
    for i, (name, dtype, enc) in enumerate(meta):
        a = arrays[f"{prefix}__{i}"]
        if enc == "num":
            cols[name] = pd.Series(a.astype(np.dtype(dtype), copy=False))
        elif enc == "int64na":
            cols[name] = pd.Series(pd.arrays.IntegerArray(a, arrays[f"{prefix}__{i}m"]))
        elif enc == "strcodes":
            words = np.asarray(str_list(arrays[f"{prefix}__{i}u"]) or [""], dtype=object)
            values = words[a].tolist() if len(a) else []
            cols[name] = pd.Series(values, dtype=object if dtype == "object" else dtype)
        elif enc == "str":
            cols[name] = pd.Series(str_list(a), dtype=object if dtype == "object" else dtype)
        else:
            col = pd.Series([json.loads(x) for x in str_list(a)], dtype=object)
            cols[name] = col if dtype == "object" else col.astype(dtype)
    return pd.DataFrame(cols, columns=[m[0] for m in meta])


def tokens_digest(toks: Tokens) -> str:
    """The digest of every array of ``toks`` (vocabulary, tags, codes, positions).

    Parameters
    ----------
    toks : the tokens

    Returns
    -------
    str
    """
    return digest(
        "\n".join(toks.vocab), "\n".join(toks.tags), toks.codes, toks.offsets, toks.article,
        toks.paragraph,
    )  # fmt: skip


def articles_digest(articles) -> str:
    """Everything of the articles a stage may read (every field of every article and
    paragraph, through their ``repr``).

    Parameters
    ----------
    articles : the articles

    Returns
    -------
    str
    """
    return digest(*(repr(a) for a in articles))


def _deep_tuple(v):
    return tuple(_deep_tuple(x) for x in v) if isinstance(v, list) else v


def dataclass_arrays(obj, prefix: str) -> dict[str, np.ndarray]:
    """Every field of a dataclass of plain data as arrays: DataFrames column by column, arrays
    as they are, None, and JSON for the rest (tuples come back as tuples).

    Parameters
    ----------
    obj : the dataclass instance
    prefix : the arrays' name prefix

    Returns
    -------
    dict of str to ndarray
    """
    import dataclasses  # noqa: PLC0415

    out: dict[str, np.ndarray] = {}
    kinds = {}
    for f in dataclasses.fields(obj):
        v, key = getattr(obj, f.name), f"{prefix}.{f.name}"
        if isinstance(v, pd.DataFrame):
            out.update(frame_arrays(v, key))
            kinds[f.name] = "frame"
        elif isinstance(v, np.ndarray):
            out[key] = v
            kinds[f.name] = "array"
        elif v is None:
            kinds[f.name] = "none"
        else:
            out[key] = json_array(v)
            kinds[f.name] = "tuple" if isinstance(v, tuple) else "json"
    out[f"{prefix}.__kinds"] = json_array(kinds)
    return out


def arrays_dataclass(cls, arrays: dict[str, np.ndarray], prefix: str):
    """The dataclass :func:`dataclass_arrays` stored.

    Parameters
    ----------
    cls : the dataclass
    arrays : the entry's arrays
    prefix : the name prefix

    Returns
    -------
    object
        ``cls(**fields)``.

    Raises
    ------
    KeyError
        The entry does not hold this dataclass.
    """
    kinds = from_json_array(arrays[f"{prefix}.__kinds"])
    values = {}
    for name, kind in kinds.items():
        key = f"{prefix}.{name}"
        if kind == "frame":
            values[name] = arrays_frame(arrays, key)
        elif kind == "array":
            values[name] = arrays[key]
        elif kind == "none":
            values[name] = None
        else:
            v = from_json_array(arrays[key])
            values[name] = _deep_tuple(v) if kind == "tuple" else v
    return cls(**values)
