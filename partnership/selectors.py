from partnership.models import Notification, Partnership


def partnerships_public():
    return Partnership.objects.order_by("name")


def notifications_for(*, user):
    return Notification.objects.filter(recipient=user).order_by("-created", "-id")
