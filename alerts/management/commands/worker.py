"""`db_worker` plus the alerts clock: a thread that sweeps every ALERTS_SWEEP_SECONDS.

The clock is what makes a scheduled item's alerts go out without a cron job, and what hands
a crashed worker's leftovers to the living. Run one or more of these per site, on any
machine that reaches the database.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections
from django_tasks_db.management.commands import db_worker

from alerts.tasks import sweep

logger = logging.getLogger("alerts.worker")


def run_clock(seconds, stop):
    while not stop.is_set():
        try:
            sweep()
        except Exception:
            logger.exception("alerts sweep failed; trying again in %s s", seconds)
        finally:
            close_old_connections()
        stop.wait(seconds)


class Command(db_worker.Command):
    help = "Run background tasks (django-tasks-db's db_worker) and the alerts clock."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--sweep-seconds",
            type=float,
            default=settings.ALERTS_SWEEP_SECONDS,
            help="Seconds between two sweeps for newly public items (default: %(default)s).",
        )

    def handle(self, *args, sweep_seconds, **options):
        options["reload"] = False  # the clock thread lives in this process
        stop = threading.Event()
        clock = threading.Thread(
            target=run_clock, args=(sweep_seconds, stop), name="alerts-clock", daemon=True
        )
        clock.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
