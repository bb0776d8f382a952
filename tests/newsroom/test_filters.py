import pytest
from django.http import QueryDict

from newsroom.listing.filters import NewsItemFilter
from newsroom.models import NewsItem

pytestmark = pytest.mark.django_db

OBSERVERS = "Observers deployed for Kosovo elections"
WOMEN = "Women in politics conference"
BORDER = "Border officers trained"
SPOT = "Spot report on a checkpoint"


def filtered(query):
    filterset = NewsItemFilter(QueryDict(query), queryset=NewsItem.objects.published())
    return filterset


def titles(query):
    return [item.title for item in filtered(query).qs]


def test_filter_without_parameters_lists_published_newest_first(newsroom):
    assert titles("") == [SPOT, BORDER, WOMEN, OBSERVERS]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=press-release", {OBSERVERS, BORDER}),
        ("field=elections", {OBSERVERS, WOMEN}),
        ("structure=odihr", {OBSERVERS, WOMEN}),
        ("country=kosovo", {OBSERVERS, SPOT}),
        ("tag=youth", {BORDER}),
    ],
)
def test_filter_each_facet(newsroom, query, expected):
    assert set(titles(query)) == expected


def test_filter_or_within_a_facet(newsroom):
    assert set(titles("field=gender-equality&field=border-management")) == {WOMEN, BORDER}
    assert set(titles("type=spot-report&type=news")) == {SPOT, WOMEN}


def test_filter_and_across_facets(newsroom):
    assert titles("field=elections&country=kosovo") == [OBSERVERS]
    assert titles("field=elections&country=serbia&type=news") == [WOMEN]
    assert titles("field=elections&tag=youth") == []


def test_filter_item_matching_several_values_listed_once(newsroom):
    assert titles("structure=odihr&structure=mission-in-kosovo").count(OBSERVERS) == 1
    assert filtered("structure=odihr&structure=mission-in-kosovo").qs.count() == 3


def test_filter_dates_are_inclusive_in_local_time(newsroom):
    assert set(titles("from=2024-04-01&to=2024-04-01")) == {BORDER, SPOT}
    assert set(titles("from=2024-03-10&to=2024-03-15")) == {OBSERVERS, WOMEN}
    assert set(titles("from=2024-03-11")) == {WOMEN, BORDER, SPOT}
    assert titles("to=2024-03-10") == [OBSERVERS]


def test_filter_sort_oldest_and_newest(newsroom):
    assert titles("sort=oldest") == [OBSERVERS, WOMEN, BORDER, SPOT]
    assert titles("sort=newest") == [SPOT, BORDER, WOMEN, OBSERVERS]


def test_filter_sort_relevance_without_search_is_newest(newsroom):
    filterset = filtered("sort=relevance")
    assert filterset.sort_order == "newest"
    assert [i.title for i in filterset.qs] == [SPOT, BORDER, WOMEN, OBSERVERS]


def test_filter_relevance_is_default_when_searching(newsroom):
    assert filtered("q=observers").sort_order == "relevance"
    assert filtered("q=observers&sort=oldest").sort_order == "oldest"


def test_filter_never_shows_drafts_or_scheduled_items(newsroom):
    for query in ("field=elections", "tag=water", "q=elections", "type=press-release"):
        assert "Draft about elections" not in titles(query)
        assert "Scheduled about elections" not in titles(query)


def test_filter_unknown_slug_ignored_and_reported_rest_applied(newsroom):
    filterset = filtered("country=kosovo&country=xyz&field=elections")
    assert [i.title for i in filterset.qs] == [OBSERVERS]
    assert filterset.notes == ["ignored: unknown country 'xyz'"]
    assert filterset.is_valid()


def test_filter_only_unknown_slugs_means_no_filter(newsroom):
    filterset = filtered("tag=nope")
    assert filterset.qs.count() == 4
    assert filterset.notes == ["ignored: unknown tag 'nope'"]


def test_filter_malformed_date_ignored_other_filters_kept(newsroom):
    filterset = filtered("from=2024-02-30&to=yesterday&type=spot-report")
    assert [i.title for i in filterset.qs] == [SPOT]
    assert "ignored: malformed date from='2024-02-30' (expected YYYY-MM-DD)" in filterset.notes
    assert "ignored: malformed date to='yesterday' (expected YYYY-MM-DD)" in filterset.notes


def test_filter_from_after_to_swapped_with_note(newsroom):
    filterset = filtered("from=2024-03-15&to=2024-03-10")
    assert {i.title for i in filterset.qs} == {OBSERVERS, WOMEN}
    assert any("swapped" in note for note in filterset.notes)


def test_filter_unknown_sort_ignored(newsroom):
    filterset = filtered("sort=sideways")
    assert filterset.sort_order == "newest"
    assert filterset.notes == ["ignored: unknown sort order 'sideways'"]


def test_filter_query_pairs_drop_junk(newsroom):
    filterset = filtered("field=elections&field=nope&field=elections&q=%20vote%20&page=3&x=1")
    assert filterset.query_pairs() == [("q", "vote"), ("field", "elections")]


def test_filter_accepts_plain_dict_data(newsroom):
    filterset = NewsItemFilter({"type": "spot-report"}, queryset=NewsItem.objects.published())
    assert [i.title for i in filterset.qs] == [SPOT]


@pytest.mark.parametrize(
    ("query", "count", "described"),
    [
        ("", None, ""),
        ("", 4, ""),
        ("type=press-release", None, "Press releases"),
        ("type=press-release", 1, "1 press release"),
        ("type=press-release&type=news", 3, "3 press releases and news items"),
        ("field=elections&country=kosovo", None, "News about Elections in Kosovo"),
        ("field=elections&country=kosovo", 2, "News about Elections in Kosovo"),
        ("structure=odihr&tag=water", None, "News from ODIHR tagged “water”"),
        ("q=border&from=2024-01-01", None, "News matching “border” since 1 January 2024"),
        ("to=2024-01-01&type=nonsense", None, "News until 1 January 2024"),
    ],
)
def test_filter_describe_for_headings_and_feed_titles(newsroom, query, count, described):
    assert filtered(query).describe(count=count) == described


def test_filter_sorts_offer_best_match_only_when_searching_and_then_first(newsroom):
    assert [value for value, _ in filtered("").sorts] == ["newest", "oldest"]
    assert filtered("q=observers").sorts == [
        ("relevance", "Best match"),
        ("newest", "Newest first"),
        ("oldest", "Oldest first"),
    ]
