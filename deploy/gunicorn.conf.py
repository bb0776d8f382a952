"""Gunicorn settings for every app server (systemd's osce-app@.service and make prodlike).

The bind address comes from the command line (one port per app server). Workers: the
usual rule for synchronous workers, 2 x CPU cores + 1, since a worker waiting on the
database leaves its core to another; GUNICORN_WORKERS overrides it (e.g. when several app
servers share one machine, divide by their number).
"""

import multiprocessing
import os

wsgi_app = "osce_site.wsgi:application"
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
# Load the site once, before forking: a configuration error (system check) stops the app
# server at once with its message, instead of every worker failing in turn.
preload_app = True
# A stop (SIGTERM) lets the requests in progress finish; nginx sends new ones elsewhere.
graceful_timeout = 30
timeout = 60
# Django writes one log line per request; gunicorn logs only its own errors.
accesslog = None
errorlog = "-"
# The proxy is local: X-Forwarded-* are trusted from it only (Django reads them too).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
