"""/office/calendar/: the working-day calendar (holiday arrangements), for administrators."""

from django.urls import path

from . import views

app_name = "workcalendar"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.edit, name="edit"),
    path("<int:year>/confirm/", views.confirm, name="confirm"),
]
