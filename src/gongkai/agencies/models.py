"""An agency (机关) that discloses information, and the staff who work for it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyLevel(models.TextChoices):
    DEPARTMENT = "department", _("政府部门")
    GOVERNMENT = "government", _("人民政府")


class StaffRole(models.TextChoices):
    CLERK = "clerk", _("经办人")
    REVIEWER = "reviewer", _("审核人")
    HEAD = "head", _("负责人")
    SUPERVISOR = "supervisor", _("监督人员")


class Agency(models.Model):
    code = models.SlugField(_("代码"), max_length=64, unique=True, help_text=_("网址中使用的英文代码，如 jiyuan-hrss"))
    name = models.CharField(_("名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=100, blank=True)
    level = models.CharField(_("层级"), max_length=20, choices=AgencyLevel.choices, default=AgencyLevel.DEPARTMENT)
    region = models.CharField(_("所属地区"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("机关")
        verbose_name_plural = _("机关")
        ordering = ("region", "name")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class StaffMembership(models.Model):
    """A user works for exactly one agency, in one role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="staff_membership"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(_("角色"), max_length=20, choices=StaffRole.choices, default=StaffRole.CLERK)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = ("agency", "user__username")

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency}（{self.get_role_display()}）"
