from django.db import migrations


def install(apps, schema_editor) -> None:
    # Fill the new compensation caps of the company row and add the claim messages; legal's values stay.
    from policy.seed import _company_policy, _templates

    _company_policy(apps.get_model("policy", "Policy"))
    _templates(apps.get_model("policy", "MessageTemplate"))


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0004_compensation_caps"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
