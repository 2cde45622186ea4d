from django.contrib import admin

from .models import Agency, StaffMembership


class StaffInline(admin.TabularInline):
    model = StaffMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "region")
    list_filter = ("level", "region")
    search_fields = ("name", "short_name", "code")
    inlines = (StaffInline,)


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role")
    list_filter = ("role", "agency")
    search_fields = ("user__username", "agency__name")
    autocomplete_fields = ("user", "agency")
