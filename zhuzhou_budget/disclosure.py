"""A parsed disclosure: meta, the nine tables as DataFrames, tidy facts, narrative sections."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from pathlib import Path

import pandas as pd

from . import config
from .errors import DisclosureError
from .extract import plain_text
from .extract.lines import lines_of
from .extract.pdf import PDF_HEAD, is_pdf_head, pdf_lines
from .extract.sections import Section, split_sections
from .extract.table_model import Table, TableProblem, table_gaps
from .extract.tables import find_tables
from .extract.titles import document_department, document_kind, document_year
from .metadata.fields import RESOURCES
from .metadata.tables import TABLES, UNIT
from .metadata.templates import (
    BUDGET,
    DOCUMENT_KINDS,
    TEMPLATES,
    Template,
    recognise_budget_template,
    recognise_template,
    reference_template,
)
from .sources import manifest as raw_manifest
from .transform import budget_execution, details, narrative
from .transform.frames import TEXT_COLUMNS, table_facts_frame, table_frames
from .transform.performance import Performance, read_performance
from .transform.scanner import Codes


@dataclass
class Meta:
    department: str
    year: int | None
    unit: str
    source_file: str
    sha256: str
    department_id: str = ""
    kind: str = "部门决算"
    provenance: str = ""
    template: str = "national-2020"  # metadata.TEMPLATES: which tables the document prints

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Disclosure:
    meta: Meta
    tables: dict[str, pd.DataFrame]
    facts: pd.DataFrame
    sections: dict[str, Section]
    table_info: dict[str, Table] = field(repr=False)
    missing_tables: list[str] = field(default_factory=list)
    # Tables found by their title that could not be parsed (each costs only itself).
    problems: list[TableProblem] = field(default_factory=list)
    # Source line → page, for documents that have pages (PDF, layout text with form feeds);
    # empty for a text without page breaks, where a page number would mean nothing.
    line_pages: dict[int, int] = field(default_factory=dict, repr=False)

    @property
    def gaps(self) -> list[str]:
        """What the disclosure lacks, one line each; empty when it is complete. The one
        verdict on completeness: `complete`, `build`'s exit code, datapackage.json and the
        corpus's status all read it: a table of its template not found or not parsed, or not
        read whole (`table_gaps`: cut off, a total printed twice with other amounts). An empty
        table is read whole; whether it says why is the C2 finding's, not a gap."""
        gaps = [f"table not found: {tid}" for tid in self.missing_tables]
        gaps += [f"table not parsed: {p.reason}" for p in self.problems]
        gaps += [f"table {tid} {gap}" for tid, t in self.table_info.items()
                 for gap in table_gaps(t)]
        return gaps

    @property
    def complete(self) -> bool:
        """Every table of the document's template found, parsed, whole (see `gaps`)."""
        return not self.gaps

    @property
    def template(self) -> Template:
        """The template variant the document follows (metadata.TEMPLATES)."""
        return TEMPLATES[self.meta.template]

    @property
    def document(self) -> str:
        """final (部门决算) or budget (部门预算): the kind of document."""
        return self.template.document

    @property
    def not_in_template(self) -> list[str]:
        """Tables of the current national template (of its kind of document) that the
        document's template does not have (never missing; C1 says so as info)."""
        reference = reference_template(self.document)
        return [tid for tid in reference.tables if tid not in self.template.tables
                and tid not in self.table_info]

    def frame(self, table: str, *, numeric: bool = False,
              level: str | tuple[str, ...] | None = None) -> pd.DataFrame:
        """A table, or any frame of the schema ("facts", "budget_execution", "narrative_facts",
        "performance_overall", …), ready for ordinary pandas use.

        `level` keeps the rows of that level — "类", "款", "项", "total", "line", "budget",
        "actual", or a tuple of them: a coded table prints 类, 款 and 项 rows of the same money,
        so summing all its rows counts every yuan three times. `numeric=True` gives float
        amounts (for `plot`, `describe`, `sum`); the Decimal tables stay the exact form.

            >>> d.frame("general_budget_expenditure", level="类", numeric=True).plot.barh(
            ...     x="item", y="total")
        """
        if table in self.tables:
            source = self.tables[table]
            amounts = [c for c in source.columns if c not in TEXT_COLUMNS]
        elif table in RESOURCES and RESOURCES[table].source:
            source = attrgetter(RESOURCES[table].source)(self)
            amounts = [f.name for f in RESOURCES[table].fields if f.type == "number"]
        else:
            raise KeyError(f"no table or frame {table!r} (tables: {', '.join(self.tables)}; "
                           f"frames: {', '.join(r for r in RESOURCES if RESOURCES[r].source)})")
        out = source.copy()
        if level is not None:
            levels = (level,) if isinstance(level, str) else tuple(level)
            out = out[out["level"].isin(levels)].reset_index(drop=True)
        if numeric:
            for c in amounts:
                out[c] = pd.to_numeric(out[c].map(lambda v: None if v is None else float(v)),
                                       errors="raise").astype("float64")
        out.attrs = dict(source.attrs)
        return out

    def section(self, words: str) -> Section:
        """The first section whose heading contains `words` (e.g. "机关运行经费")."""
        for sec in self.sections.values():
            if words in sec.heading:
                return sec
        raise KeyError(f"no section heading contains {words!r}")

    def section_lines(self, key: str) -> list[tuple[int, str]]:
        """Lines of a section and all its subsections, in order."""
        root = self.sections[key]
        return [ln for s in self.sections.values()
                if root.start_line <= s.start_line <= root.end_line for ln in s.lines]

    # Narrative and performance data (the transform stage: pure functions of the sections and
    # tables), read on first use so load() stays fast.
    @cached_property
    def _budget_items(self) -> budget_execution.Items:
        # Read once: the budget-execution frame and the narrative facts both use them.
        return budget_execution.read_items(self.sections, Codes(self.tables))

    @cached_property
    def budget_execution(self) -> pd.DataFrame:
        """One row per 项 of the budget-execution paragraphs (schema: budget_execution)."""
        return budget_execution.budget_execution(self.sections, self.tables, self._budget_items)

    @cached_property
    def narrative_facts(self) -> pd.DataFrame:
        """Every figure the narrative and the performance report state, long."""
        return narrative.narrative_facts(self.sections, self.tables, self.performance,
                                         self._budget_items)

    @cached_property
    def three_public_details(self) -> pd.DataFrame:
        """三公 trips and receptions: groups, persons, destinations, purpose."""
        return details.three_public_details(self.narrative_facts)

    @cached_property
    def performance(self) -> Performance:
        """The performance evaluation: overall, coverage, achievements, …, project lists."""
        return read_performance(self.sections, self.tables)

    @cached_property
    def glossary(self) -> pd.DataFrame:
        """名词解释, one row per term."""
        return details.glossary(self.sections)

    @cached_property
    def profile(self) -> pd.DataFrame:
        """概况: duties, internal bodies, consolidated units."""
        return details.profile(self.sections)


_ATTRIBUTES = """A parsed final-accounts disclosure (部门决算公开): what `zb.load` and `zb.open` return.

Attributes
    meta            department, department_id, year, unit (万元), source_file, sha256, provenance
    tables          the nine tables by canonical id (income_expenditure_summary, income,
                    expenditure, fiscal_appropriation_summary, general_budget_expenditure,
                    basic_expenditure, government_fund, state_capital, three_public): one row
                    per printed row, amounts as Decimal in 万元, a blank cell None; `.attrs`
                    hold the printed title, number, headers, notes and unit
    facts           every printed cell of the tables, long (columns below)
    sections        the narrative by heading: Section(key, heading, level, lines, …)
    complete        every table of its template found and parsed; else see missing_tables,
                    problems
    template        the template variant (metadata.TEMPLATES): national-2020 (nine tables),
                    national-2019 (eight), university (four, 高等学校…); not_in_template lists
                    the canonical tables it does not have (never missing)
    missing_tables  tables of its template not found; problems: tables found but not parsed,
                    with the reason
    line_pages      source line → PDF page

Read on first use (the transform stage): budget_execution, narrative_facts,
three_public_details, performance (.overall, .coverage, .achievements, .problems, .measures,
.budget_vs_actual, .projects, .project_lists, .facts), glossary, profile.

Methods: frame(table, numeric=False, level=None) — a table with float amounts and one level
(类/款/项) for plotting; section(words) — the first section whose heading has the words.

    >>> d = zb.open("zhuzhou-zjj", 2024)
    >>> d.frame("general_budget_expenditure", level="类", numeric=True).plot.barh(x="item", y="total")
    >>> d.narrative_facts.query("measure == 'completion_rate'")
    >>> zb.reconcile(d)                      # the findings
"""


def _field_lines(resource: str) -> str:
    return "\n".join(f"        {f.name:<24}{f.description}" for f in RESOURCES[resource].fields)


def _disclosure_doc() -> str:
    """The class docstring, with the columns of each frame from the schema registry."""
    frames = ["facts", "budget_execution", "narrative_facts", "three_public_details",
              "glossary", "profile"]
    parts = [_ATTRIBUTES, "Columns (zhuzhou_budget.metadata.fields, the one registry of output fields)"]
    parts += [f"    {name}\n{_field_lines(name)}" for name in frames]
    parts.append("    performance.<frame>: see zhuzhou_budget.metadata.fields.RESOURCES['performance_…']")
    return "\n".join(parts) + "\n"


Disclosure.__doc__ = _disclosure_doc()


def load(path: str | Path, *, manifest: str | Path | None = None, max_pages: int | None = None,
         timeout: float | None = None, strict: bool = False) -> Disclosure:
    """Load a disclosure: a PDF, or text (tab-separated export or layout text from a PDF).

    Returns a `Disclosure` (see `help(zb.Disclosure)`: its tables, facts, sections, narrative
    and performance frames, with every column). A relative path is read from the working
    folder, else from the project root; `zb.open(department, year)` opens by manifest id.

    A file listed in the raw manifest is checked against its sha256 first. A PDF (known by
    its magic bytes) becomes the same lines as text (extract.pdf); `max_pages` and `timeout`
    (seconds) limit its extraction.

    A table that cannot be parsed costs that table only: it is named in `problems` (and as an
    error finding of `reconcile`), and every other table, section and narrative figure is
    still read; `strict=True` raises on the first such table instead. Input with no usable
    table at all is an error.
    """
    _check_arguments(path, max_pages, timeout)
    path = resolve_input(path)
    _check_input(path)
    entry = raw_manifest.entry_for(path, Path(manifest) if manifest else None)
    data = _text_bytes(path)  # None: a PDF, read by its extraction
    # The digest of the bytes read is the file's: a text is read once, for its lines, the
    # manifest's check and meta.sha256 (a PDF is hashed from the file, in blocks).
    sha256 = raw_manifest.sha256_of(path) if data is None else hashlib.sha256(data).hexdigest()
    if entry is not None:
        raw_manifest.verify(entry, sha256)
    if data is None:
        lines = pdf_lines(path, max_pages=max_pages, timeout=timeout)
    else:
        lines = lines_of(data, path)
    source = path.name
    lines, plain_problems = plain_text.rebuild(lines, source, strict)  # single-space text
    declared = _declared_kind(entry)
    titled = document_kind(lines)
    if declared is not None and declared != titled:
        raise DisclosureError(
            f"{source}: the manifest's kind is {DOCUMENT_KINDS[declared]} but the tables' "
            f"titles are of a {DOCUMENT_KINDS[titled]} (预算 vs 决算); fix the manifest's kind "
            "column or the file")
    scan = find_tables(lines, source, strict=strict, document=titled)
    found, used = scan.tables, scan.used
    problems = sorted(scan.problems + plain_problems, key=lambda p: p.line)
    if not found and problems:
        more = f" (and {len(problems) - 1} more tables)" if len(problems) > 1 else ""
        raise DisclosureError(f"no table could be read: {problems[0].reason}{more}")
    if not found:
        raise DisclosureError(f"{path}: no final-accounts table found, nor a budget table "
                              "(expected titles such as 收入支出决算总表, 收入决算表, 支出决算表, "
                              "收支预算总表, 部门收入总表)")
    sections = split_sections(lines, used)
    year = entry.year if entry else document_year(lines, path)
    seen = {t for t in scan.titles if TABLES[t].kind != "listed"}
    template = (recognise_budget_template(seen) if scan.document == BUDGET else
                recognise_template([t for ts in scan.titles.values() for t in ts], seen, year))
    meta = Meta(
        department=entry.department if entry else document_department(found.values(), lines),
        year=year,
        unit=UNIT, source_file=source, sha256=sha256,
        department_id=entry.department_id if entry else "",
        provenance=entry.provenance if entry else "",
        template=template.id, kind=DOCUMENT_KINDS[scan.document],
    )
    tables = dict(zip(found, table_frames(found.values()), strict=True))
    unparsed = {p.table for p in problems}
    # Missing: a table of the document's template neither found nor failed. A table the
    # template does not have is not missing (not_in_template lists them, for C1's info).
    missing = [tid for tid in template.tables if tid not in found and tid not in unparsed]
    return Disclosure(meta, tables, table_facts_frame(found.values()), sections, found, missing,
                      problems, line_pages(lines))


def _text_bytes(path: Path) -> bytes | None:
    """A text file's bytes, or None for a PDF (`is_pdf`): one open of the file, its head
    telling a PDF, then the rest of a text read (the size was checked before)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(PDF_HEAD)
            if is_pdf_head(head):
                return None
            return head + fh.read()
    except OSError as exc:  # as read_lines says it
        raise DisclosureError(f"{path}: cannot read file ({exc.strerror or exc})") from None


def _declared_kind(entry: raw_manifest.Entry | None) -> str | None:
    """The kind the manifest states (部门预算 / 部门决算, or budget / final), or None."""
    if entry is None or not entry.kind:
        return None
    words = {**{v: k for k, v in DOCUMENT_KINDS.items()}, **{k: k for k in DOCUMENT_KINDS}}
    if entry.kind not in words:
        raise DisclosureError(f"{entry.file}: the manifest's kind {entry.kind!r} is neither "
                              "部门决算 nor 部门预算")
    return words[entry.kind]


def resolve_input(path: str | Path) -> Path:
    """A relative path is read from the working folder when it is there, else from the project
    root (a notebook's kernel runs in notebooks/, where data/raw/… is not)."""
    given = Path(path)
    if given.is_absolute() or given.exists():
        return given
    from_root = config.ROOT / given
    return from_root if from_root.exists() else given


def max_input_bytes() -> int:
    """The largest input read (ZHUZHOU_BUDGET_MAX_INPUT_MB, default 200 MB): a disclosure is
    a few MB; anything far larger is not one, and is refused before it fills the memory."""
    raw = os.environ.get("ZHUZHOU_BUDGET_MAX_INPUT_MB", "200")
    try:
        mb = float(raw)
    except ValueError:
        mb = float("nan")
    if not (0 < mb <= 100_000):  # also rejects nan and inf
        raise DisclosureError(f"ZHUZHOU_BUDGET_MAX_INPUT_MB={raw!r}: give a number of MB "
                              "between 0 and 100000")
    return int(mb * 1024 * 1024)


_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def _check_arguments(path, max_pages, timeout) -> None:
    """load()'s arguments, each refused in one line: only a path names the input (not its
    bytes, an open file, its text or a URL); limits are positive numbers, not flags."""
    if isinstance(path, bytes | bytearray | memoryview) or hasattr(path, "read"):
        raise DisclosureError(f"load({type(path).__name__}): not supported: pass a path to "
                              "the file (save the bytes or the download to a file first)")
    if not isinstance(path, str | os.PathLike):
        raise DisclosureError(f"load({type(path).__name__}): not supported: pass a path")
    text = os.fspath(path)
    if isinstance(text, bytes):
        raise DisclosureError("load(a bytes path): not supported: pass the path as text")
    if _URL.match(text):
        raise DisclosureError(f"{text[:80]}: a URL is not supported: pass a path (download "
                              "the file first)")
    if "\n" in text or "\x00" in text or len(text) > 4096:
        raise DisclosureError("load(text): not supported: pass a path to the file, not its "
                              "contents")
    if max_pages is not None and (isinstance(max_pages, bool) or not isinstance(
            max_pages, int) or max_pages < 1):
        raise DisclosureError(f"max_pages={max_pages!r}: give a whole number of pages, 1 or "
                              "more (or None for the default)")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(
            timeout, int | float) or not 0 < timeout < float("inf")):
        raise DisclosureError(f"timeout={timeout!r}: give a number of seconds above 0 (or None "
                              "for the default)")


def _check_input(path: Path) -> None:
    """A regular file of a sane size: never block on a FIFO or read a device without end."""
    try:
        info = path.stat()
    except (OSError, RuntimeError) as exc:  # missing, no permission, a symlink loop
        reason = getattr(exc, "strerror", None) or str(exc)
        raise DisclosureError(f"{path}: cannot read file ({reason})") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a FIFO, " \
            "socket or device)"
        raise DisclosureError(f"{path}: is {kind}; give a disclosure file")
    limit = max_input_bytes()
    if info.st_size > limit:
        raise DisclosureError(f"{path}: {info.st_size / 1048576:.0f} MB, more than the input "
                              f"limit of {limit / 1048576:.0f} MB (ZHUZHOU_BUDGET_MAX_INPUT_MB)")


_PAGE = attrgetter("page")


def line_pages(lines) -> dict[int, int]:
    """Line number → page, or {} when every line is on page 1 (no page breaks known)."""
    if not any(map((1).__ne__, map(_PAGE, lines))):  # one C-level pass: most texts have no pages
        return {}
    return {ln.no: ln.page for ln in lines}
