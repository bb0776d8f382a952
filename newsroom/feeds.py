"""RSS 2.0 and Atom feeds for every filtered view of the newsroom.

Feed readers poll every few minutes, so the cheap path matters most: `conditional()` answers
`304 Not Modified` from one aggregate query, before any item is loaded or rendered.
"""

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Max
from django.http import QueryDict
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import conditional_escape
from django.utils.http import http_date
from django.views.decorators.http import condition

from newsroom.filters import NewsItemFilter
from newsroom.models import NewsItem
from newsroom.sanitize import clean_html

# Bump when the feed output changes, so caches holding an old rendering revalidate.
FEED_VERSION = "1"
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Parameters that are not filters: they never change which items match.
NON_FILTER_PARAMS = ("page", "limit")


def filter_query(params):
    """The filter part of a query string (no page, no limit), for links between list and feeds."""
    query = QueryDict(mutable=True)
    for name, values in params.lists():
        if name not in NON_FILTER_PARAMS:
            query.setlist(name, values)
    return query.urlencode()


def parse_limit(value):
    try:
        limit = int(value)
    except (TypeError, ValueError):
        return DEFAULT_LIMIT
    if limit < 1:
        return DEFAULT_LIMIT
    return min(limit, MAX_LIMIT)


def _names(objects):
    return [str(obj) for obj in objects or ()]


def _join(words):
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _join_or(words):
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


def describe(filterset):
    """Say in words what a valid filter selects: 'Press releases about Elections in Ukraine'."""
    data = getattr(filterset.form, "cleaned_data", None) or {}
    types = [news_type.plural_name for news_type in data.get("type") or ()]
    clauses = []
    if fields := _names(data.get("field")):
        clauses.append(f"about {_join_or(fields)}")
    if countries := _names(data.get("country")):
        clauses.append(f"in {_join_or(countries)}")
    if structures := _names(data.get("structure")):
        clauses.append(f"from {_join_or(structures)}")
    if tags := _names(data.get("tag")):
        clauses.append(f"tagged {_join_or(tags)}")
    if q := (data.get("q") or "").strip():
        clauses.append(f"matching “{q[:100]}”")
    if since := data.get("from"):
        clauses.append(f"since {since:%-d %B %Y}")
    if until := data.get("to"):
        clauses.append(f"until {until:%-d %B %Y}")
    if not types and not clauses:
        return ""
    return " ".join([_join(types) or "News", *clauses])


def ignored_parameters(filterset):
    """The parameters the filter ignored because their values were unknown or malformed."""
    return filterset.ignored


@dataclass
class FeedQuery:
    """What one feed request selects; built once per request and shared by the ETag,
    Last-Modified and rendering steps."""

    request: object
    filterset: NewsItemFilter
    limit: int
    ignored: list = field(default_factory=list)

    @property
    def queryset(self):
        return self.filterset.qs

    @cached_property
    def state(self):
        """(newest updated_at, newest publish_at, count) of everything that matches.

        A scheduled item going live changes the visible set without touching updated_at,
        so the count and the newest visible publish_at are part of the state too.
        """
        return self.queryset.order_by().aggregate(
            updated=Max("updated_at"), published=Max("publish_at"), count=Count("pk")
        )

    @property
    def last_modified(self):
        dates = [date for date in (self.state["updated"], self.state["published"]) if date]
        return max(dates, default=None)

    @property
    def etag(self):
        state = self.state
        parts = [
            FEED_VERSION,
            self.request.path,
            self.request.META.get("QUERY_STRING", ""),
            state["updated"].isoformat() if state["updated"] else "",
            state["published"].isoformat() if state["published"] else "",
            str(state["count"]),
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]

    @cached_property
    def description(self):
        return describe(self.filterset)


def feed_query(request):
    if not hasattr(request, "_newsroom_feed_query"):
        filterset = NewsItemFilter(
            request.GET or None, queryset=NewsItem.objects.published().for_listing()
        )
        request._newsroom_feed_query = FeedQuery(
            request=request,
            filterset=filterset,
            limit=parse_limit(request.GET.get("limit")),
            ignored=ignored_parameters(filterset),
        )
    return request._newsroom_feed_query


def feed_etag(request, *args, **kwargs):
    return feed_query(request).etag


def feed_last_modified(request, *args, **kwargs):
    return feed_query(request).last_modified


def conditional(feed):
    """Wrap a feed: ETag/Last-Modified from one aggregate query, 304 without rendering,
    and a shared-cache lifetime (settings.FEED_CACHE_MAX_AGE seconds)."""
    view = condition(etag_func=feed_etag, last_modified_func=feed_last_modified)(feed)

    def feed_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        max_age = getattr(settings, "FEED_CACHE_MAX_AGE", 300)
        patch_cache_control(response, public=True, max_age=max_age)
        return response

    return feed_view


class ContentRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the full body as `content:encoded` (escaped HTML)."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class ContentAtomFeed(Atom1Feed):
    """Atom 1.0 with the full body as `<content type="html">`."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class NewsRssFeed(Feed):
    feed_type = ContentRssFeed
    language = "en"
    author_name = "OSCE"
    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The header Feed sets covers only the items shown; use the same value as
        # `feed_last_modified` so If-Modified-Since compares like with like.
        if last_modified := feed_query(request).last_modified:
            response.headers["Last-Modified"] = http_date(last_modified.timestamp())
        else:
            del response.headers["Last-Modified"]
        return response

    def get_object(self, request, *args, **kwargs):
        return feed_query(request)

    def title(self, obj):
        return f"OSCE news — {obj.description}" if obj.description else "OSCE news"

    def description(self, obj):
        what = obj.description or "All news, press releases and other items"
        text = f"The latest items from the OSCE newsroom: {what}."
        if obj.ignored:
            text += f" Ignored parameters (unknown or malformed values): {', '.join(obj.ignored)}."
        return text

    subtitle = description

    def link(self, obj):
        query = filter_query(obj.request.GET)
        return reverse("newsroom:newsitem-list") + (f"?{query}" if query else "")

    def feed_url(self, obj):
        return obj.request.get_full_path()

    def ttl(self, obj):
        return str(max(1, getattr(settings, "FEED_CACHE_MAX_AGE", 300) // 60))

    def items(self, obj):
        return obj.queryset[: obj.limit]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return conditional_escape(item.lead) if item.lead else None

    def item_guid(self, item):
        return f"urn:uuid:{item.uuid}"

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_author_name(self, item):
        if item.source:
            return item.source
        structures = list(item.structures.all())
        return structures[0].name if structures else "OSCE"

    def item_categories(self, item):
        categories = [item.news_type.name] if item.news_type else []
        for related in (item.fields_of_work, item.structures, item.countries):
            categories.extend(obj.name for obj in related.all())
        categories.extend(tag.name for tag in item.tags.all())
        return list(dict.fromkeys(categories))

    def item_extra_kwargs(self, item):
        return {"content": clean_html(item.body) or None}


class NewsAtomFeed(NewsRssFeed):
    feed_type = ContentAtomFeed
