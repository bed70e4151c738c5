from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/code/", views.signin_code, name="signin_code"),
    path("two-step/", views.two_factor, name="two_factor"),
]
