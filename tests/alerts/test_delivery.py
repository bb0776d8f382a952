"""Delivery through a real SMTP server: immediate alerts and digests, exactly once per
subscription and item, across crashes, SMTP failures, unpublishing and edits."""

import datetime
import logging
import re
import signal
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alerts import sending, tasks
from alerts.management.commands import worker
from alerts.models import Announcement, Delivery
from newsroom.models import NewsItem
from tests.factories import (
    at,
    make_country,
    make_field_of_work,
    make_news_item,
    make_news_type,
    make_subscription,
)


@pytest.fixture
def topics(db):
    make_news_type("Press release", plural="Press releases")
    return {"elections": make_field_of_work("Elections"), "ukraine": make_country("Ukraine")}


def press_release(topics, title="Observers deployed in Ukraine", **fields):
    fields.setdefault("publish_at", timezone.now())
    return make_news_item(
        title,
        news_type=make_news_type("Press release", plural="Press releases"),
        fields_of_work=[topics["elections"]],
        countries=[topics["ukraine"]],
        **fields,
    )


def work():
    """What the workers do, here in-process (the task backend runs tasks as they are queued)."""
    tasks.sweep()


def test_immediate_alert_is_one_complete_email(smtp, topics):
    subscription = make_subscription("reader@example.org", "type=press-release&country=ukraine")
    make_subscription("other@example.org", "field=elections&country=ukraine", frequency="daily")
    item = press_release(topics, lead="The ODIHR deployed 80 observers.")

    work()

    [message] = smtp.messages
    assert message["To"] == "reader@example.org"
    assert message["Subject"] == "Observers deployed in Ukraine"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = f"https://www.osce.example{item.get_absolute_url()}"
    for part in (text, html):
        assert "Press releases in Ukraine" in part
        assert link in part
        assert "https://www.osce.example/alerts/manage/" in part
        assert "https://www.osce.example/alerts/unsubscribe/" in part
    unsubscribe = re.fullmatch(
        r"<(https://www\.osce\.example/alerts/unsubscribe/.+/)>",
        message["List-Unsubscribe"].strip(),
    )
    assert unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"].startswith(f"<alert-{Delivery.objects.get(immediate=True).pk}-")
    assert Delivery.objects.get(subscription=subscription).status == Delivery.Status.SENT


def test_non_matching_and_unconfirmed_subscriptions_get_nothing(smtp, topics):
    make_news_type("News")
    make_subscription("a@example.org", "country=ukraine", confirmed=False)
    make_subscription("b@example.org", "field=elections&type=news")
    make_subscription("c@example.org", "q=referendum")
    make_subscription("d@example.org", "q=observers")

    press_release(topics)
    work()

    assert [m["To"] for m in smtp.messages] == ["d@example.org"]


def test_sweeps_and_duplicate_tasks_send_once(smtp, topics):
    make_subscription("reader@example.org", "country=ukraine")
    item = press_release(topics)

    for _ in range(3):
        work()
        tasks.announce_new.enqueue()
        tasks.send_immediate.enqueue()

    assert len(smtp.messages) == 1
    assert Announcement.objects.get().item == item


def test_an_edit_does_not_send_again(smtp, topics):
    make_subscription("reader@example.org", "country=ukraine")
    item = press_release(topics)
    work()

    item.title = "Observers deployed in Ukraine (corrected)"
    item.save()
    work()

    assert len(smtp.messages) == 1


def test_scheduled_item_is_sent_when_its_time_comes_without_cron(smtp, topics):
    make_subscription("reader@example.org", "country=ukraine")
    item = press_release(topics, publish_at=timezone.now() + datetime.timedelta(hours=1))
    work()
    assert smtp.messages == []

    NewsItem.objects.filter(pk=item.pk).update(publish_at=timezone.now())  # the hour passed
    work()

    assert [m["Subject"] for m in smtp.messages] == [item.title]


@pytest.mark.parametrize("status", [NewsItem.Status.DRAFT, NewsItem.Status.WITHDRAWN])
def test_unpublished_or_withdrawn_before_sending_is_not_sent(smtp, topics, status):
    make_subscription("reader@example.org", "country=ukraine")
    item = press_release(topics)
    tasks.announcing.announce_due()  # matched, not sent yet
    NewsItem.objects.filter(pk=item.pk).update(status=status)

    work()

    assert smtp.messages == []
    assert Delivery.objects.get().status == Delivery.Status.CANCELLED


def test_backdated_items_are_not_announced(smtp, topics):
    make_subscription("reader@example.org", "country=ukraine")
    press_release(topics, publish_at=timezone.now() - datetime.timedelta(days=3))

    work()

    assert smtp.messages == []
    assert not Announcement.objects.exists()


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it runs, no except clause catches it."""


def test_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(smtp, topics, monkeypatch):
    for n in range(10):
        make_subscription(f"r{n}@example.org", "country=ukraine")
    press_release(topics)
    tasks.announcing.announce_due()
    real_send = sending.send
    calls = []

    def dying_send(*args):
        if len(calls) == 4:
            raise WorkerKilled
        calls.append(1)
        return real_send(*args)

    monkeypatch.setattr(sending, "send", dying_send)
    with pytest.raises(WorkerKilled):
        sending.send_immediate()
    monkeypatch.setattr(sending, "send", real_send)
    assert len(smtp.messages) == 4

    work()  # another worker, while the dead one's leases run
    assert len(smtp.messages) == 4
    Delivery.objects.update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    work()  # the leases ran out

    assert sorted(m["To"] for m in smtp.messages) == [f"r{n}@example.org" for n in range(10)]
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_smtp_failure_is_retried_with_backoff_then_reported(smtp, topics, settings, caplog):
    settings.ALERTS_MAX_ATTEMPTS = 3
    make_subscription("unlucky@example.org", "country=ukraine")
    press_release(topics)
    smtp.refuse_to = {"unlucky@example.org"}
    make_subscription("lucky@example.org", "field=elections")
    # lucky@ subscribed after the item was published but before it was announced: it gets it.

    work()

    assert [m["To"] for m in smtp.messages] == ["lucky@example.org"]
    unlucky = Delivery.objects.get(subscription__subscriber__email="unlucky@example.org")
    assert unlucky.status == Delivery.Status.PENDING
    assert unlucky.attempts == 1
    assert unlucky.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    assert "451" in unlucky.last_error

    work()  # too early: nothing
    assert len(smtp.messages) == 1
    with caplog.at_level(logging.ERROR, logger="alerts.sending"):
        for _ in range(2):
            Delivery.objects.update(next_attempt_at=timezone.now())
            work()

    unlucky.refresh_from_db()
    assert unlucky.status == Delivery.Status.FAILED
    assert unlucky.attempts == 3
    assert "failed after 3 attempts" in caplog.text
    assert len(smtp.messages) == 1

    smtp.refuse_to = set()
    sending.retry_failed(Delivery.objects.all())  # the admin's "resend"
    work()
    assert sorted(m["To"] for m in smtp.messages) == ["lucky@example.org", "unlucky@example.org"]


def test_smtp_server_down_blocks_nobody_and_retries(smtp, topics, settings):
    make_subscription("reader@example.org", "country=ukraine")
    press_release(topics)
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there

    work()
    assert Delivery.objects.get().attempts == 1

    settings.EMAIL_PORT = port
    Delivery.objects.update(next_attempt_at=timezone.now())
    work()
    assert len(smtp.messages) == 1


def test_daily_digest_collects_items_until_the_digest_hour(smtp, topics, settings, monkeypatch):
    settings.ALERTS_DIGEST_HOUR = 8
    make_subscription("reader@example.org", "country=ukraine", frequency="daily")
    first = press_release(topics, "First")
    second = press_release(
        topics, "Second", publish_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    work()
    assert smtp.messages == []  # daily: nothing at once

    next_digest = sending.digest_period_start("daily") + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: next_digest - datetime.timedelta(minutes=1))
    work()
    assert smtp.messages == []
    monkeypatch.setattr(timezone, "now", lambda: next_digest + datetime.timedelta(minutes=1))
    work()
    work()

    [message] = smtp.messages
    text = message.get_body(("plain",)).get_content()
    assert message["Subject"] == "Daily digest: News in Ukraine (2)"
    assert text.index(first.title) < text.index(second.title)  # newest first
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/alerts/manage/" in message.get_body(("html",)).get_content()


def test_digest_of_a_search_with_a_line_break_is_sent(smtp, topics, monkeypatch):
    make_subscription("reader@example.org", "q=observers%0Adeployed", frequency="daily")
    press_release(topics)
    work()
    later = sending.digest_period_start("daily") + datetime.timedelta(days=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    work()

    [message] = smtp.messages
    assert message["Subject"].strip() == "Daily digest: News matching “observers deployed” (1)"


def test_weekly_digest_comes_on_the_configured_weekday(db, settings):
    settings.ALERTS_DIGEST_HOUR, settings.ALERTS_DIGEST_WEEKDAY = 8, 0  # Monday 08:00 Vienna
    wednesday = at(2026, 3, 11, 15, 0)

    assert sending.digest_period_start("weekly", wednesday) == at(2026, 3, 9, 8, 0)
    assert sending.digest_period_start("weekly", at(2026, 3, 9, 7, 0)) == at(2026, 3, 2, 8, 0)
    assert sending.digest_period_start("daily", wednesday) == at(2026, 3, 11, 8, 0)


def test_publishing_enqueues_and_never_sends_in_the_editors_request(
    client, topics, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_subscription("reader@example.org", "country=ukraine")
    with django_capture_on_commit_callbacks(execute=True):
        press_release(topics)

    assert mail.outbox == []
    assert DBTaskResult.objects.get().task_path == "alerts.tasks.announce_new"


def test_the_database_queue_and_db_worker_deliver_what_a_save_enqueued(
    transactional_db, smtp, topics, settings, django_capture_on_commit_callbacks
):
    # transactional_db: db_worker closes connections between tasks, as a worker should.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_subscription("reader@example.org", "country=ukraine")
    with django_capture_on_commit_callbacks(execute=True):
        item = press_release(topics)
    assert smtp.messages == []

    # db_worker installs its SIGINT/SIGTERM/SIGQUIT handlers in this process: put pytest's back,
    # or a later Ctrl-C or kill would end up as a SystemExit inside some other test.
    handlers = {
        sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    assert [m["Subject"] for m in smtp.messages] == [item.title]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_worker_clock_sweeps_until_stopped_and_survives_errors(db, monkeypatch, caplog):
    stop, calls = threading.Event(), []

    def sweep():
        calls.append(len(calls))
        if len(calls) == 2:
            raise RuntimeError("database unavailable")
        if len(calls) == 3:
            stop.set()

    monkeypatch.setattr(worker, "sweep", sweep)
    worker.run_clock(0, stop)

    assert calls == [0, 1, 2]
    assert "alerts sweep failed" in caplog.text
