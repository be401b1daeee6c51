from django.conf import settings

from partnership.selectors import unread_count


def portal(request):
    """The portal's name, and the signed-in person's unread count for the header."""
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = unread_count(user=user)
    return {"PORTAL_NAME": settings.PORTAL_NAME, "unread_notifications": unread}
