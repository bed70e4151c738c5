"""Staff pages of custody (namespace "custody")."""

from django.urls import path

from custody import views

app_name = "custody"

urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("new/", views.item_new, name="item_new"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/label/", views.item_label, name="item_label"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/cash/", views.item_cash, name="item_cash"),
    path("items/<int:pk>/photos/", views.item_photos_add, name="item_photos_add"),
    path("items/<int:pk>/notice/", views.item_notice, name="item_notice"),
    path("items/<int:pk>/release/", views.item_release_view, name="item_release"),
    path("items/<int:pk>/mail/", views.item_mail_view, name="item_mail"),
    path("items/<int:pk>/dispose/", views.disposal_propose_view, name="item_dispose"),
    path("items/<int:pk>/match/<int:lost_pk>/<str:decision>/", views.match_decide, name="match_decide"),
    path("scan/<str:reference>/", views.item_scan, name="scan"),
    path("photos/<int:pk>/<slug:size>/", views.item_photo, name="photo"),
    path("releases/<int:pk>/", views.release_print, name="release_print"),
    path("releases/<int:pk>/<slug:which>/", views.release_file, name="release_file"),
    path("mailings/<int:pk>/delivered/", views.mailing_delivered_view, name="mailing_delivered"),
    path("mailings/<int:pk>/proof/", views.mailing_proof, name="mailing_proof"),
    path("disposals/", views.due_list, name="due"),
    path("disposals/<int:pk>/approve/", views.disposal_approve_view, name="disposal_approve"),
    path("disposals/<int:pk>/refuse/", views.disposal_refuse_view, name="disposal_refuse"),
    path("disposals/<int:pk>/receipt/", views.disposal_receipt, name="disposal_receipt"),
    path("locations/", views.location_list, name="locations"),
    path("locations/<int:pk>/", views.stock_check, name="stock_check"),
    path("incidents/<int:incident_pk>/suggestions/", views.incident_suggestions, name="incident_suggestions"),
]
