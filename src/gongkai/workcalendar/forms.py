"""The form an administrator fills in from the State Council's notice (国务院办公厅关于XXXX年部分节假日安排的通知)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_LINE = re.compile(
    r"^(?P<first>\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:至|到|~|～|–|—|\.\.)\s*(?P<last>\d{4}-\d{1,2}-\d{1,2}))?(?:\s+(?P<name>\S.*))?$"
)
MAX_RUN = 31


def parse_days(text: str, what: str) -> dict[date, str]:
    """Lines like ``2027-02-06 至 2027-02-12 春节`` or ``2027-01-01 元旦`` → {date: name}.
    Raises forms.ValidationError listing every bad line (Chinese)."""
    days: dict[date, str] = {}
    errors: list[str] = []
    for number, raw in enumerate(str(text or "").splitlines(), start=1):
        line = raw.strip().replace("/", "-").replace("．", ".")
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            errors.append(
                _("%(what)s第%(n)s行“%(line)s”无法识别：应写作“2027-01-01 元旦”或“2027-02-06 至 2027-02-12 春节”。")
                % {"what": what, "n": number, "line": raw.strip()}
            )
            continue
        try:
            first = date.fromisoformat(_pad(match["first"]))
            last = date.fromisoformat(_pad(match["last"])) if match["last"] else first
        except ValueError:
            errors.append(
                _("%(what)s第%(n)s行“%(line)s”中的日期不存在。") % {"what": what, "n": number, "line": raw.strip()}
            )
            continue
        if last < first or (last - first).days >= MAX_RUN:
            errors.append(_("%(what)s第%(n)s行的日期范围不合理。") % {"what": what, "n": number})
            continue
        name = (match["name"] or "").strip()
        day = first
        while day <= last:
            days[day] = name
            day += timedelta(days=1)
    if errors:
        raise forms.ValidationError(errors)
    return days


def _pad(text: str) -> str:
    y, m, d = text.split("-")
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def format_days(entries) -> str:
    """The days of a stored year back as lines (runs of consecutive days with one name joined)."""
    lines: list[str] = []
    run: list = []
    for e in [*list(entries), None]:
        if run and (e is None or e.date != run[-1].date + timedelta(days=1) or e.name != run[-1].name):
            first, last = run[0], run[-1]
            span = first.date.isoformat() if first is last else f"{first.date.isoformat()} 至 {last.date.isoformat()}"
            lines.append(f"{span} {first.name}".strip())
            run = []
        if e is not None:
            run.append(e)
    return "\n".join(lines)


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("年度"),
        min_value=2000,
        max_value=2100,
        error_messages={"required": gettext_lazy("请填写年度。"), "invalid": gettext_lazy("年度应为数字，如 2027。")},
    )
    notice = forms.CharField(
        label=gettext_lazy("通知文号"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("如 国办发明电〔2026〕7号。"),
    )
    days_off = forms.CharField(
        label=gettext_lazy("放假日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "每行一天或一段，可写节日名称，如“2027-01-01 元旦”“2027-02-06 至 2027-02-12 春节”。周末放假的也列入。"
        ),
    )
    makeup_days = forms.CharField(
        label=gettext_lazy("调休上班日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("需要上班的周六、周日，每行一天，如“2027-02-14 春节”。"),
    )
    confirmed = forms.BooleanField(
        label=gettext_lazy("已与国务院办公厅通知逐日核对，确认无误"),
        required=False,
        help_text=gettext_lazy("确认后，涉及该年度的答复期限不再是“暂定”，并自动重算。"),
    )

    def clean_days_off(self):
        return parse_days(self.cleaned_data.get("days_off", ""), _("放假日期"))

    def clean_makeup_days(self):
        return parse_days(self.cleaned_data.get("makeup_days", ""), _("调休上班日期"))


class ConfirmForm(forms.Form):
    notice = forms.CharField(label=gettext_lazy("通知文号"), max_length=100, required=False)
