"""Oversized uploads to the library become form errors, not a 400 page.

The request-body cap (osce_site/middleware/query_limits.py) answers before any form; for the
library's admin pages it lets larger bodies through, and this handler, first in the chain,
stops passing a file's bytes on once it is over the per-file limit: the rest is counted and
discarded, nothing large is kept in memory or on disk, and the form gets a stand-in file
that knows its real size, so its field says "This file is 30 MB; … at most 10 MB".
"""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(UploadedFile):
    """What is left of a file cut off in transit: its name and its size, no content."""

    def __init__(self, name, content_type, size):
        super().__init__(BytesIO(), name, content_type, size)


class UploadSizeLimitHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = max(settings.LIBRARY_IMAGE_MAX_BYTES, settings.LIBRARY_DOCUMENT_MAX_BYTES)
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data if self.received <= self.limit else None

    def file_complete(self, file_size):
        if self.received <= self.limit:
            return None  # the next handler (memory or temporary file) has it all
        return OversizedUpload(self.file_name, self.content_type, self.received)
