from django.contrib import admin

from .models import AppealCase


@admin.register(AppealCase)
class AppealCaseAdmin(admin.ModelAdmin):
    list_display = ("case_number", "agency", "kind", "filed_on", "result", "decided_on")
    list_filter = ("kind", "result", "agency")
    search_fields = ("case_number", "subject")
    date_hierarchy = "filed_on"
