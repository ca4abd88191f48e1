"""The documentation's Python examples run, from the project root and from notebooks/ (where
a notebook's kernel runs): every ```python block of the README, then of docs/*.md, in order,
in one namespace. Every relative link of the README and docs/ leads to a file."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# The teacher's walk-through builds and grades a course in the project folder: its steps are
# run by tests/test_course_nbgrader.py in a temporary course instead.
BLOCKS = [b for page in PAGES if page.name != "teaching.md"
          for b in re.findall(r"^```python\n(.*?)^```", page.read_text(encoding="utf-8"),
                              re.S | re.M)]


def test_the_readme_has_runnable_examples():
    assert len(BLOCKS) >= 4
    assert any("zb.open(" in b for b in BLOCKS) and any("zb.reconcile(" in b for b in BLOCKS)


@pytest.mark.parametrize("folder", ["", "notebooks"])
def test_readme_examples_run(folder, tmp_path):
    script = "import matplotlib\nmatplotlib.use('Agg')\n" + "\n".join(BLOCKS)
    env = {"ZHUZHOU_BUDGET_CACHE": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin",
           "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT / folder, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_the_readme_is_a_front_page():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 300
    assert "make report" in text and "make test" in text and "A 10-minute tour" in text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_leads_to_a_file(page):
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
        if "://" in target:
            continue
        assert (page.parent / target).exists(), f"{page.name}: broken link {target}"
