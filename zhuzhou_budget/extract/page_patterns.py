"""The patterns of the printed page that the title finder, the table parser, the row parsers,
the single-space reader and the section splitter share: part headings, 科目 codes, total
labels, page footers and the meta lines printed around a table (部门：, 公开NN表, 单位：)."""

from __future__ import annotations

import re

PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
# A code and its name ("208 社会保障和就业支出", "2080505机关…"); "738.86" is not code 738.
CODE_AND_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*([^\d.．,，%].*)$")
# A code printed in brackets before its name ("[201]一般公共服务支出", Guangdong budgets).
BRACKETED_CODE = re.compile(r"^[\[【](\d{3}(?:\d{2}){0,2})[\]】]\s*(.*)$")
TOTAL_LABEL = re.compile(r"^(合计|总计)$")
PAGE_FOOTER = re.compile(r"^[-—\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*共?\s*\d+\s*页?)?[-—\s]*$")
META = re.compile(r"(部门|单位)(名称)?\s*[:：]|公开\s*\d+\s*表|^表\s*\d+$")
