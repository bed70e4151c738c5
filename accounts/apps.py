from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Sign-in")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth.signals import user_logged_in
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from accounts.session_expiry import start_clock

        user_logged_in.connect(start_clock, dispatch_uid="accounts.start_clock")
        # Who turned a second factor on or off, and when; never the secret key or the throttle counters.
        auditlog.register(TOTPDevice, include_fields=["user", "name", "confirmed"])
