"""Render report pages in headless Chromium, as a reader's browser does: the DOM after load
(`--dump-dom`) and screenshots (`--screenshot`), no driver needed.

    python scripts/screenshot_reports.py [REPORTS]   # → REPORTS/screenshots/*.png

Screenshots of the index and of every summary page, 900 px wide (the width a teacher's laptop
gives a half-screen window). Chromium comes from `scripts/ensure-system-deps.sh` (apt package
`chromium`, run by `make setup`). The tests import the helpers below.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 900
# Enough virtual time for the page, its images and the @font-face font to load.
BUDGET_MS = 10000


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def ensure_chromium() -> tuple[str | None, str]:
    """The browser, installing it with the project's set-up script when missing; else None and
    why it could not be installed."""
    found = find_chromium()
    if found:
        return found, ""
    run = subprocess.run(["bash", str(ROOT / "scripts" / "ensure-system-deps.sh")],
                         capture_output=True, text=True, timeout=900)
    found = find_chromium()
    return found, "" if found else (run.stderr.strip() or run.stdout.strip()
                                    or "scripts/ensure-system-deps.sh did not install chromium")


def _run(browser: str, args: list[str], url: str, timeout: float = 120) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="zb-chromium-") as profile:
        cmd = [browser, "--headless", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--hide-scrollbars",
               f"--user-data-dir={profile}", f"--virtual-time-budget={BUDGET_MS}", *args, url]
        if os.geteuid() == 0:
            cmd.insert(2, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)


def dump_dom(browser: str, page: Path) -> str:
    """The page's DOM after load, serialised."""
    return _run(browser, ["--dump-dom"], page.resolve().as_uri()).stdout


def screenshot(browser: str, page: Path, png: Path, height: int = 2400) -> Path:
    png.parent.mkdir(parents=True, exist_ok=True)
    _run(browser, [f"--screenshot={png}", f"--window-size={WIDTH},{height}"],
         page.resolve().as_uri())
    return png


def main(argv: list[str]) -> int:
    reports = Path(argv[0]) if argv else ROOT / "reports"
    browser, why = ensure_chromium()
    if browser is None:
        print(f"no screenshots: {why}", file=sys.stderr)
        return 1
    pages = [reports / "index.html", *sorted(reports.glob("*/*/00_summary.html"))]
    for page in pages:
        if not page.is_file():
            continue
        name = page.relative_to(reports).with_suffix("").as_posix().replace("/", "_")
        png = screenshot(browser, page, reports / "screenshots" / f"{name}.png")
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
