"""Administrative reconsideration and litigation cases about disclosure work.

Each case is one row; table 四 of the annual report counts them by kind and by
the result known at the end of the year. Kinds and results are the rows and
columns of table 四 in the national format, never retyped here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.annual_report.format import CURRENT

APPEALS = CURRENT.table("appeals")
PENDING = "pending"
TOTAL = "total"


def kind_choices() -> list[tuple[str, str]]:
    return [(row.code, "·".join(row.path)) for row in APPEALS.rows]


def result_choices() -> list[tuple[str, str]]:
    """The results a decided case may have: the columns of table 四 but pending and total."""
    return [(c.code, c.label) for c in APPEALS.rows[0].columns if c.code not in (PENDING, TOTAL)]


class AppealCase(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("被申请机关"), on_delete=models.PROTECT, related_name="appeal_cases"
    )
    kind = models.CharField(_("类别"), max_length=40, choices=kind_choices)
    case_number = models.CharField(_("案号"), max_length=100)
    filed_on = models.DateField(_("受理／立案日期"))
    subject = models.TextField(_("案由"), blank=True)
    result = models.CharField(_("结果"), max_length=20, choices=result_choices, blank=True)
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("复议诉讼案件")
        verbose_name_plural = _("复议诉讼案件")
        ordering = ("-filed_on", "case_number")
        constraints = [
            models.UniqueConstraint(fields=("agency", "kind", "case_number"), name="appeal_case_number_unique"),
            models.CheckConstraint(
                condition=(Q(result="") & Q(decided_on__isnull=True)) | (~Q(result="") & Q(decided_on__isnull=False)),
                name="appeal_result_has_date",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("filed_on")),
                name="appeal_decided_after_filed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_number}（{self.get_kind_display()}）"

    def result_on(self, day) -> str:
        """The table 四 column this case counts in, as known on ``day``."""
        if self.result and self.decided_on and self.decided_on <= day:
            return self.result
        return PENDING
