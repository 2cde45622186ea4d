"""Django admin for the calendar: an administrator enters a year from the State Council's notice.

Days are typed one per line (``2027-01-01 元旦``); saving goes through ``calendar_year_save`` so it
is validated and audited, and open deadlines are recomputed when the year is confirmed.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gongkai.core.errors import ApplicationError

from .models import CalendarDay, CalendarYear, DayKind
from .services import _validated, calendar_year_save


def _parse_days(text: str, field: str) -> dict[date, str]:
    out: dict[date, str] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        head, _sep, name = line.partition(" ")
        try:
            out[date.fromisoformat(head.strip())] = name.strip()
        except ValueError:
            raise forms.ValidationError(
                _("%(field)s第 %(n)s 行“%(line)s”不是日期（格式如 2027-01-01 元旦）。")
                % {"field": field, "n": number, "line": line}
            ) from None
    return out


def _days_text(row: CalendarYear, kind: str) -> str:
    return "\n".join(f"{d.date.isoformat()} {d.name}".strip() for d in row.days.filter(kind=kind).order_by("date"))


class CalendarYearForm(forms.ModelForm):
    days_off_text = forms.CharField(
        label=_("放假日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("每行一天：日期 节日名"),
    )
    makeup_days_text = forms.CharField(
        label=_("调休上班日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一天：日期 节日名"),
    )

    class Meta:
        model = CalendarYear
        fields = ("year", "confirmed", "notice", "source")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["days_off_text"].initial = _days_text(self.instance, DayKind.DAY_OFF)
            self.fields["makeup_days_text"].initial = _days_text(self.instance, DayKind.MAKEUP_WORKDAY)

    def clean(self):
        data = super().clean()
        off = _parse_days(data.get("days_off_text", ""), _("放假日期"))
        work = _parse_days(data.get("makeup_days_text", ""), _("调休上班日期"))
        if data.get("year") is not None:
            try:
                _validated(int(data["year"]), off, work, bool(data.get("confirmed")))
            except ApplicationError as exc:
                raise forms.ValidationError(str(exc)) from None
        data["days_off"], data["makeup_days"] = off, work
        return data


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0
    can_delete = False
    readonly_fields = ("date", "kind", "name")
    fields = ("date", "kind", "name")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    form = CalendarYearForm
    list_display = ("year", "confirmed", "notice", "source", "updated_by", "updated_at")
    list_filter = ("confirmed",)
    inlines = (CalendarDayInline,)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = calendar_year_save(
            actor=request.user,
            year=int(data["year"]),
            days_off=data["days_off"],
            makeup_days=data["makeup_days"],
            confirmed=bool(data["confirmed"]),
            notice=data.get("notice", ""),
            source=data.get("source", ""),
        )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # the days were written by the service; the inline is read-only
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
