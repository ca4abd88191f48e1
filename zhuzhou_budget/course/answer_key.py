"""The teacher's answer key of one document: a CSV (one row per question of the course, the
ones the document cannot answer marked as left out) and an HTML page, both from
`questions.key` — the same computation as the notebooks' solutions and hidden tests."""

from __future__ import annotations

import csv
import html
import io
from decimal import Decimal
from pathlib import Path

from ..reporting import reader_html
from ..sources.manifest import Entry
from ..storage import safe_write
from . import questions

FIELDS = ["department_id", "department", "year", "assignment", "no", "question", "grade_id",
          "kind", "points", "answer", "unit", "tolerance", "included", "zh", "en"]


def rows(entry: Entry, key: dict[str, object]) -> list[dict[str, object]]:
    out, numbers = [], dict.fromkeys(questions.ASSIGNMENTS, 0)
    for q in questions.QUESTIONS:
        value = key.get(q.id)
        if value is not None:
            numbers[q.assignment] += 1
        out.append({"department_id": entry.department_id, "department": entry.department,
                    "year": entry.year, "assignment": q.assignment,
                    "no": numbers[q.assignment] if value is not None else "",
                    "question": q.id, "grade_id": q.grade_id, "kind": q.kind,
                    "points": q.points, "answer": _text(value), "unit": q.unit,
                    "tolerance": "" if q.tolerance is None else str(q.tolerance),
                    "included": value is not None, "zh": q.zh, "en": q.en})
    return out


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def to_csv(table: list[dict[str, object]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    return buf.getvalue()


def to_html(entry: Entry, table: list[dict[str, object]], assets: str | None) -> str:
    e = html.escape
    title = f"答案 Answer key · {entry.department} {entry.year}"
    parts = [f"<h1>{e(title)}</h1>",
             "<p>教师用，不要发给学生。Teachers only. 每个答案都是构建课程时从文件算出的"
             "（<code>zhuzhou_budget.course.questions.key</code>），与笔记本中的参考解答和隐藏测试"
             "同出一源；容差内的答案得满分。</p>"]
    for a, (zh, en) in questions.ASSIGNMENTS.items():
        parts.append(f"<h2>{e(a)} {e(zh)} <small>{e(en)}</small></h2>")
        parts.append('<div class="zb-table-wrap"><table class="zb-table"><thead><tr>'
                     "<th>题 no.</th><th>问题 question</th><th>答案 answer</th><th>单位</th>"
                     "<th>容差 tolerance</th><th>分 points</th><th>grade_id</th></tr></thead>"
                     "<tbody>")
        for r in (r for r in table if r["assignment"] == a):
            answer = (e(str(r["answer"])) if r["included"] else
                      "<em>本文件无此数据，题目已略去 left out: the document does not give it</em>")
            if r["kind"] == "written" and r["included"]:
                answer += (f"<br><small>评分标准 rubric: "
                           f"{e(questions.RUBRICS[str(r['question'])])}</small>")
            parts.append(f"<tr><td>{e(str(r['no']))}</td><td>{e(str(r['zh']))}<br><small>"
                         f"{e(str(r['en']))}</small></td><td class=\"num\">{answer}</td>"
                         f"<td>{e(str(r['unit']))}</td><td class=\"num\">"
                         f"{e(str(r['tolerance']))}</td><td class=\"num\">{r['points']}</td>"
                         f"<td><code>{e(str(r['grade_id']))}</code></td></tr>")
        parts.append("</tbody></table></div>")
    style = reader_html.css(assets)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{e(title)}</title>\n<style>\n{style}"
            "body { margin: 0 auto; padding: 0 16px 32px; max-width: 1100px; }\n"
            "td.num { white-space: normal; }\n</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")


def write(folder: Path, entry: Entry, key: dict[str, object]) -> tuple[Path, Path]:
    """answer_keys/<department>-<year>.csv and .html (and the font the page declares)."""
    safe_write.folder(folder.parent, folder)
    font = reader_html.copy_font(folder)
    table = rows(entry, key)
    stem = f"{entry.department_id}-{entry.year}"
    return (safe_write.write_text(folder / f"{stem}.csv", to_csv(table)),
            safe_write.write_text(folder / f"{stem}.html",
                                  to_html(entry, table, None if font is None else "assets")))
