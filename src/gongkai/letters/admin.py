"""Letters in the admin: read-only views (writes go through the services, which audit them)."""

from django.contrib import admin

from .models import IssuedLetter, LetterSequence, LetterSettings, LetterTemplate


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IssuedLetter)
class IssuedLetterAdmin(ReadOnlyAdmin):
    list_display = ("number", "agency", "kind", "outcome", "reference", "letter_date", "issued_by", "issued_at")
    list_filter = ("kind", "year", "agency")
    search_fields = ("number", "reference")
    exclude = ("context",)  # the applicant's personal data stay in the letter itself


@admin.register(LetterTemplate)
class LetterTemplateAdmin(ReadOnlyAdmin):
    list_display = ("kind", "outcome", "agency", "active", "uploaded_by", "uploaded_at", "sha256")
    list_filter = ("kind", "active", "agency")


@admin.register(LetterSequence)
class LetterSequenceAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "kind", "last_number")
    list_filter = ("year", "kind", "agency")


@admin.register(LetterSettings)
class LetterSettingsAdmin(ReadOnlyAdmin):
    list_display = ("agency", "number_prefix")
