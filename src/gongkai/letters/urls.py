"""/office/letters/…: the pages where an agency edits its letter templates (behind the agency wall)."""

from django.urls import path

from . import views

app_name = "letters"

A = "<slug:agency_code>/"

urlpatterns = [
    path(A, views.templates, name="templates"),
    path(A + "upload/", views.upload, name="upload"),
    path(A + "revert/", views.revert, name="revert"),
    path(A + "<slug:kind>/in-use.docx", views.download_in_use, name="download_in_use"),
    path(A + "<slug:kind>/default.docx", views.download_default, name="download_default"),
]
