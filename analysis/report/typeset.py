"""Typeset the report: the typst template and the call to typst."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import TifaError
from .canvas import bounded, font_path

TEMPLATE = "templates/report.typ"  # package data of ``analysis``, beside this package


def template_text() -> str:
    """The typst template of the report.

    Returns
    -------
    str
        ``analysis/templates/report.typ``, read as package data.
    """
    return resources.files("analysis").joinpath(TEMPLATE).read_text("utf-8")


def _json_default(obj):
    """``json.dumps`` default: numpy scalars as Python numbers."""
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


# typst runs in a process of its own: the images it decodes (a quarter of a GB for 65 figures)
# are never part of the analysis process, which keeps its peak memory, and the process's own
# work (the HTML page) runs while typst typesets. It is started while the figures are drawn and
# fed each one as it comes ({"warm": [names]}): typst embeds an image once per content (its
# encoding is memoised across compilations), so it encodes them on a free core meanwhile and
# the report itself ({"compile": timestamp}) then takes a fifth of the time, the same bytes.
_TYPST = """
import datetime as dt, json, os, select, sys
import typst
a = json.loads(sys.argv[1])
buf, n, fed = b"", 0, []
def requests(wait):
    global buf
    while wait or select.select([0], [], [], 0.25)[0]:  # what comes within 0.25 s joins in
        chunk = os.read(0, 65536)
        if not chunk:
            yield {"eof": True}
            return
        buf += chunk
        *lines, buf = buf.split(b"\\n")
        for line in lines:
            yield json.loads(line)
        wait = wait and not lines
compiler = typst.Compiler(root=a["root"], font_paths=[a["fonts"]], ignore_system_fonts=True,
                          sys_inputs={"data": "data.json"})
while True:
    reqs = list(requests(True))
    final = next((r for r in reqs if "compile" in r or "eof" in r), None)
    if final is None:  # only figures: embed them now (what arrived meanwhile in one document)
        n += 1
        fed += [x for r in reqs for x in r["warm"]]
        warm = os.path.join(a["root"], f"warm_{n}.typ")
        with open(warm, "w", encoding="utf-8") as f:  # all so far: typst keeps what is used
            f.writelines(f'#image("figures/{x}", width: 1cm)\\n' for x in fed)
        try:
            compiler.compile_with_warnings(input=warm)
        except Exception:  # the report's own compilation says what is wrong
            pass
        continue
    if "eof" in final:
        sys.exit(0)
    try:
        pdf, warnings = compiler.compile_with_warnings(
            input=a["input"], timestamp=dt.datetime.fromisoformat(final["compile"]))
    except typst.TypstError as exc:
        print(json.dumps({"error": exc.message}))
        sys.exit(0)
    with open(a["output"], "wb") as f:
        f.write(pdf)
    print(json.dumps({"warnings": [w.message for w in warnings]}))
    sys.exit(0)
"""


class Typesetter:
    """typst in a process of its own (:data:`_TYPST`), started by the first :meth:`feed` (or by
    :meth:`compile`): :meth:`feed` hands it figures as they are drawn, :meth:`compile` the
    report. The PDF is the same bytes whether figures were fed or not. Use it as a context
    manager (or call :meth:`close`): the process and the folder go at the end.
    """

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="tifa-typst-")
        self.root = Path(self._tmp.name)
        (self.root / "fonts").mkdir()
        (self.root / "fonts" / font_path().name).symlink_to(font_path())
        (self.root / "figures").mkdir()
        self._proc: subprocess.Popen | None = None
        self._fed: set[str] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._warmed = False  # figures were fed before the compilation

    def __enter__(self) -> Typesetter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> None:
        root = self.root
        args = {
            "input": str(root / "report.typ"), "root": str(root), "fonts": str(root / "fonts"),
            "output": str(root / "report.pdf"),
        }  # fmt: skip
        self._proc = subprocess.Popen(
            [sys.executable, "-c", _TYPST, json.dumps(args)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip

    def _send(self, request: dict) -> None:
        try:
            self._proc.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            self._proc.stdin.flush()
        except OSError:
            pass  # the process is gone: compile() says why

    def feed(self, figures: Mapping[str, bytes]) -> None:
        """Write ``figures`` (file name -> PNG) not fed yet, and let typst embed them now.
        Safe to call from another thread (a pool's callbacks)."""
        with self._lock:
            new = sorted(n for n in figures if n not in self._fed)
            if not new or self._closed:
                return
            for name in new:
                (self.root / "figures" / name).write_bytes(figures[name])
                self._fed.add(name)
            if self._proc is None:
                self._start()
            self._send({"warm": new})
            self._warmed = True

    def compile(self, data: dict, figures: dict[str, bytes], *, timestamp: dt.datetime) -> bytes:
        """The report typeset with ``data`` and ``figures`` (see :func:`compile_pdf`)."""
        with self._lock:
            for name, png in figures.items():
                if name not in self._fed:
                    (self.root / "figures" / name).write_bytes(png)
                    self._fed.add(name)
            (self.root / "data.json").write_text(
                json.dumps(bounded(data), ensure_ascii=False, default=_json_default),
                encoding="utf-8",
            )
            (self.root / "report.typ").write_text(template_text(), encoding="utf-8")
            if self._proc is None:
                self._start()
            self._send({"compile": timestamp.isoformat()})
            proc, fed = self._proc, self._warmed
        out, err = proc.communicate()
        lines = out.decode("utf-8", "replace").strip().splitlines()
        if (proc.returncode or not lines) and fed:  # the process fed figures died: once more alone
            with Typesetter() as alone:
                return alone.compile(data, figures, timestamp=timestamp)
        if proc.returncode or not lines:
            why = (err.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
            raise TifaError(f"typst could not typeset the report: {why}")
        answer = json.loads(lines[-1])
        if "error" in answer:
            raise TifaError(f"typst could not typeset the report: {answer['error']}")
        bad = [w for w in answer["warnings"] if "font" in w.lower()]
        if bad:
            raise TifaError(f"typst font problem: {bad[0]}; run `make distclean setup`")
        return (self.root / "report.pdf").read_bytes()

    def close(self) -> None:
        """Stop the process (if still running) and remove the folder."""
        with self._lock:
            proc, self._proc, self._closed = self._proc, None, True
        if proc is not None:
            if proc.poll() is None:
                proc.kill()
            proc.communicate()
        self._tmp.cleanup()


def compile_pdf(data: dict, figures: dict[str, bytes], *, timestamp: dt.datetime) -> bytes:
    """Typeset the report with typst: data goes in as JSON, fonts are only Noto Sans CJK SC.

    Parameters
    ----------
    data : dict
        The template's data (:func:`analysis.report.document.report_data`).
    figures : dict of bytes
        PNG bytes by file name.
    timestamp : datetime
        The PDF's date.

    Returns
    -------
    bytes
        The PDF.

    Raises
    ------
    TifaError
        typst failed, or warned about a font (a missing family silently falls back, which would
        print boxes instead of Chinese).
    """
    with Typesetter() as typesetter:
        return typesetter.compile(data, figures, timestamp=timestamp)
