from celery import shared_task


@shared_task(ignore_result=True)
def deliver_message(message_id: int) -> None:
    from notifications.delivery import deliver

    deliver(message_id)
