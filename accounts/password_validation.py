from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LettersAndOtherCharactersValidator:
    """A password needs letters and at least one digit or symbol.

    Length, likeness to the user's details, the common-password list and all-digit passwords are Django's
    validators; this one refuses what passes them yet falls first to a dictionary attack: a long run of
    letters only ("shanghaiplaza"), or digits and symbols without a letter.
    """

    def validate(self, password: str, user=None) -> None:
        has_letter = any(character.isalpha() for character in password)
        has_other = any(not character.isalpha() for character in password)
        if not (has_letter and has_other):
            raise ValidationError(
                _("Use letters and at least one digit or symbol in the password."),
                code="password_letters_and_others",
            )

    def get_help_text(self) -> str:
        return _("Your password must contain letters and at least one digit or symbol.")
