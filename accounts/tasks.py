from celery import shared_task
from django.core.management import call_command


@shared_task(ignore_result=True)
def clear_expired_sessions() -> None:
    # Ended sessions may hold a form kept for after sign-in (accounts/session_expiry.py); they go with the rest.
    call_command("clearsessions")
