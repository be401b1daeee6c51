from django.conf import settings

from partnership.kernel.release import release
from partnership.selectors import unread_count


def portal(request):
    """The portal's name, the signed-in person's unread count for the header, and
    the release (for `{% cache %}` keys: a deploy renders fragments afresh)."""
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = unread_count(user=user)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "unread_notifications": unread,
        "RELEASE": release(),
    }
