from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError

from schools.selectors import member_school_for_email

SIGNUP_REFUSED = (
    "You can only sign up with the email address your school gave you, and only "
    "if your school is a member of the partnership. If your school is a member, ask "
    "your headteacher to invite you; otherwise contact the partnership office."
)


class AccountAdapter(DefaultAccountAdapter):
    """Self sign-up is open only to addresses on a member school's registered domains."""

    def clean_email(self, email):
        email = super().clean_email(email)
        if member_school_for_email(email) is None:
            raise ValidationError(SIGNUP_REFUSED, code="not_a_member_domain")
        return email

    def get_from_email(self):
        return settings.DEFAULT_FROM_EMAIL
