"""Django admin: read-only views of applications and their steps.

Every write goes through ``services`` (workflow, permissions, audit), which the office pages
call; the admin only shows the records, with personal data masked.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .identity import mask, mask_email
from .models import Application, Attachment, Step


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    can_delete = False
    fields = ("kind", "occurred_on", "actor", "reason", "data", "recorded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = (
        "tracking_number",
        "agency",
        "channel",
        "received_on",
        "applicant_type",
        "state",
        "due_on",
        "due_provisional",
        "outcome",
        "concluded_on",
    )
    list_filter = ("state", "channel", "applicant_type", "outcome", "carried_over", "agency")
    search_fields = ("tracking_number",)
    date_hierarchy = "received_on"
    inlines = (StepInline,)
    exclude = ("id_number", "contact_phone", "contact_email", "contact_address", "query_code_hash", "idempotency_key")
    readonly_fields = ("masked_id_number", "masked_phone", "masked_email")

    @admin.display(description=_("身份证明号码"))
    def masked_id_number(self, obj):
        return mask(obj.id_number)

    @admin.display(description=_("联系电话"))
    def masked_phone(self, obj):
        return mask(obj.contact_phone)

    @admin.display(description=_("电子邮箱"))
    def masked_email(self, obj):
        return mask_email(obj.contact_email)


@admin.register(Step)
class StepAdmin(ReadOnlyAdmin):
    list_display = ("application", "kind", "occurred_on", "actor", "recorded_at")
    list_filter = ("kind",)
    search_fields = ("application__tracking_number",)


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("application", "filename", "media_type", "size", "uploaded_at")
    search_fields = ("application__tracking_number", "sha256")
