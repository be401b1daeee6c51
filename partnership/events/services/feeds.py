"""The personal calendar feed: a secret address that a new token revokes."""

from django.db import transaction

from ..models import CalendarFeed, new_feed_token


def calendar_feed_get(*, person) -> CalendarFeed:
    """A person's feed, made the first time they ask for it."""
    feed, _created = CalendarFeed.objects.get_or_create(person=person)
    return feed


def calendar_feed_reset(*, person) -> CalendarFeed:
    """A new secret address: the old one stops working at once."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(
            person=person
        )
        if not created:
            feed.token = new_feed_token()
            feed.save(update_fields=["token"])
    return feed
