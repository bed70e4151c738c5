from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("messages/", views.message_list, name="message_list"),
    path("messages/<int:pk>/retry/", views.message_retry_view, name="message_retry"),
]
