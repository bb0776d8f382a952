"""Library fixtures: the editorial roles' admin clients and a media folder of its own."""

from tests.editorial.conftest import (  # noqa: F401 -- fixtures shared with the editorial tests
    editor,
    editor_client,
    media,
    publisher,
    publisher_client,
)
