"""Write tests/data/golden_summary.json: the counts a change to the parser or the checks moves
(facts and rows per table, comparisons per check, findings by check and severity) for the
Zhuzhou 2024 text and the Shanghai Putuo 2024 tab text, so that such a change shows as one
reviewed diff of this file instead of numbers pinned across the tests.

    python scripts/make_golden_summary.py           # rewrite the file
    python scripts/make_golden_summary.py --check   # exit 1 when it differs

tests/test_golden_summary.py fails when the file and the code disagree.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import zhuzhou_budget as zb  # noqa: E402

GOLDEN = ROOT / "tests" / "data" / "golden_summary.json"
DOCUMENTS = {
    "zhuzhou-zjj-2024": ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt",
    "shanghai-putuo-czj-2024": ROOT / "tests" / "data" / "shanghai-putuo-czj-2024-tab.txt",
}


def summary() -> dict:
    out = {}
    for name, path in DOCUMENTS.items():
        d = zb.load(path)
        findings = zb.reconcile(d)
        by_check: dict[str, dict[str, int]] = {}
        for check, severity in zip(findings["check"], findings["severity"], strict=True):
            by_check.setdefault(check, {}).setdefault(severity, 0)
            by_check[check][severity] += 1
        out[name] = {
            "template": d.meta.template,
            "complete": d.complete,
            "facts": len(d.facts),
            "rows": {tid: len(t) for tid, t in sorted(d.tables.items())},
            "narrative_facts": len(d.narrative_facts),
            "checks_run": int(findings.attrs["checks_run"]),
            "checks_run_by_id": dict(findings.attrs["checks_run_by_id"]),
            "findings": {c: dict(sorted(s.items())) for c, s in sorted(by_check.items())},
        }
    return out


def render() -> str:
    return json.dumps(summary(), ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = render()
    if args.check:
        if not GOLDEN.exists() or GOLDEN.read_text(encoding="utf-8") != text:
            print("tests/data/golden_summary.json differs; run python scripts/make_golden_summary.py")
            return 1
        return 0
    GOLDEN.write_text(text, encoding="utf-8")
    print(f"{GOLDEN.relative_to(ROOT)} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
