"""/office/disclosure/<agency>/…: the office pages of proactive disclosure."""

from django.urls import path

from . import views_office as views

app_name = "disclosure_office"

urlpatterns = [
    path("<slug:agency_code>/", views.home, name="home"),
    path("<slug:agency_code>/documents/", views.document_list, name="document_list"),
    path("<slug:agency_code>/documents/new/", views.document_create, name="document_create"),
    path("<slug:agency_code>/documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("<slug:agency_code>/documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("<slug:agency_code>/documents/<int:pk>/correct/", views.document_correct, name="document_correct"),
    path("<slug:agency_code>/documents/<int:pk>/submit/", views.document_submit, name="document_submit"),
    path("<slug:agency_code>/documents/<int:pk>/review/", views.document_review, name="document_review"),
    path("<slug:agency_code>/documents/<int:pk>/publish/", views.document_publish, name="document_publish"),
    path("<slug:agency_code>/documents/<int:pk>/withdraw/", views.document_withdraw, name="document_withdraw"),
    path("<slug:agency_code>/documents/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<slug:agency_code>/normative/", views.normative_list, name="normative_list"),
    path("<slug:agency_code>/normative/<int:pk>/repeal/", views.normative_repeal, name="normative_repeal"),
    path("<slug:agency_code>/decisions/", views.decision_list, name="decision_list"),
    path("<slug:agency_code>/decisions/import/", views.decision_import, name="decision_import"),
    path("<slug:agency_code>/fees/", views.fee_list, name="fee_list"),
    path("<slug:agency_code>/channels/", views.channels, name="channels"),
]
