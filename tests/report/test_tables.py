"""CSV tables: the contract's cell formatting, whatever the column's dtype."""

import io

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.report.tables import _cell, read_table, to_csv_bytes


def test_cells_are_formatted_as_the_contract_says():
    df = pd.DataFrame({
        "term": ["新质生产力", "三服务", None],
        "score": [1.23456789, -0.0000001, float("nan")],
        "count": np.array([3, 0, 12], dtype=np.int64),
        "chosen": [True, False, True],
        "variants": [("一带一路", "带路"), (), ["甲"]],
    })  # fmt: skip
    data = to_csv_bytes(df)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines == [
        "term,score,count,chosen,variants",
        "新质生产力,1.234568,3,true,一带一路|带路",
        "三服务,0,0,false,",
        ",,12,true,甲",
    ]
    back = read_table(io.BytesIO(data))
    assert list(back["score"]) == ["1.234568", "0", ""]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(allow_nan=True, allow_infinity=False, width=64), min_size=1, max_size=20),
    st.lists(st.integers(-(2**40), 2**40), min_size=1, max_size=20),
    st.lists(st.one_of(st.none(), st.booleans(), st.text(max_size=4), st.floats(-1e6, 1e6)),
             min_size=1, max_size=20),
)  # fmt: skip
def test_the_column_fast_paths_equal_the_cell_by_cell_formatting(floats, ints, mixed):
    n = min(len(floats), len(ints), len(mixed))
    df = pd.DataFrame({
        "f": np.array(floats[:n], dtype=np.float64),
        "i": np.array(ints[:n], dtype=np.int64),
        "o": pd.Series(mixed[:n], dtype=object),
    })  # fmt: skip
    expected = io.StringIO()
    df.map(_cell).to_csv(expected, index=False, lineterminator="\n")
    assert to_csv_bytes(df) == b"\xef\xbb\xbf" + expected.getvalue().encode("utf-8")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet='甲a,"\n\r ', max_size=5), min_size=1, max_size=12))
def test_quoting_is_pandas_own_one_column_or_more(texts):
    """The csv module writes the cells as pandas' to_csv did: quotes around a comma, a quote or
    a line break, "" for a quote, and "" for an empty cell when it is the row's only one."""
    for df in (pd.DataFrame({"t": texts}), pd.DataFrame({"t": texts, "u": texts[::-1]})):
        expected = io.StringIO()
        df.map(_cell).to_csv(expected, index=False, lineterminator="\n")
        assert to_csv_bytes(df) == b"\xef\xbb\xbf" + expected.getvalue().encode("utf-8")


def test_csv_written_block_by_block_is_the_same_file(monkeypatch):
    """A large table is serialised in blocks of rows: the bytes are those of one block."""
    import numpy as np
    import pandas as pd

    from analysis.report import tables

    df = pd.DataFrame({
        "n": np.arange(12), "text": [f"甲,{i}" if i % 3 else '乙"丙' for i in range(12)],
        "x": np.linspace(0, 1, 12), "forms": [["a", "b"]] * 12,
    })  # fmt: skip
    whole = tables.to_csv_bytes(df)
    assert whole.startswith(b"\xef\xbb\xbfn,text,x,forms\n0,") and whole.count(b"\n") == 13
    for rows in (1, 5, 12):
        monkeypatch.setattr(tables, "_CSV_ROWS", rows)
        assert tables.to_csv_bytes(df) == whole
    assert tables.to_csv_bytes(df.iloc[:0]) == b"\xef\xbb\xbfn,text,x,forms\n"


def test_tables_are_written_block_by_block_and_a_failed_write_leaves_the_old_file(
    tmp_path, monkeypatch
):
    import pandas as pd
    import pytest

    from analysis.atomic import write_atomic
    from analysis.report import tables

    df = pd.DataFrame({"n": range(7), "text": [f"第{i}段" for i in range(7)]})
    monkeypatch.setattr(tables, "_CSV_ROWS", 2)
    blocks = list(tables.csv_blocks(df))
    assert len(blocks) == 1 + 4 and b"".join(blocks) == tables.to_csv_bytes(df)
    target = tmp_path / "t.csv"
    write_atomic(target, tables.csv_blocks(df))
    assert target.read_bytes() == tables.to_csv_bytes(df)

    def broken():
        yield b"half"
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, broken())
    assert target.read_bytes() == tables.to_csv_bytes(df)
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]  # no temporary file left
