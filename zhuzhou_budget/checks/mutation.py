"""Mutation harness: change printed table cells in the raw text and see whether the checks
catch each change with an error pointing at the changed table and row.

    python -m zhuzhou_budget.checks.mutation [RAW_FILE] [--n 240] [--seed 2024]
"""

from __future__ import annotations

import argparse
import random
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..disclosure import load
from .ledger import row_key


@dataclass
class Mutation:
    table: str
    row: str
    column: str
    line: int
    old: str
    new: str
    kind: str  # small | large
    detected: bool = False
    crashed: str = ""


def cells(raw: Path) -> list[tuple[str, str, str, int, int, Decimal]]:
    """Every printed (non-blank) table cell of a tab-separated document with its position."""
    d = load(raw)
    out = []
    for t in d.table_info.values():
        for rec in t.records:
            for col, idx in rec.cells.items():
                value = rec.values.get(col)
                if value is not None:
                    out.append((t.id, row_key(t.id, rec), col, rec.source_line, idx, value))
    return sorted(out, key=lambda c: (c[3], c[4]))


def mutate_value(value: Decimal, rng: random.Random, kind: str) -> Decimal:
    exponent = value.as_tuple().exponent  # an int for every finite printed amount
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    if kind == "small":  # at least 0.05 and under 1: far above rounding, below a glance
        delta = Decimal(rng.randint(5, 99)) / 100
        new = value + delta if rng.random() < 0.5 or value < delta else value - delta
    else:
        new = value * 10 + 100 if rng.random() < 0.5 else value + 1000
    return new.quantize(Decimal(1).scaleb(-places)) if places else new.to_integral_value()


def _printed(value: Decimal, like: str) -> str:
    return f"{value:,f}" if "," in like else format(value, "f")


def run(raw: Path, n: int = 240, seed: int = 2024) -> list[Mutation]:
    from . import reconcile

    lines = raw.read_text(encoding="utf-8").split("\n")
    base = load(raw)
    # A mutation changes one table line only, so the narrative reads the same: reuse the
    # base document's narrative extraction (the part that costs time) for every mutant.
    narrative = {"narrative_facts": base.narrative_facts, "performance": base.performance}
    rng = random.Random(seed)
    population = cells(raw)
    chosen = rng.sample(population, min(n, len(population)))
    results: list[Mutation] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / raw.name
        for i, (table, row, column, line, idx, value) in enumerate(chosen):
            kind = "small" if i % 2 == 0 else "large"
            parts = lines[line - 1].split("\t")
            old = parts[idx]
            new_value = mutate_value(value, rng, kind)
            parts[idx] = _printed(new_value, old)
            mutated = lines.copy()
            mutated[line - 1] = "\t".join(parts)
            path.write_text("\n".join(mutated), encoding="utf-8")
            m = Mutation(table, row, column, line, old, parts[idx], kind)
            try:
                mutant = load(path)
                mutant.__dict__.update(narrative)  # fills the cached properties
                findings = reconcile(mutant)
            except Exception as exc:  # the harness counts crashes; it must not stop at one
                m.crashed = f"{type(exc).__name__}: {exc}"
                results.append(m)
                continue
            errors = findings[findings.severity == "error"]
            needle = f"{table}/{row}/"
            m.detected = bool(errors["terms"].str.contains(needle, regex=False).any())
            results.append(m)
    return results


def main() -> None:
    from .. import config

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("raw", nargs="?", type=Path,
                        default=config.RAW / "2024" / "zhuzhou-zjj-2024-final-accounts.txt")
    parser.add_argument("--n", type=int, default=240)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    results = run(args.raw, args.n, args.seed)
    detected = sum(m.detected for m in results)
    crashed = [m for m in results if m.crashed]
    print(f"mutations: {len(results)}  detected: {detected}  recall: "
          f"{detected / len(results):.1%}  crashes: {len(crashed)}")
    for kind in ("small", "large"):
        sub = [m for m in results if m.kind == kind]
        print(f"  {kind}: {sum(m.detected for m in sub)}/{len(sub)}")
    for m in results:
        if not m.detected:
            print(f"  missed: {m.table}/{m.row}/{m.column} line {m.line}: {m.old} → {m.new} "
                  f"{m.crashed}")


if __name__ == "__main__":
    main()
