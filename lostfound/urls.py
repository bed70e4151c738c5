from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import SignInView
from lostfound import views

admin.site.site_header = _("Lost property and incidents — administration")
admin.site.site_title = _("Lost property administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/", include("accounts.urls")),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("incidents/", include("incidents.urls")),
    path("s/", include("incidents.public_urls")),
    path("investigations/", include("investigations.urls")),
    path("notices/", include("investigations.public_urls")),
    path("custody/", include("custody.urls")),
    path("compensation/", include("compensation.urls")),
    path("notifications/", include("notifications.urls")),
    path("sla/", include("sla.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("privacy/", include("privacy.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
