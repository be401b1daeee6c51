"""Services of the partnership app: every function that changes state."""

from .notifications import (
    NotificationKind,
    email_preferences_update,
    notification_mark_read,
    notification_send,
    notifications_requeue_pending,
    notify,
    notify_many,
    send_direct_email,
)

__all__ = [
    "NotificationKind",
    "email_preferences_update",
    "notification_mark_read",
    "notification_send",
    "notifications_requeue_pending",
    "notify",
    "notify_many",
    "send_direct_email",
]
