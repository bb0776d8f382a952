"""Site-wide search (/search/?q=): news, publications (their PDFs' text included), fields of
work, structures and countries, grouped by kind.

News and publications go through their lists' own FilterSets, so they rank and highlight
exactly as the newsroom and the publications list do (newsroom/listing/search.py); the small
reference tables are matched by name, every word required. A constant number of queries:
two or three per group, however many results.
"""

import operator
from dataclasses import dataclass, field
from functools import reduce

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from newsroom.listing import search
from newsroom.listing.filters import NewsItemFilter
from newsroom.models import NewsItem
from osce_site.caching import remember
from publications import matches
from publications.filters import PublicationFilter
from publications.models import Publication
from structures.models import Country, FieldOfWork, Structure

PER_GROUP = 5
PER_NAME_GROUP = 10


@dataclass
class Group:
    key: str
    heading: str
    count: int
    results: list = field(default_factory=list)
    more_url: str = ""


def cleaned_query(data):
    """The search text as the newsroom cleans it, and its notes (too long, control chars)."""
    filterset = NewsItemFilter({"q": data.get("q", "")}, queryset=NewsItem.objects.none())
    return filterset.search_text, filterset.notes


def listing_group(key, heading, filterset_class, queryset, text, list_url):
    """The best-ranked few of a list's matches, and how many there are. The count and the
    keys of the first few are remembered per language and search until the content changes
    (ranking every match is most of a search's time); their rows are read afresh."""
    filterset = filterset_class({"q": text, "sort": "relevance"}, queryset=queryset)
    ranked = filterset.qs
    count, keys = remember(
        ("site-search", key, get_language(), text),
        lambda: (ranked.count(), list(ranked.values_list("pk", flat=True)[:PER_GROUP])),
    )
    results = search.highlight(ranked.filter(pk__in=keys), text) if keys else []
    more = f"{list_url}?{urlencode({'q': text})}"
    return Group(key, heading, count, results, more)


def name_group(key, heading, model, text):
    terms = search.words(text)
    condition = reduce(operator.and_, (Q(name__icontains=term) for term in terms))
    rows = list(
        model.objects.filter(condition).only("name", "slug").order_by("name")[: PER_NAME_GROUP + 1]
    )
    for row in rows:
        row.name_html = search.mark_terms(row.name, terms)
    return Group(key, heading, len(rows), rows[:PER_NAME_GROUP])


def site_search(text):
    """The groups of results for `text` (cleaned), those with results first in a fixed order."""
    if not text:
        return []
    news = listing_group(
        "news",
        _("News"),
        NewsItemFilter,
        # The page's language's news, as its newsroom lists them (`reverse` gives its URL).
        NewsItem.objects.published().in_language(get_language()).for_listing(),
        text,
        reverse("newsroom:newsitem-list"),
    )
    publications = listing_group(
        "publications",
        _("Publications"),
        PublicationFilter,
        Publication.objects.published().for_listing(),
        text,
        reverse("publications:publication-list"),
    )
    matches.attach(publications.results, text)
    return [
        news,
        publications,
        name_group("fields", _("Fields of work"), FieldOfWork, text),
        name_group("structures", _("Structures and institutions"), Structure, text),
        name_group("countries", _("Countries"), Country, text),
    ]
