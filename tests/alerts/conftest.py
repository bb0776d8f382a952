"""A real SMTP server (aiosmtpd) per test, and Django's SMTP backend pointed at it."""

import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller

from tests.factories import make_user


class Sink:
    """Keeps every message the server accepted; can refuse the next ones."""

    def __init__(self):
        self.messages = []
        self.refuse = 0  # refuse this many messages with a 451
        self.refuse_to = set()  # and every message to these addresses
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse or self.refuse_to & set(envelope.rcpt_tos):
                self.refuse = max(0, self.refuse - 1)
                return "451 Requested action aborted: try again later"
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append(message)
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://www.osce.example"
    yield sink
    controller.stop()


@pytest.fixture
def editor(db):
    return make_user("editor", "Editor")


@pytest.fixture
def publisher(db):
    return make_user("publisher", "Publisher")
