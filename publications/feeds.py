"""RSS, Atom and JSON feeds of publications for every filter of their list: the newsroom's
feeds (newsroom/feeds.py: conditional GET, limits, notes) over the publications' FilterSet."""

from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _

from newsroom.editorial.sanitize import clean_html
from newsroom.feeds import TAXONOMY, ContentAtomFeed, NewsJsonFeed, NewsRssFeed, absolute_urls
from publications.filters import PublicationFilter
from publications.models import Publication, PublicationKind

PUBLICATION_TAXONOMY = {
    **{name: value for name, value in TAXONOMY.items() if name != "type_edit"},
    "kind_edit": (PublicationKind, "updated_at"),
}


class PublicationFeedMixin:
    filterset_class = PublicationFilter
    taxonomy = PUBLICATION_TAXONOMY

    @staticmethod
    def source():
        return Publication.objects.published().for_feed()

    def title(self, obj):
        if obj.description:
            return _("OSCE publications — %(description)s") % {"description": obj.description}
        return _("OSCE publications")

    def description(self, obj):
        what = obj.description or _("Studies and reports, manuals and guides, projects and stories")
        text = _("The latest OSCE publications: %(what)s.") % {"what": what}
        if obj.notes:
            text += f" Some parameters could not be used: {'; '.join(obj.notes)}."
        return text

    subtitle = description

    def link(self, obj):
        return reverse("publications:publication-list") + (f"?{obj.query}" if obj.query else "")

    def item_description(self, item):
        return conditional_escape(item.abstract) if item.abstract else None

    def item_author_name(self, item):
        structures = item.listed_structures
        return structures[0].name if structures else "OSCE"

    def item_categories(self, item):
        categories = [item.kind.name]
        for related in (item.listed_fields, item.listed_structures, item.listed_countries):
            categories.extend(obj.name for obj in related)
        categories.extend(tag.name for tag in item.listed_tags)
        return list(dict.fromkeys(categories))

    def item_enclosures(self, item):
        image = item.cover
        if image is None or not image.file_size:
            return []
        return [Enclosure(item.absolute_uri(image.file.url), str(image.file_size), image.mime_type)]

    def item_extra_kwargs(self, item):
        content = absolute_urls(clean_html(item.body), item.absolute_uri)
        return {"content": content or None}


class PublicationRssFeed(PublicationFeedMixin, NewsRssFeed):
    pass


class PublicationAtomFeed(PublicationRssFeed):
    feed_type = ContentAtomFeed


class PublicationJsonFeed(PublicationFeedMixin, NewsJsonFeed):
    def entry(self, item, absolute):
        body = self.item_extra_kwargs(item)["content"]
        image = item.cover
        entry = {
            "id": self.item_guid(item),
            "url": absolute(item.get_absolute_url()),
            "title": item.title,
            **({"content_html": body} if body else {"content_text": item.abstract or item.title}),
            "summary": item.abstract or None,
            "date_published": item.publish_at.isoformat(),
            "date_modified": item.modified_at.isoformat(),
            "authors": [{"name": self.item_author_name(item)}],
            "tags": self.item_categories(item),
            "image": absolute(image.file.url) if image and image.file else None,
        }
        return {name: value for name, value in entry.items() if value not in (None, [])}
