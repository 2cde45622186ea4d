"""Print the generated part of docs/glossary.md: every section, table, row and
column of the national annual-report format, Chinese label ↔ code, read from
``gongkai.annual_report.format`` (the only place the labels are spelled).

    .venv/bin/python docs/glossary_tables.py > /tmp/tables.md

then paste the output between the GENERATED markers of docs/glossary.md.
"""

from __future__ import annotations

from gongkai.annual_report.format import CURRENT, FORMATS, ReportFormat, Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def sections(fmt: ReportFormat) -> list[str]:
    lines = ["| # | 标题 (heading) | code (`sections.*` / table) | 也写作 (variants) |", "| --- | --- | --- | --- |"]
    for section in fmt.sections:
        variants = "；".join(section.variants)
        lines.append(f"| {section.number} | {section.title} | `{section.code}` | {_cell(variants)} |")
    return lines


def table_rows(fmt: ReportFormat, table: Table) -> list[str]:
    lines = [
        "| code | 标签 (label as printed) | columns | 也写作 (variants) |",
        "| --- | --- | --- | --- |",
    ]
    shared_columns = len({row.columns for row in table.rows}) == 1
    for row in table.rows:
        label = " ".join(row.path)
        if shared_columns:
            columns = "(all, below)"
        else:
            columns = ", ".join(f"`{c.code}` {' '.join(c.path)}" for c in row.columns)
        lines.append(
            f"| `{table.code}.{row.code}` | {_cell(label)} | {_cell(columns)} | {_cell('；'.join(row.variants))} |"
        )
    if shared_columns:
        lines += [
            "",
            "| column code | 标签 (label as printed) | kind | 也写作 (variants) |",
            "| --- | --- | --- | --- |",
        ]
        for column in table.rows[0].columns:
            variants = "；".join(column.variants)
            lines.append(f"| `{column.code}` | {_cell(' '.join(column.path))} | {column.kind} | {_cell(variants)} |")
    return lines


def outcomes(fmt: ReportFormat) -> list[str]:
    return [
        f"The {len(fmt.outcome_rows)} outcome codes of a concluded request ({fmt.code}): "
        + ", ".join(f"`{code}`" for code in fmt.outcome_rows)
        + "."
    ]


def main() -> None:
    out: list[str] = []
    fmt = CURRENT
    out += [f"### Sections ({fmt.code} format, {fmt.name})", "", *sections(fmt), ""]
    for table in fmt.tables:
        note = f" — {table.note}" if table.note else ""
        out += [f"### 表{table.number} `{table.code}` ({fmt.code} format){note}", "", *table_rows(fmt, table), ""]
    out += [*outcomes(fmt), ""]
    for other in FORMATS.values():
        if other is fmt:
            continue
        for table in other.tables:
            if table == fmt.table(table.code):
                continue
            out += [
                f"### 表{table.number} `{table.code}` ({other.code} format, {other.name})",
                "",
                *table_rows(other, table),
                "",
            ]
        out += [*outcomes(other), ""]
    print("\n".join(out).rstrip())


if __name__ == "__main__":
    main()
