def test_parts_and_headings(d2024):
    keys = list(d2024.sections)
    assert keys[0] == "第一部分 株洲市住房和城乡建设局概况"
    assert "第三部分 2024年度部门决算情况说明" in keys
    assert "第五部分 附 件" in keys
    # The 目录 is not a section; list items in 部门职责 are not headings.
    assert sum(k.startswith("第一部分") for k in keys) == 1
    assert not any(k.startswith("（十三）") for k in keys)


def test_section_lines_point_into_the_source(d2024, raw_text):
    lines = raw_text.split("\n")
    sec = d2024.sections["（三）一般公共预算财政拨款支出决算具体情况"]
    assert sec.level == 2 and sec.parent == "五、一般公共预算财政拨款支出决算情况说明"
    for no, text in sec.lines:
        assert lines[no - 1] == text
    assert sec.lines[0][1].startswith("2024 年度财政拨款支出年初预算数为 12279.22 万元")
    item20 = [t for _, t in sec.lines if "支出决算为 322.45 元" in t]
    assert len(item20) == 1


def test_tables_are_not_narrative(d2024):
    assert all(not t.startswith("208\t") for s in d2024.sections.values() for _, t in s.lines)


def test_subsections_and_lookup(d2024):
    assert d2024.sections["（1）住建事务经费项目"].parent == "（三）项目支出绩效情况"
    assert d2024.sections["(9) 自建房整治省级补助资金"].level == 3
    assert d2024.section("机关运行经费").heading == "九、关于机关运行经费支出说明"
    appendix = d2024.section_lines("六、资金使用及绩效情况（包含单位管理的公共专项）")
    assert any("株洲高新技术产业园区" in t for _, t in appendix)


def test_repeated_headings_get_parent_keys(tmp_path, raw_text):
    import zhuzhou_budget as zb
    text = raw_text.replace("（一）基本支出情况", "（一）整体支出绩效情况", 1)
    path = tmp_path / "dup.txt"
    path.write_text(text, encoding="utf-8")
    d = zb.load(path)
    assert "二、一般公共预算支出情况/（一）整体支出绩效情况" in d.sections
    assert "六、资金使用及绩效情况（包含单位管理的公共专项）/（一）整体支出绩效情况" in d.sections


def test_heading_with_full_stop_and_list_item_with_full_stop(tmp_path, raw_text):
    import zhuzhou_budget as zb
    text = raw_text.replace("二、收入决算情况说明\n", "二、收入决算情况。\n")
    path = tmp_path / "v.txt"
    path.write_text(text, encoding="utf-8")
    d = zb.load(path)
    assert "二、收入决算情况" in {s.heading.rstrip("。") for s in d.sections.values()}
    assert not any(s.heading.startswith("（十三）") for s in d.sections.values())


def test_numbered_list_item_closes_the_subsection_before_it(d2024):
    # "2. 年中追加项目9个…" (line 731) follows "（4）房地产登报宣传…" but belongs to （三）.
    parent = d2024.sections["（三）项目支出绩效情况"]
    assert [n for n, _ in parent.lines] == [711, 731, 769]
    assert d2024.sections["（4）房地产登报宣传及房产系统统计报表专项"].end_line == 730
    assert d2024.sections["(9) 自建房整治省级补助资金"].end_line == 768
