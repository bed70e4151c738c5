"""Placeholder until the delivery issue lands: the message stays pending for the sweep."""


def deliver(message_id: int) -> None:
    return None
