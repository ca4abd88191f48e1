"""Mutation harness: change printed table cells in the raw text and see whether the checks
catch each change with an error pointing at the changed table and row; change the narrative
(a stated amount, a direction word, a count, a year) and see whether a new error or warning
appears on the changed line.

    python tests/mutation_harness.py [RAW_FILE] [--n 240] [--seed 2024] [--narrative 30]
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from zhuzhou_budget.checks.engine.ledger import row_key
from zhuzhou_budget.disclosure import load


@dataclass
class Mutation:
    table: str
    row: str
    column: str
    line: int
    old: str
    new: str
    kind: str  # small | large (table cells); amount | direction | count | year (narrative)
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
    from zhuzhou_budget.checks import reconcile

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


# -- the narrative ------------------------------------------------------------------------------

NARRATIVE_KINDS = ("amount", "direction", "count", "year")
# Where each kind of narrative mutation may land (group 1 is the token changed).
_SITES = {
    "amount": re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?=\s*万元)"),
    "direction": re.compile(r"(增加|减少|增长|下降|降低)(?=\s*[\d.]+\s*(?:万元|%))"
                            r"|(大于|小于)(?=(?:年初|全年)?预算|上年)"),
    "count": re.compile(r"(?<![\d.])(\d+)(?=\s*(?:个|辆|人次|批次))"),
    "year": re.compile(r"(20\d\d)(?=\s*年度)|(?<=截至)\s*(20\d\d)(?=\s*年)"),
}
_OPPOSITE = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长", "降低": "增长",
             "大于": "小于", "小于": "大于"}


def narrative_sites(raw: Path) -> dict[str, list[tuple[int, int, int, str]]]:
    """Per kind, every (line, start, end, token) of the 情况说明 where it may change a figure
    (counts: those the template asks for, in the 三公 and 国有资产 sections)."""
    d = load(raw)
    sites: dict[str, list[tuple[int, int, int, str]]] = {k: [] for k in NARRATIVE_KINDS}
    for sec in d.sections.values():
        if "情况说明" not in sec.part or not sec.level:
            continue
        counted = re.search(r"三公|国有资产", sec.heading) is not None  # the template's counts
        for no, text in sec.lines:
            for kind, pattern in _SITES.items():
                if kind == "count" and not counted:
                    continue
                for m in pattern.finditer(text):
                    group = next(g for g in range(1, (m.lastindex or 1) + 1) if m.group(g))
                    sites[kind].append((no, m.start(group), m.end(group), m.group(group)))
    return sites


def mutate_token(kind: str, token: str, rng: random.Random) -> str:
    if kind == "direction":
        return _OPPOSITE[token]
    if kind == "year":
        return str(int(token) + rng.choice((-1, 1)))
    if kind == "count":
        return str(int(token) + rng.randint(1, 3))
    value = Decimal(token)
    exponent = value.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    step = Decimal(rng.randint(5, 99)) / 100 if places else Decimal(rng.randint(1, 9))
    return format((value + step).quantize(Decimal(1).scaleb(-places)), "f")


def _signals(findings) -> Counter:  # findings: the reconcile frame
    heard = findings[findings.severity.isin(["error", "warning"])]
    return Counter(zip(heard.check, heard.severity, heard.line, heard.message, strict=True))


def run_narrative(raw: Path, n: int = 30, seed: int = 2024) -> list[Mutation]:
    """`n` mutations of each narrative kind; one is detected when an error or warning appears
    that the unchanged document does not give (a finding the change creates, or one whose
    figures it changes: the changed figure is named)."""
    from zhuzhou_budget.checks import reconcile

    lines = raw.read_text(encoding="utf-8").split("\n")
    base = _signals(reconcile(load(raw)))
    rng = random.Random(seed)
    results: list[Mutation] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / raw.name
        for kind, sites in narrative_sites(raw).items():
            for line, start, end, token in rng.sample(sites, min(n, len(sites))):
                new = mutate_token(kind, token, rng)
                text = lines[line - 1]
                mutated = lines.copy()
                mutated[line - 1] = text[:start] + new + text[end:]
                path.write_text("\n".join(mutated), encoding="utf-8")
                m = Mutation("narrative", "", "", line, token, new, kind)
                try:
                    heard = _signals(reconcile(load(path)))
                except Exception as exc:  # counted, never stops the harness
                    m.crashed = f"{type(exc).__name__}: {exc}"
                    results.append(m)
                    continue
                m.detected = any(count > base[key] for key, count in heard.items())
                results.append(m)
    return results


def recall_by_kind(results: list[Mutation]) -> dict[str, tuple[int, int]]:
    """kind → (detected, mutations)."""
    out: dict[str, tuple[int, int]] = {}
    for m in results:
        hit, total = out.get(m.kind, (0, 0))
        out[m.kind] = (hit + m.detected, total + 1)
    return out


def main() -> None:
    from zhuzhou_budget import config

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("raw", nargs="?", type=Path,
                        default=config.RAW / "2024" / "zhuzhou-zjj-2024-final-accounts.txt")
    parser.add_argument("--n", type=int, default=240)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--narrative", type=int, default=30,
                        help="mutations of each narrative kind (0: none)")
    args = parser.parse_args()
    results = run(args.raw, args.n, args.seed) if args.n else []
    detected = sum(m.detected for m in results)
    crashed = [m for m in results if m.crashed]
    print(f"mutations: {len(results)}  detected: {detected}  recall: "
          f"{detected / max(1, len(results)):.1%}  crashes: {len(crashed)}")
    for kind, (hit, total) in recall_by_kind(results).items():
        print(f"  {kind}: {hit}/{total}")
    for m in results:
        if not m.detected:
            print(f"  missed: {m.table}/{m.row}/{m.column} line {m.line}: {m.old} → {m.new} "
                  f"{m.crashed}")
    if args.narrative:
        told = run_narrative(args.raw, args.narrative, args.seed)
        print(f"narrative mutations: {len(told)}  crashes: {sum(bool(m.crashed) for m in told)}")
        for kind, (hit, total) in recall_by_kind(told).items():
            print(f"  {kind}: {hit}/{total} ({hit / total:.0%})")
        for m in told:
            if not m.detected:
                print(f"  missed {m.kind}: line {m.line}: {m.old} → {m.new} {m.crashed}")


if __name__ == "__main__":
    main()
