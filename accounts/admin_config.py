from django.contrib.admin.apps import AdminConfig


class SecondFactorAdminConfig(AdminConfig):
    """Django's admin app with the site that asks enrolled staff for their second factor."""

    default_site = "accounts.admin_site.SecondFactorAdminSite"
