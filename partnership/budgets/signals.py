"""Budgets listens to the schools app (which must not import budgets): when a
member of staff leaves a school, the budget rights that came from that role end."""

from django.db.models.signals import post_save


def _staff_saved(sender, instance, **kwargs):
    """A Staff row saved with a leaving date: revoke the person's delegations
    for that school (in the same transaction as the leaving date)."""
    if instance.left is None:
        return
    from .services.delegations import delegations_end_with_role

    delegations_end_with_role(school=instance.school, person=instance.user)


def connect() -> None:
    from schools.models import Staff

    post_save.connect(_staff_saved, sender=Staff, dispatch_uid="budgets-staff-left")
