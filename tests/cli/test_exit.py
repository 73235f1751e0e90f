"""How the ``tifa`` process ends (:func:`analysis.cli.exit_now`): without the interpreter's
teardown, but never before what is still running or registered has finished."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from ..conftest import ROOT


def _python(code: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env={"TMPDIR": str(tmp_path)},
    )  # fmt: skip


def test_exit_now_runs_the_exit_functions_flushes_and_keeps_the_status(tmp_path):
    done = tmp_path / "atexit.txt"
    proc = _python(
        f"""
        import atexit, sys
        from analysis.cli import exit_now
        atexit.register(lambda: open({str(done)!r}, "w").write("ran"))
        sys.stdout.write("no newline, still buffered")
        exit_now(3)
        print("never")
        """,
        tmp_path,
    )
    assert proc.returncode == 3
    assert proc.stdout == "no newline, still buffered"
    assert done.read_text() == "ran"


def test_exit_now_waits_for_a_thread_still_running(tmp_path):
    late = tmp_path / "thread.txt"
    proc = _python(
        f"""
        import threading, time
        from analysis.cli import exit_now
        def work():
            time.sleep(0.5)
            open({str(late)!r}, "w").write("finished")
        threading.Thread(target=work).start()
        exit_now(0)
        """,
        tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert late.read_text() == "finished"  # os._exit would have cut the thread short


def test_python_m_analysis_ends_with_the_commands_status_and_output():
    ok = subprocess.run(
        [sys.executable, "-m", "analysis", "kwic", "三攻坚一盘活", "seeds", "--width", "4"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert "三攻坚一盘活" in ok.stdout and ok.stdout.endswith("\n")
    bad = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "no-such-dir", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 1 and bad.stderr.startswith("error: no-such-dir")
