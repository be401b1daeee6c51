import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
application = get_wsgi_application()

# Every worker compiles its templates before its first request and freezes them out
# of the garbage collector's way (partnership/kernel/warmup.py).
if os.environ.get("WEB_WARM_UP", "1") == "1":
    from partnership.kernel.warmup import warm_up

    warm_up()
