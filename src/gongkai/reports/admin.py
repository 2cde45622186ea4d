from django.contrib import admin

from .models import PublishedReport


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
