"""When an item becomes public, match it once against every subscribed filter.

An item is announced by the worker, never in the editor's request: saving a public (or
scheduled) item enqueues `tasks.announce_new` when the transaction commits, deferred to the
publish time when the task backend can defer, and every worker's clock (`manage.py worker`)
sweeps for public items not yet announced, so scheduled items and bulk updates that bypass
save() are announced too, without a cron job. The Announcement row (one per item) makes a
second sweep, a second worker or a later edit a no-op.
"""

import datetime

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from alerts.matching import matching_filters
from alerts.models import Announcement, Delivery, NewsFilter, Subscription
from newsroom.models import NewsItem

# Items public for longer than this are never announced: backdated and imported archive
# items are not news, and the sweep stays a short index scan.
LOOKBACK = datetime.timedelta(days=1)
SWEEP_BATCH = 50


def unannounced(now=None):
    now = now or timezone.now()
    return (
        NewsItem.objects.published()
        .filter(publish_at__gte=now - LOOKBACK, announcement__isnull=True)
        .order_by("publish_at", "pk")
    )


def announce(item):
    """Create the deliveries of `item` for every confirmed subscription whose filter selects it;
    returns how many immediate ones are waiting (0 when the item was announced already)."""
    with transaction.atomic():
        announcement, created = Announcement.objects.get_or_create(item=item)
        if not created:
            return 0
        filters = NewsFilter.objects.filter(
            pk__in=Subscription.objects.confirmed().values("news_filter")
        ).only("pk", "query")
        matched = matching_filters(item, filters)
        subscriptions = list(
            Subscription.objects.confirmed()
            .filter(news_filter__in=matched)
            .values_list("pk", "frequency")
        )
        Delivery.objects.bulk_create(
            [
                Delivery(
                    subscription_id=pk,
                    item=item,
                    immediate=frequency == Subscription.Frequency.IMMEDIATELY,
                )
                for pk, frequency in subscriptions
            ],
            batch_size=500,
            ignore_conflicts=True,
        )
        announcement.matched = len(subscriptions)
        announcement.save(update_fields=["matched"])
    return sum(f == Subscription.Frequency.IMMEDIATELY for _, f in subscriptions)


def announce_due():
    """Announce every public item not announced yet; returns the immediate deliveries made."""
    waiting = 0
    for item in unannounced()[:SWEEP_BATCH]:
        waiting += announce(item)
    return waiting


def item_saved(sender, instance, **kwargs):
    if instance.status != NewsItem.Status.PUBLISHED:
        return
    if instance.publish_at < timezone.now() - LOOKBACK:
        return
    from alerts import tasks

    # robust: a failed enqueue is logged, never the editor's error; the sweep catches up.
    transaction.on_commit(lambda: tasks.enqueue_announce(instance.publish_at), robust=True)


def connect():
    post_save.connect(item_saved, sender=NewsItem, dispatch_uid="alerts.item_saved")
