class ClaimError(Exception):
    """A refused action on a compensation claim; `str(error)` is a translated reason for the person who tried.

    `field` names the form field the reason belongs to, when there is one.
    """

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
