from django.db import migrations


def install(apps, schema_editor) -> None:
    from policy.seed import install_defaults

    install_defaults(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0002_bilingual_questions_approval_limits"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
