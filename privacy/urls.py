from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("reveal/<slug:kind>/<int:pk>/<slug:field>/", views.reveal, name="reveal"),
]
