"""Write reference/gov-work-reports/manifest.csv: each report's delivery date where its own
text states it (``——2024年3月5日在第十四届全国人民代表大会第二次会议上``), else its year.

Run from the project folder: ``.venv/bin/python scripts/reference_manifest.py``.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.echo.delivery import delivery_date  # noqa: E402
from analysis.ingest import decode_bytes  # noqa: E402

FOLDER = Path(__file__).resolve().parent.parent / "reference" / "gov-work-reports"


def rows(folder: Path) -> list[tuple[str, str, str, str]]:
    """(file, title, date, source) for every report of ``folder``."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        text, _ = decode_bytes(path.read_bytes())
        year = path.stem
        date = delivery_date(text)
        if date and not date.startswith(year):
            date = ""  # a date of another year is a date in the text, not the delivery
        out.append((path.name, f"{year}年政府工作报告", date or year, "国务院政府工作报告"))
    return out


def main() -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["file", "title", "date", "source", "date_from"])
    for file, title, date, source in rows(FOLDER):
        writer.writerow([file, title, date, source, "text" if len(date) > 4 else "year"])
    (FOLDER / "manifest.csv").write_text(buf.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    main()
