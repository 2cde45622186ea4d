"""Public pages of proactive disclosure (主动公开), mounted at / before the portal."""

from django.urls import path

from . import views_portal as views

app_name = "disclosure_portal"

urlpatterns = [
    path("search/", views.search_all, name="search_all"),
    path("agencies/<slug:agency_code>/disclosure/", views.disclosure_home, name="home"),
    path("agencies/<slug:agency_code>/disclosure/search/", views.search_agency, name="search"),
    path("agencies/<slug:agency_code>/disclosure/guide/", views.guide, name="guide"),
    path("agencies/<slug:agency_code>/disclosure/annual-reports/", views.annual_reports, name="annual_reports"),
    path("agencies/<slug:agency_code>/disclosure/complain/", views.complain, name="complain"),
    path("agencies/<slug:agency_code>/disclosure/columns/<slug:column_code>/", views.column, name="column"),
    path("agencies/<slug:agency_code>/disclosure/documents/<int:document_id>/", views.document, name="document"),
    path(
        "agencies/<slug:agency_code>/disclosure/documents/<int:document_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "agencies/<slug:agency_code>/disclosure/index/<path:index_number>/",
        views.document_by_index_number,
        name="document_by_index",
    ),
]
