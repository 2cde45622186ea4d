"""/office/: staff login and the work pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_annual

app_name = "office"

urlpatterns = [
    path("", views.office_home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="office/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("agencies/<slug:agency_code>/reports/import/", views.report_import_view, name="report_import"),
    path("agencies/<slug:agency_code>/annual-reports/", views_annual.annual_reports, name="annual_reports"),
    path("annual-reports/<int:pk>/", views_annual.annual_report, name="annual_report"),
    path("annual-reports/<int:pk>/narrative/", views_annual.narrative_save, name="annual_report_narrative"),
    path("annual-reports/<int:pk>/check/", views_annual.check_typing, name="annual_report_check"),
    path("annual-reports/<int:pk>/adjust/", views_annual.adjust, name="annual_report_adjust"),
    path("annual-reports/<int:pk>/acknowledge/", views_annual.acknowledge, name="annual_report_acknowledge"),
    path("annual-reports/<int:pk>/refresh/", views_annual.refresh, name="annual_report_refresh"),
    path("annual-reports/<int:pk>/submit/", views_annual.submit, name="annual_report_submit"),
    path("annual-reports/<int:pk>/approve/", views_annual.approve, name="annual_report_approve"),
    path("annual-reports/<int:pk>/return/", views_annual.return_for_changes, name="annual_report_return"),
    path("annual-reports/<int:pk>/publish/", views_annual.publish, name="annual_report_publish"),
    path("annual-reports/<int:pk>/correct/", views_annual.correct, name="annual_report_correct"),
]
