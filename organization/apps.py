from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_last_app(sender, **kwargs) -> None:
    # Permissions of every app exist only once the last app's post_migrate has run;
    # Django sends post_migrate only to apps that have a models module.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:
        from organization.roles import sync_roles

        sync_roles()


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = _("Organization")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth import get_user_model

        from organization import models

        for model in (models.Site, models.Area, models.Department, models.StaffProfile, models.DutyShift):
            auditlog.register(model)
        auditlog.register(get_user_model(), exclude_fields=["password", "last_login"], m2m_fields={"groups"})
        post_migrate.connect(_sync_roles_after_last_app, dispatch_uid="organization.sync_roles")
