"""A database that is down answers 503 with Retry-After, not a 500 and a traceback."""

import logging

from osce_site.errors import DATABASE_ERRORS, database_unavailable

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error(
                "database unavailable: %s %s", request.method, request.path, exc_info=exception
            )
            return database_unavailable()
        return None
