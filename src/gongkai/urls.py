"""The URL map: the public portal at /, staff work at /office/, Django admin at /admin/."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("公开 Gongkai 管理后台")
admin.site.site_title = _("公开 Gongkai")
admin.site.index_title = _("系统管理")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("office/applications/", include("gongkai.applications.urls_office")),
    path("office/disclosure/", include("gongkai.disclosure.urls_office")),
    path("office/calendar/", include("gongkai.workcalendar.urls")),
    path("office/supervision/", include("gongkai.supervision.urls")),
    path("office/letters/", include("gongkai.letters.urls")),
    path("office/", include("gongkai.reports.urls")),
    path("apply/", include("gongkai.applications.urls_portal")),
    path("", include("gongkai.disclosure.urls_portal")),
    path("", include("gongkai.portal.urls")),
]

handler404 = "gongkai.portal.views.page_not_found"
handler500 = "gongkai.portal.views.server_error"
