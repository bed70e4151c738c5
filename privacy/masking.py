"""How phone numbers and e-mail addresses look when they are not revealed (SEC-1)."""

MASK = "*"


def mask_phone(value: str) -> str:
    """138****5678: enough to recognise a number the customer quotes, not enough to call it."""
    value = (value or "").strip()
    if not value:
        return ""
    digits = [i for i, char in enumerate(value) if char.isdigit()]
    if len(digits) < 7:
        keep = set(digits[-2:])
    else:
        keep = set(digits[:3] + digits[-4:])
    return "".join(char if (i in keep or not char.isdigit()) else MASK for i, char in enumerate(value))


def mask_email(value: str) -> str:
    """z***@example.com: the domain stays, the mailbox shows its first character only."""
    value = (value or "").strip()
    if not value:
        return ""
    local, at, domain = value.rpartition("@")
    if not at:
        return mask_phone(value) if any(c.isdigit() for c in value) else value[:1] + MASK * 3
    return f"{local[:1]}{MASK * 3}@{domain}"


def mask_contact(value: str) -> str:
    """A phone number or an e-mail address, whichever it is."""
    return mask_email(value) if "@" in (value or "") else mask_phone(value)
