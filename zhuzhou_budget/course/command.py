"""`zhuzhou-budget course build [--manifest M] [--year Y] [--department D] [--out DIR]`."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub) -> None:
    """Register `course build` on the command line's subcommands."""
    p = sub.add_parser("course", help="a public-finance course for nbgrader: one assignment "
                       "notebook per department, answer keys, handouts")
    course_sub = p.add_subparsers(dest="course_command", required=True)
    b = course_sub.add_parser("build", help="write an nbgrader course directory (source/, "
                              "release/ by nbgrader generate_assignment, answer_keys/, handouts/)")
    b.add_argument("--manifest", type=Path, default=None,
                   help="raw manifest (default data/raw/manifest.csv)")
    b.add_argument("--year", type=int, action="append", help="only these years")
    b.add_argument("--department", action="append", help="only these department ids")
    b.add_argument("--out", type=Path, default=None, help="course directory (default course/ "
                   "at the project root; replaced whole when rebuilt)")
    b.add_argument("--force", action="store_true", help="rebuild even when the folder holds "
                   "students' submissions (they are lost)")


def main(args: argparse.Namespace) -> int:
    from .build import build

    built = build(args.out, manifest=args.manifest, years=args.year,
                  departments=args.department, force=args.force)
    print(f"course → {built.out}: {built.notebooks} notebooks, {built.questions} questions "
          f"({built.left_out} left out where a document gives no answer), "
          f"{built.seconds:.1f} s; release with nbgrader from that folder (docs/teaching.md)")
    return 0
