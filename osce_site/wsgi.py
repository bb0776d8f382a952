import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osce_site.settings")
application = get_wsgi_application()

from osce_site.checks import refuse_on_errors  # noqa: E402  (needs the apps loaded above)

refuse_on_errors()

# Django, the project and their modules are loaded now and live as long as the worker.
# Freezing them keeps the garbage collector from walking these long-lived objects in every
# full collection, a pause that showed on the slowest filtered newsroom pages.
gc.freeze()
