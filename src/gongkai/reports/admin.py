from django.contrib import admin

from .models import AnnualReport, PublishedReport, ReportVersion


@admin.register(PublishedReport)
class PublishedReportAdmin(admin.ModelAdmin):
    list_display = ("agency", "year", "format_code", "source_kind", "imported_by", "imported_at")
    list_filter = ("year", "format_code", "source_kind")
    search_fields = ("agency__name", "agency__code")
    readonly_fields = (
        "agency",
        "year",
        "format_code",
        "content",
        "original",
        "original_name",
        "original_sha256",
        "original_size",
        "source_kind",
        "imported_by",
        "imported_at",
    )

    def has_add_permission(self, request):
        return False  # reports come in through the office import page or `manage.py import_report`

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Annual reports made in Gongkai change only through the office pages (services, audited)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "state", "version", "drafted_by", "approved_by", "updated_at")
    list_filter = ("year", "state")
    search_fields = ("agency__name", "agency__code")


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    list_display = ("report", "number", "published_on", "published_by", "approved_by")
    list_filter = ("published_on",)
    search_fields = ("report__agency__name", "report__agency__code")
