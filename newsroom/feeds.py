"""RSS 2.0 and Atom feeds for every filtered view of the newsroom.

Feed readers poll every few minutes, so the cheap path matters most: `conditional()` answers
`304 Not Modified` from two small queries, before any item is loaded or rendered. The
filters are the newsroom's own (newsroom.listing.filters), so every list view has its feed; a feed
is always newest first, whatever `sort` says, because readers look for what is new.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, partial

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Max, Subquery
from django.db.models.signals import post_delete, post_save
from django.http import JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import conditional_escape
from django.utils.http import http_date, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition
from taggit.models import Tag

from newsroom.editorial.sanitize import clean_html
from newsroom.listing.filters import ListingFilter, NewsItemFilter
from newsroom.listing.pagination import filter_key
from newsroom.models import NewsItem, NewsType, TagEdit
from osce_site import surrogate
from osce_site.caching import remember
from structures.models import Country, FieldOfWork, Structure

# Bump when the feed output changes, so caches holding an old rendering revalidate.
FEED_VERSION = "3"
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def parse_limit(value):
    try:
        limit = int(value)
    except (TypeError, ValueError):
        return DEFAULT_LIMIT
    if limit < 1:
        return DEFAULT_LIMIT
    return min(limit, MAX_LIMIT)


@dataclass
class FeedQuery:
    """What one feed request selects; built once per request and shared by the ETag,
    Last-Modified and rendering steps."""

    request: object
    filterset: ListingFilter
    limit: int
    taxonomy: dict = None

    @classmethod
    def for_request(cls, request, feed=None):
        """The query of `feed` (a feed class or instance; the newsroom's when None)."""
        feed = feed or NewsRssFeed
        filterset = feed.filterset_class(request.GET or None, queryset=feed.source())
        limit = parse_limit(request.GET.get("limit"))
        return cls(request=request, filterset=filterset, limit=limit, taxonomy=feed.taxonomy)

    @cached_property
    def queryset(self):
        self.filterset.cleaned  # noqa: B018 -- validates once; bad values become notes
        return self.filterset.filtered().newest_first()

    @property
    def notes(self):
        """What was ignored and why, in the list page's words."""
        return self.filterset.notes

    @property
    def query(self):
        """The canonical query of the valid filters: unknown values and junk left out."""
        return urlencode(self.filterset.query_pairs(with_sort=False))

    @cached_property
    def state(self):
        """What a feed's ETag and Last-Modified are computed from, in two index-backed queries.

        A scheduled item going live changes the matching set without touching updated_at, so
        the count and newest publish_at of the matching items are part of it; deletions
        change the count. Edits are seen through the newest updated_at of the whole newsroom
        (MAX along its index): an edit anywhere revalidates every feed, which is cheap, where
        the newest edit among the matching items would read every matching row. Renaming a
        field of work, structure, country, content type or tag changes feeds' titles and
        categories, so their newest edit counts too.
        """

        # Kept until the content changes (osce_site/caching.py): a 304 then costs no query.
        return remember(
            ("feed-state", filter_key(self.request)),
            lambda: matching(self.queryset, self.taxonomy),
            keys=[surrogate.FEED],
        )

    @property
    def last_modified(self):
        return state_last_modified(self.state)

    @property
    def etag(self):
        return state_etag(self.state, FEED_VERSION, self.request.get_full_path())

    @cached_property
    def description(self):
        return self.filterset.describe()


def matching(queryset, taxonomy=None):
    """The state of the items of `queryset` that ETags and Last-Modified are computed from:
    their count and newest publish_at, and their list's newest edits (two queries)."""
    state = queryset.order_by().aggregate(published=Max("publish_at"), count=Count("pk"))
    edits = newest_edits(queryset.model, taxonomy or TAXONOMY)
    state.update(edits or {"updated": None, "taxonomy": None})
    return state


MOMENTS = ("updated", "published", "taxonomy")


def state_last_modified(state):
    dates = [date for date in (state["updated"], state["published"]) if date]
    return max(dates, default=None)


def state_etag(state, *parts):
    """An ETag for `state` (from matching()) and the output's own `parts` (version, URL)."""
    moments = [state[name].isoformat() if state[name] else "" for name in MOMENTS]
    text = "\n".join([*parts, *moments, str(state["count"])])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


SITE_RELATIVE_URL = re.compile(r'\b(src|href|srcset)="(/[^/"][^"]*|/)"')


def absolute_urls(html, absolute):
    """The body with its site-relative image and link URLs made absolute: feed readers
    show it away from our site. `html` is cleaned (nh3 quotes every attribute)."""

    def replace(match):
        name, value = match.groups()
        if name == "srcset":
            candidates = (part.strip().split(" ", 1) for part in value.split(","))
            value = ", ".join(" ".join([absolute(url), *rest]) for url, *rest in candidates)
        else:
            value = absolute(value)
        return f'{name}="{value}"'

    return SITE_RELATIVE_URL.sub(replace, html)


# The taxonomy whose names a feed shows (title, description, categories), and the column
# holding each table's newest edit.
TAXONOMY = {
    "field_edit": (FieldOfWork, "updated_at"),
    "structure_edit": (Structure, "updated_at"),
    "country_edit": (Country, "updated_at"),
    "type_edit": (NewsType, "updated_at"),
    "tag_edit": (TagEdit, "edited_at"),
}


def newest_edits(model=NewsItem, taxonomy=TAXONOMY):
    """{'updated': newest edit of an item of `model`, 'taxonomy': of a field of work,
    structure, country, content type or tag (the `taxonomy` tables)}.

    One query: the list's newest updated_at along its index, with the small taxonomy
    tables' newest edits as uncorrelated subqueries. None when there is no item.
    """
    row = (
        model.objects.order_by("-updated_at")
        .annotate(
            **{
                name: Subquery(table.objects.order_by(f"-{column}").values(column)[:1])
                for name, (table, column) in taxonomy.items()
            }
        )
        .values("updated_at", *taxonomy)
        .first()
    )
    if row is None:
        return None
    edits = [row[name] for name in taxonomy if row[name]]
    return {"updated": row["updated_at"], "taxonomy": max(edits, default=None)}


def note_tag_edit(sender, instance, **kwargs):
    """A tag was saved (renamed) or deleted: feeds naming it must revalidate."""
    TagEdit.objects.update_or_create(tag_id=instance.pk)


def connect():
    """Called once from NewsroomConfig.ready()."""
    for signal in (post_save, post_delete):
        signal.connect(note_tag_edit, sender=Tag, dispatch_uid=f"newsroom.feeds.tag_{signal}")


def conditional(feed):
    """Wrap a feed: ETag/Last-Modified from one aggregate query, 304 without rendering,
    and a shared-cache lifetime (settings.FEED_CACHE_MAX_AGE seconds).

    One FeedQuery per request serves the ETag, the Last-Modified and the feed itself.
    """

    def feed_view(request, *args, **kwargs):
        query = FeedQuery.for_request(request, feed)
        respond = condition(
            etag_func=lambda *_, **__: query.etag,
            last_modified_func=lambda *_, **__: query.last_modified,
        )(partial(feed, query=query))
        response = respond(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=settings.FEED_CACHE_MAX_AGE)
        return surrogate.tag(response, [surrogate.FEED])

    return feed_view


def with_last_modified(response, query):
    """The header Feed sets covers only the items shown; use the same value as
    `conditional()` so If-Modified-Since compares like with like."""
    if last_modified := query.last_modified:
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
    else:
        del response.headers["Last-Modified"]
    return response


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
    """A language's feed (`/ru/newsroom/rss/`) carries that language's items, and says so
    (`<language>` in RSS, `xml:lang` in Atom): Feed.language is unset, so Django writes the
    active language, the URL's."""

    feed_type = ContentRssFeed
    author_name = "OSCE"
    item_guid_is_permalink = False
    filterset_class = NewsItemFilter
    taxonomy = TAXONOMY

    @staticmethod
    def source():
        """The page's language's items (/ru/newsroom/rss/ carries the Russian ones)."""
        return NewsItem.objects.published().in_language(get_language()).for_feed()

    def __call__(self, request, *args, query=None, **kwargs):
        if query is None:  # served without conditional()
            query = FeedQuery.for_request(request, self)
        response = super().__call__(request, *args, query=query, **kwargs)
        return with_last_modified(response, query)

    def get_object(self, request, *args, query, **kwargs):
        return query

    def title(self, obj):
        if obj.description:
            return _("OSCE news — %(description)s") % {"description": obj.description}
        return _("OSCE news")

    def description(self, obj):
        what = obj.description or _("All news, press releases and other items")
        text = _("The latest items from the OSCE newsroom: %(what)s.") % {"what": what}
        if obj.notes:
            notes = "; ".join(obj.notes)
            text += " " + _("Some parameters could not be used: %(notes)s.") % {"notes": notes}
        return text

    subtitle = description

    def link(self, obj):
        return reverse("newsroom:newsitem-list") + (f"?{obj.query}" if obj.query else "")

    def feed_url(self, obj):
        return obj.request.get_full_path()

    def ttl(self, obj):
        return str(max(1, settings.FEED_CACHE_MAX_AGE // 60))

    def items(self, obj):
        items = list(obj.queryset[: obj.limit])
        for item in items:  # item methods get no request; their URLs must be absolute
            item.absolute_uri = obj.request.build_absolute_uri
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return conditional_escape(item.lead) if item.lead else None

    def item_guid(self, item):
        return f"urn:uuid:{item.uuid}"

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_author_name(self, item):
        if item.source:
            return item.source
        structures = item.listed_structures
        return structures[0].name if structures else "OSCE"

    def item_categories(self, item):
        categories = [item.news_type.name] if item.news_type else []
        for related in (item.listed_fields, item.listed_structures, item.listed_countries):
            categories.extend(obj.name for obj in related)
        categories.extend(tag.name for tag in item.listed_tags)
        return list(dict.fromkeys(categories))

    def item_enclosures(self, item):
        """The lead image, so feed readers show it: RSS <enclosure>, Atom rel="enclosure"."""
        image = item.lead_image
        if image is None or not image.file_size:
            return []
        url = item.absolute_uri(image.file.url)
        return [Enclosure(url, str(image.file_size), image.mime_type)]

    def item_extra_kwargs(self, item):
        content = absolute_urls(clean_html(item.body), item.absolute_uri)
        return {"content": content or None}


class NewsAtomFeed(NewsRssFeed):
    feed_type = ContentAtomFeed


# JSON Feed 1.1 ---------------------------------------------------------------------------


class NewsJsonFeed(NewsRssFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the RSS feed's query, titles, ids,
    dates and categories, written as JSON."""

    content_type = "application/feed+json"
    version = "https://jsonfeed.org/version/1.1"

    def __call__(self, request, *args, query=None, **kwargs):
        if query is None:  # served without conditional()
            query = FeedQuery.for_request(request, self)
        response = JsonResponse(
            self.document(query),
            content_type=self.content_type,
            json_dumps_params={"ensure_ascii": False},
        )
        response["Access-Control-Allow-Origin"] = "*"  # for web pages reading it, as the API
        return with_last_modified(response, query)

    def document(self, query):
        absolute = query.request.build_absolute_uri
        return {
            "version": self.version,
            "title": self.title(query),
            "home_page_url": absolute(self.link(query)),
            "feed_url": absolute(self.feed_url(query)),
            "description": self.description(query),
            "language": get_language(),
            "authors": [{"name": self.author_name}],
            "items": [self.entry(item, absolute) for item in self.items(query)],
        }

    def entry(self, item, absolute):
        body = self.item_extra_kwargs(item)["content"]
        image = item.lead_image
        entry = {
            "id": self.item_guid(item),
            "url": absolute(item.get_absolute_url()),
            "title": item.title,
            # One of the two is required; lead-only items carry their lead as text.
            **({"content_html": body} if body else {"content_text": item.lead or item.title}),
            "summary": item.lead or None,
            "date_published": item.publish_at.isoformat(),
            "date_modified": item.modified_at.isoformat(),
            "authors": [{"name": self.item_author_name(item)}],
            "tags": self.item_categories(item),
            "image": absolute(image.file.url) if image and image.file else None,
            "language": item.language,
        }
        return {name: value for name, value in entry.items() if value not in (None, [])}
