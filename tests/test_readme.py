"""The README's Python examples run, from the project root and from notebooks/ (where a
notebook's kernel runs): every ```python block, in order, in one namespace."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT

BLOCKS = re.findall(r"^```python\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"),
                    re.S | re.M)


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
