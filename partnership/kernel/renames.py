"""Acting when a saved row's chosen fields change (a rename), not on every save.

Search text copies names from other rows: a recommendation's holds its school's,
organisation's and subject's names, a research project's its subjects'. When one
of those is renamed, the copies must follow; most saves (a GIAS import re-saving
every school unchanged, an edit of a school's website) rename nothing, and must
not queue work. `when_renamed` reads the watched fields as stored before a save
(one query by primary key) and calls `handler(instance)` after the save only when
one of them differs.

A `QuerySet.update()` sends no signals, so it is not seen here.
"""

from collections.abc import Callable, Iterable

from django.db.models import Model
from django.db.models.signals import post_save, pre_save


def when_renamed(
    model: type[Model],
    fields: Iterable[str],
    handler: Callable[[Model], None],
    *,
    uid: str,
) -> Callable[[], None]:
    """Connect `handler` to saves of `model` that change any of `fields`; returns
    the function that disconnects it."""
    fields = tuple(fields)
    kept = f"_before_{uid}"

    def before(sender, instance, raw=False, update_fields=None, **kwargs):
        if raw or instance._state.adding or instance.pk is None:
            return
        if update_fields is not None and not set(fields) & set(update_fields):
            return
        stored = (
            sender._base_manager.filter(pk=instance.pk).values_list(*fields).first()
        )
        instance.__dict__[kept] = stored

    def after(sender, instance, created=False, raw=False, **kwargs):
        stored = instance.__dict__.pop(kept, None)
        if created or raw or stored is None:
            return
        if stored != tuple(getattr(instance, name) for name in fields):
            handler(instance)

    pre_save.connect(before, sender=model, weak=False, dispatch_uid=f"{uid}-before")
    post_save.connect(after, sender=model, weak=False, dispatch_uid=f"{uid}-after")

    def disconnect() -> None:
        pre_save.disconnect(sender=model, dispatch_uid=f"{uid}-before")
        post_save.disconnect(sender=model, dispatch_uid=f"{uid}-after")

    return disconnect
