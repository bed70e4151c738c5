"""Staff pages of incidents (namespace "incidents"); the customer's pages are in public_urls.py."""

from django.urls import path

from incidents import views

app_name = "incidents"

urlpatterns = [
    path("", views.incident_list_view, name="list"),
    path("new/", views.incident_new, name="new"),
    path("new/customers/", views.customer_search, name="customer_search"),
    path("new/photo/", views.staged_photo, name="staged_photo"),
    path("<int:pk>/", views.incident_detail, name="detail"),
    path("<int:pk>/print/", views.incident_print, name="print"),
    path("<int:pk>/do/<slug:action>/", views.incident_action, name="action"),
    path("<int:pk>/hand-over/", views.incident_hand_over, name="hand_over"),
    path("<int:pk>/note/", views.incident_note, name="note"),
    path("<int:pk>/contact/", views.incident_contact, name="contact"),
    path("<int:pk>/follow-up/", views.incident_followup, name="followup"),
    path("<int:pk>/police/", views.incident_police, name="police"),
    path("<int:pk>/review/", views.review_edit, name="review"),
    path("<int:pk>/review/actions/", views.action_add, name="action_add"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("photos/<int:pk>/<slug:size>/", views.item_photo, name="photo"),
]
