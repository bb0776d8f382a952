import pytest

from tests.factories import build_small_newsroom, make_publication


@pytest.fixture(autouse=True)
def _api_uncached(settings):
    """These tests exercise the API's own conditional GET, not the public page cache."""
    settings.CACHE_PAGE_SECONDS = 0


@pytest.fixture
def newsroom(db):
    """The feeds' small newsroom; its draft and scheduled items carry a tag of their own."""
    newsroom = build_small_newsroom()
    for item in (newsroom.draft, newsroom.future):
        item.tags.add("secret-plan")
    # Publications: two public (one in the elections), a draft and a withdrawn one.
    newsroom.publications = [
        make_publication(
            "Election observation handbook",
            kind="manuals-and-guides",
            fields_of_work=[newsroom.elections],
            structures=[newsroom.odihr],
            countries=[newsroom.ukraine],
            tags=["observation"],
        ),
        make_publication("Border security study", kind="studies-and-reports"),
    ]
    make_publication("Draft study", published=False, fields_of_work=[newsroom.elections])
    withdrawn = make_publication("Withdrawn study", fields_of_work=[newsroom.elections])
    withdrawn.status = withdrawn.Status.WITHDRAWN
    withdrawn.save()
    return newsroom
