from django.urls import path

from investigations import views

app_name = "investigations"

urlpatterns = [
    path("incident/<int:pk>/", views.incident_log, name="incident"),
    path("incident/<int:pk>/add/<slug:kind>/", views.entry_add, name="add"),
    path("incident/<int:pk>/notice/", views.notice_publish, name="notice_publish"),
    path("entry/<slug:kind>/<int:pk>/", views.entry_detail, name="entry"),
    path("evidence/<int:pk>/handover/", views.evidence_handover, name="handover"),
    path("police-report/<int:pk>/follow-up/", views.police_followup, name="followup"),
    path("photo/<int:pk>/<slug:variant>/", views.photo, name="photo"),
    path("notice/<int:pk>/withdraw/", views.notice_withdraw, name="notice_withdraw"),
]
