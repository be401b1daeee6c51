"""Each web worker compiles every template before its first request (and keeps
them out of the garbage collector's way): a template that cannot compile is found
at deploy, not by the first person to open its page."""

import gc

from partnership.kernel import warmup


def test_every_template_compiles_and_the_heap_is_frozen(caplog):
    try:
        made = warmup.warm_up()
        assert made["templates"] == len(warmup._templates()) > 100
        # The loaded heap (templates, URL patterns, models: well over ten thousand
        # objects) is out of the collector's way; it stays so, whatever a frozen
        # object freed since (another thread's, say) takes from the count.
        assert made["frozen"] > 10_000
        assert gc.get_freeze_count() > 10_000
        assert "not compiled" not in caplog.text
    finally:
        gc.unfreeze()
