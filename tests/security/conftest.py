import pytest


@pytest.fixture
def production(settings):
    """Everything tests turn off by default (pyproject's pytest env) turned back on."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.AXES_ENABLED = True
    settings.RATELIMIT_ENABLED = True
    return settings
