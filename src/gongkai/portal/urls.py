from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("check/", views.check_report, name="check"),
    path("agencies/<slug:agency_code>/", views.agency_detail, name="agency"),
    path("agencies/<slug:agency_code>/reports/<int:year>/", views.report_detail, name="report"),
    path("agencies/<slug:agency_code>/reports/<int:year>/original/", views.report_original, name="report_original"),
    path(
        "agencies/<slug:agency_code>/reports/<int:year>/download/<str:fmt>/",
        views.report_download,
        name="report_download",
    ),
    path(
        "agencies/<slug:agency_code>/reports/<int:year>/versions/<int:number>/download/<str:fmt>/",
        views.report_version_download,
        name="report_version_download",
    ),
]
