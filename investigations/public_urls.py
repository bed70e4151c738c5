"""Public pages: no sign-in (INV-7)."""

from django.urls import path

from investigations import views

app_name = "notices"

urlpatterns = [
    path("<slug:site_code>/", views.notice_board, name="board"),
]
