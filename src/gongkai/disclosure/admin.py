"""Admin: read-mostly views of the records; writes go through the office pages and services."""

from django.contrib import admin

from .models import (
    AdministrativeDecision,
    Attachment,
    CatalogueColumn,
    ChannelYear,
    ConfidentialityReview,
    DisclosureProfile,
    Document,
    DocumentRevision,
    FeeIncome,
    NewMediaAccount,
    NormativeAmendment,
    NormativeDocument,
    PageView,
    WebsiteOpeningTotal,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DisclosureProfile)
class DisclosureProfileAdmin(admin.ModelAdmin):
    list_display = ("agency", "org_code")


@admin.register(CatalogueColumn)
class CatalogueColumnAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "agency", "order", "parent")
    list_filter = ("agency",)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ("filename", "media_type", "size", "sha256", "uploaded_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "index_number", "agency", "column", "status", "published_on", "validity")
    list_filter = ("status", "validity", "agency")
    search_fields = ("title", "index_number", "document_number")
    date_hierarchy = "published_on"
    inlines = (AttachmentInline,)


@admin.register(ConfidentialityReview)
class ConfidentialityReviewAdmin(ReadOnlyAdmin):
    list_display = ("document", "reviewer", "reviewed_on", "conclusion")


@admin.register(DocumentRevision)
class DocumentRevisionAdmin(ReadOnlyAdmin):
    list_display = ("document", "number", "action", "actor", "created_at")
    list_filter = ("action",)


@admin.register(NormativeDocument)
class NormativeDocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "number", "kind", "issued_on", "repealed_on", "agency")
    list_filter = ("kind", "agency")


@admin.register(NormativeAmendment)
class NormativeAmendmentAdmin(ReadOnlyAdmin):
    list_display = ("normative", "amended_on", "note")


@admin.register(AdministrativeDecision)
class AdministrativeDecisionAdmin(ReadOnlyAdmin):
    list_display = ("decision_number", "kind", "decided_on", "agency", "source")
    list_filter = ("kind", "agency", "source")
    search_fields = ("decision_number",)


@admin.register(FeeIncome)
class FeeIncomeAdmin(ReadOnlyAdmin):
    list_display = ("received_on", "item", "amount", "agency")
    list_filter = ("agency",)


@admin.register(NewMediaAccount)
class NewMediaAccountAdmin(admin.ModelAdmin):
    list_display = ("name", "platform", "agency")
    list_filter = ("platform", "agency")


@admin.register(ChannelYear)
class ChannelYearAdmin(ReadOnlyAdmin):
    list_display = ("account", "year", "posts", "followers")


@admin.register(PageView)
class PageViewAdmin(ReadOnlyAdmin):
    list_display = ("date", "agency", "path_group", "views", "unique_visitors")
    list_filter = ("path_group",)


@admin.register(WebsiteOpeningTotal)
class WebsiteOpeningTotalAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "visits", "note")
