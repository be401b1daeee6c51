"""Each web worker compiles every template before its first request (and keeps
them out of the garbage collector's way): a template that cannot compile is found
at deploy, not by the first person to open its page."""

import gc

from partnership.kernel import warmup


def test_every_template_compiles_and_the_heap_is_frozen(caplog):
    try:
        made = warmup.warm_up()
        assert made["templates"] == len(warmup._templates()) > 100
        assert made["frozen"] > 0
        assert gc.get_freeze_count() == made["frozen"]
        assert "not compiled" not in caplog.text
    finally:
        gc.unfreeze()
