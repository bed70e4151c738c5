from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Connects the request signals that hold a delivery's kick until the response has gone out.
        import lostfound.after_response  # noqa: F401
