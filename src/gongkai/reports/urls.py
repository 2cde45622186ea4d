"""/office/: staff login and the work pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "office"

urlpatterns = [
    path("", views.office_home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="office/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("agencies/<slug:agency_code>/reports/import/", views.report_import_view, name="report_import"),
]
