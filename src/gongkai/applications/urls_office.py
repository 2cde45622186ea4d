"""/office/applications/…: the office pages of disclosure on request (behind the agency wall)."""

from django.urls import path

from . import views_office as views

app_name = "applications_office"

A = "<slug:agency_code>/"
APP = A + "<str:tracking_number>/"

urlpatterns = [
    path("", views.index, name="index"),
    path(A, views.queue, name="queue"),
    path(A + "new/", views.register_view, name="register"),
    path(APP, views.detail, name="detail"),
    path(APP + "steps/<slug:kind>/", views.step, name="step"),
    path(APP + "personal-data/", views.reveal, name="reveal"),
    path(APP + "attachments/", views.attachment_upload, name="attachment_upload"),
    path(APP + "attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path(APP + "letters/", views.letter_issue, name="letter_issue"),
    path(APP + "letters/<int:pk>/", views.letter_download, name="letter_download"),
]
