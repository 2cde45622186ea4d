"""/apply/…: the public pages of disclosure on request."""

from django.urls import path

from . import views_portal as views

app_name = "applications_portal"

urlpatterns = [
    path("", views.apply, name="apply"),
    path("status/", views.status, name="status"),
    path("status/letters/<int:pk>/", views.letter_download, name="letter_download"),
    path("<slug:agency_code>/", views.apply, name="apply_to"),
]
