import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lostfound.settings")

app = Celery("lostfound")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The one beat schedule. Timing lives in the database; beat only wakes the sweepers.
app.conf.beat_schedule = {}
