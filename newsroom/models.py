import datetime
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import (
    Case,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from library.models import ItemDocument
from newsroom.editorial.sanitize import clean_html
from osce_site.reversing import detail_path
from structures.models import Country, FieldOfWork, Structure


class NewsType(models.Model):
    """What Django would call a content type: News, Press release, Spot report, …"""

    name = models.CharField(max_length=100, unique=True)
    plural = models.CharField(max_length=100, blank=True, help_text="e.g. 'Press releases'.")
    slug = models.SlugField(max_length=100, unique=True)
    # Feeds name the type of each item: a rename must change their ETags (newsroom/feeds.py).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "news type"

    def __str__(self):
        return self.name

    @property
    def plural_name(self):
        return self.plural or f"{self.name}s"


def names_and_links(model):
    """A related page's name and slug, without its long texts: what news lists link to."""
    long_texts = {
        Structure: ("mandate", "summary"),
        FieldOfWork: ("introduction", "challenge", "action"),
    }
    return model.objects.defer(*long_texts[model])


def listed_relations():
    """What news lists show of an item's relations: `listed_structures`, `listed_fields`."""
    return [
        Prefetch("structures", names_and_links(Structure), to_attr="listed_structures"),
        Prefetch("fields_of_work", names_and_links(FieldOfWork), to_attr="listed_fields"),
    ]


def page_relations():
    """What an item's page shows of its relations, through the usual related managers."""
    return [
        Prefetch("structures", names_and_links(Structure)),
        Prefetch("fields_of_work", names_and_links(FieldOfWork)),
        "countries",
        "tags",
    ]


class EditorialQuerySet(models.QuerySet):
    """The visibility rules of a content model the editorial workflow runs (EditorialContent):
    news items and publications alike."""

    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED, publish_at__lte=timezone.now())

    def drafts(self):
        return self.filter(status=self.model.Status.DRAFT)

    def scheduled(self):
        return self.filter(status=self.model.Status.PUBLISHED, publish_at__gt=timezone.now())

    def on_record(self):
        """What has a public URL: published items, and withdrawn ones (shown marked)."""
        return self.filter(
            Q(status=self.model.Status.WITHDRAWN)
            | Q(status=self.model.Status.PUBLISHED, publish_at__lte=timezone.now())
        )

    def flag_corrections(self):
        """`has_corrections` on each item, so that a page skips the query for the corrections
        most items lack (includes/newsitem_corrections.html)."""
        corrections = self.model._meta.get_field("corrections").related_model
        return self.annotate(
            has_corrections=Exists(corrections.objects.filter(item=OuterRef("pk")))
        )


class EditorialContent(models.Model):
    """What the editorial workflow (newsroom/editorial/) needs of a content model besides its
    `Status` (draft, published, withdrawn), `status`, `publish_at`, `structures` and `tags`:
    who wrote it, its withdrawal, and its version for optimistic locking.

    A content model also names, in PROPOSED_FIELDS, what an Editor's change to a live item may
    carry (newsroom/editorial/fields.py), and gives its reviews and corrections the related
    names `reviews` and `corrections` (ReviewRecord, CorrectionRecord).
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="author",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawal_note = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised by every save; a stale form is refused."
    )

    PROPOSED_FIELDS = ()

    class Meta:
        abstract = True

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at > timezone.now()

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def is_live(self):
        """Published (now or scheduled) or withdrawn: the public has, or will have, seen it."""
        return self.status != self.Status.DRAFT

    @property
    def modified_at(self):
        """When the item last changed as readers see it: a scheduled item changes when it
        goes live, which touches no row."""
        return max(self.updated_at, self.publish_at)


class NewsItemQuerySet(EditorialQuerySet):
    def last_modified(self):
        """The newest `modified_at` of these items (one query), None when there are none."""
        newest = self.aggregate(updated=Max("updated_at"), published=Max("publish_at"))
        return max((moment for moment in newest.values() if moment), default=None)

    def for_listing(self):
        """Lists show each item's structures and fields of work, as names and links.

        Prefetched into plain lists (`listed_structures`, `listed_fields`): a prefetch into the
        related managers would build two filtered querysets per item, which costs more than
        the queries themselves on a 20-item page. Bodies, search vectors and the related
        pages' long texts stay in the database.
        """
        return self.for_cards().prefetch_related(*listed_relations())

    def for_cards(self):
        """for_listing() without the structures and fields: for lists shown as news cards
        (newsroom/summaries.py), which are kept rendered, so the relations are loaded only
        for the cards that must be rendered."""
        return self.select_related("news_type").defer("body", "search_vector")

    def for_feed(self):
        """for_listing() with bodies, countries and tags (`listed_countries`, `listed_tags`)."""
        return (
            self.for_listing()
            .defer(None)
            .defer("search_vector")
            .select_related("lead_image")
            .prefetch_related(
                Prefetch("countries", Country.objects.all(), to_attr="listed_countries"),
                Prefetch("tags", to_attr="listed_tags"),
            )
        )

    def for_detail(self, relations=True):
        """One item with everything its page links to, through the usual related managers.

        With relations=False, its structures, fields of work, countries and tags are left
        to NewsItem.load_page_relations(), for a page that reads them only when its kept
        fragments are rendered anew (newsroom/templatetags/fragments.py).
        """
        return (
            self.flag_corrections()
            .select_related("news_type", "lead_image")
            .defer("search_vector")
            .prefetch_related(*(page_relations() if relations else ()))
            # Its attached documents are read only when it has some (library_tags.py).
            .annotate(has_documents=Exists(ItemDocument.objects.filter(item=OuterRef("pk"))))
            # Its translations are read only when it has some (most items have none).
            .annotate(translated=Exists(NewsItem.objects.filter(translation_of=OuterRef("pk"))))
        )

    def in_language(self, language):
        """The items written in `language` (a code of settings.LANGUAGES)."""
        return self.filter(language=language)

    def group_of(self, item):
        """The items of `item`'s translation group (itself included): its source, and every
        item that names that source as the one it translates."""
        source = item.translation_of_id or item.pk
        return self.filter(Q(pk=source) | Q(translation_of_id=source))

    def for_links(self):
        """Enough of each item for a link with its date and type: related, previous, next."""
        return self.select_related("news_type").only(
            "title",
            "slug",
            "language",
            "publish_at",
            "undated",
            # The whole content type: a translated name (django-modeltranslation) reads its
            # language's column and falls back to English; deferring them cost a query a link.
            "news_type",
        )

    def newest_first(self):
        """The newsroom's order: by sort date, undated items at the end of the archive."""
        return self.order_by(*NEWEST_FIRST)

    def oldest_first(self):
        return self.order_by(*(field.removeprefix("-") for field in NEWEST_FIRST))


NEWEST_FIRST = ["-sort_date", "-id"]
SITE_LANGUAGES = frozenset(code for code, _ in settings.LANGUAGES)
# Where an undated item sorts unless an editor places it: before the oldest dated item (the
# newsroom's filters take no date before 1900), so it never leads a list or a feed.
ARCHIVE_END = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


class NewsItem(EditorialContent):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=255, unique=True)
    news_type = models.ForeignKey(
        NewsType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name="content type",
    )
    place = models.CharField("dateline place", max_length=200, blank=True)
    source = models.CharField(max_length=300, blank=True)
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="HTML; cleaned to a safe allow-list on save.")
    structures = models.ManyToManyField(
        Structure, blank=True, related_name="news_items", verbose_name="where we are"
    )
    fields_of_work = models.ManyToManyField(
        FieldOfWork, blank=True, related_name="news_items", verbose_name="what we do"
    )
    countries = models.ManyToManyField(Country, blank=True, related_name="news_items")
    tags = TaggableManager(blank=True)
    # The same rows as `tags`, as a relation django-reversion can follow, so that an item's
    # saved versions hold its tags and restoring a version restores them (newsroom/admin.py).
    tagged_items = GenericRelation(TaggedItem, related_query_name="news_item")
    status = models.CharField(max_length=16, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        default=timezone.now, help_text="Public from this moment when published."
    )
    undated = models.BooleanField(
        default=False, help_text="The source gave no date; publish_at is when it appeared here."
    )
    placed_at = models.DateTimeField(
        "sort date of an undated item",
        null=True,
        blank=True,
        help_text="Undated items only: where the item sorts in the newsroom and its feeds. "
        "Empty: at the end of the archive, after every dated item.",
    )
    # The newsroom's order (lists, feeds, previous/next, the home page): the item's date, or
    # for an undated item where an editor placed it. Computed by the database, so every
    # write (save, bulk_create, update) keeps it right.
    sort_date = models.GeneratedField(
        expression=Case(
            When(undated=True, then=Coalesce("placed_at", Value(ARCHIVE_END))),
            default=F("publish_at"),
        ),
        output_field=models.DateTimeField(),
        db_persist=True,
    )
    lead_image = models.ForeignKey(
        "library.Image", on_delete=models.PROTECT, null=True, blank=True, related_name="lead_of"
    )
    image_caption = models.CharField(
        max_length=300,
        blank=True,
        help_text="Caption of the lead image in this item; blank: the image's own caption.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # ISO 639-1 code (en, fr, de, it, ru, es): detected by the importer, "en" otherwise.
    # The item's page lives under that language's prefix (/ru/newsroom/<slug>/).
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default="en", db_default="en"
    )
    # Translations are separate items, one per language, linked to the item they translate
    # (their source) as one translation group; most items have none. A translation is
    # outdated when its source was saved after it (newsroom/translations.py).
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="translations",
        verbose_name="translation of",
    )
    source_document = models.CharField(max_length=255, blank=True, editable=False)
    import_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # Filled by a database trigger on PostgreSQL (title A, lead B, body C; GIN-indexed);
    # always NULL on SQLite. See migration 0004 and newsroom/listing/search.py.
    search_vector = SearchVectorField(null=True, editable=False)
    # The editorial workflow's fields (who wrote it, withdrawal, version) are EditorialContent's.

    objects = NewsItemQuerySet.as_manager()
    # What an Editor's change to a live item may carry (newsroom/editorial/review.py). Its
    # status is the Publisher's to set; its publish time an Editor may propose (e.g. the right
    # date of an archive item), and it applies when a Publisher approves the change.
    PROPOSED_FIELDS = (
        "title",
        "slug",
        "news_type",
        "publish_at",
        "place",
        "source",
        "lead",
        "body",
        "lead_image",
        "image_caption",
        "structures",
        "fields_of_work",
        "countries",
        "tags",
    )
    # Its stored vector is built in its own language (migration 0013): searches stem the
    # query in the page's language (newsroom/listing/search.py).
    SEARCH_IN_OWN_LANGUAGE = True

    class Meta:
        ordering = NEWEST_FIRST
        verbose_name = "news item"
        # The newsroom's order. publish_at, last, orders nothing (id is unique) but lets
        # PostgreSQL answer published() from the index alone: page 2000's keys at 100k items
        # in 21 ms instead of 250 ms.
        indexes = [
            models.Index(
                fields=[*NEWEST_FIRST, "publish_at"],
                name="newsitem_public_order_idx",
                condition=Q(status="published"),
            ),
            # The content type is the most used filter: its items newest first, without
            # walking past every other type's.
            models.Index(
                fields=["news_type", *NEWEST_FIRST, "publish_at"],
                name="newsitem_type_order_idx",
                condition=Q(status="published"),
            ),
            # Each language's newsroom (/ru/newsroom/): its items newest first.
            models.Index(
                fields=["language", *NEWEST_FIRST, "publish_at"],
                name="newsitem_language_order_idx",
                condition=Q(status="published"),
            ),
            models.Index(fields=["status", "publish_at"], name="newsitem_status_publish_idx"),
            # Feeds' ETags read the newest edit of the matching items along this index.
            models.Index(fields=["updated_at"], name="newsitem_updated_idx"),
        ]
        constraints = [
            # Only an undated item is placed, and not as newer than when it appeared here.
            # One translation per language and source.
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=Q(translation_of__isnull=False),
                name="newsitem_one_translation_per_language",
                violation_error_message="This item already has a translation in that language.",
            ),
            models.CheckConstraint(
                condition=Q(placed_at__isnull=True)
                | Q(undated=True, placed_at__lte=F("publish_at")),
                name="newsitem_placed_undated_before_publish",
                violation_error_message="Only an undated item takes a sort date, and not one "
                "after its publish date.",
            ),
        ]
        permissions = [
            ("publish_newsitem", "Can publish, unpublish and schedule news items"),
            ("import_documents", "Can import documents"),
        ]

    def __str__(self):
        # A translation is started untitled (newsroom/translations.py).
        return self.title or f"Untitled translation ({self.get_language_display()})"

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The item's page, under its own language's prefix whatever page links to it."""
        return detail_path("newsroom:newsitem-detail", self.slug, self.page_language)

    @property
    def page_language(self):
        """The language whose URLs the item lives under: its own, if the site has it."""
        return self.language if self.language in SITE_LANGUAGES else settings.LANGUAGE_CODE

    @property
    def has_translations(self):
        """Whether the item belongs to a translation group (`translated` from for_detail())."""
        if self.translation_of_id:
            return True
        translated = getattr(self, "translated", None)
        return self.translations.exists() if translated is None else translated

    def load_page_relations(self):
        """Load what the item's page shows of its relations, unless for_detail() did."""
        if "structures" not in getattr(self, "_prefetched_objects_cache", {}):
            prefetch_related_objects([self], *page_relations())

    def surrogate_keys(self):
        """The item's page shows the item and names its taxonomy (osce_site/surrogate.py):
        renaming any of them purges the page."""
        from osce_site.surrogate import key

        self.load_page_relations()
        related = [
            *([self.news_type] if self.news_type_id else []),
            *self.structures.all(),
            *self.fields_of_work.all(),
            *self.countries.all(),
            *self.tags.all(),
        ]
        return [
            key(self),
            *([key(self.news_type)] if self.news_type_id else []),
            *map(key, related),
        ]


class SlugRedirect(models.Model):
    """An old slug of a published item; its URL redirects to the item forever."""

    old_slug = models.SlugField(max_length=255, unique=True)
    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.item.slug}"


class TagEdit(models.Model):
    """When a tag was last renamed or deleted: taggit's Tag has no timestamp, and feeds name
    tags as categories, so their ETags include the newest of these (newsroom/feeds.py).

    Keyed by the tag's id, not a foreign key, so that a deleted tag leaves its mark.
    """

    tag_id = models.IntegerField(primary_key=True)
    edited_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self):
        return f"Tag {self.tag_id} edited at {self.edited_at:%Y-%m-%d %H:%M}"


class EditorScope(models.Model):
    """Limits an editor to the news of the structures they work for (row-level permission)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor_scope"
    )
    structures = models.ManyToManyField(Structure, related_name="editor_scopes")

    class Meta:
        verbose_name = "editor scope"

    def __str__(self):
        return f"Scope of {self.user}"


# The editorial workflow's records (issue 17): corrections, removed URLs, reviews. Each is an
# abstract record with a concrete model per content model (here for news items, in
# publications/models.py for publications): a real foreign key to the item keeps the
# database's integrity and cascades, and the workflow finds an item's records through the
# related names `reviews` and `corrections`, so one code path serves every content model.


class CorrectionRecord(models.Model):
    """A dated public note on a published item; it shows on the item and in its history."""

    noted_at = models.DateTimeField(default=timezone.now)
    note = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["noted_at", "id"]

    def __str__(self):
        return f"Correction of {self.item}: {self.note[:60]}"


class Correction(CorrectionRecord):
    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="corrections")


class RemovedRecord(models.Model):
    """The URL of a deleted published item: it answers 410 Gone from then on."""

    slug = models.SlugField(max_length=255, unique=True)
    title = models.CharField(max_length=300)
    removed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.slug


class RemovedItem(RemovedRecord):
    pass


class ReviewRecord(models.Model):
    """A request that a Publisher approve an item: a draft, or a change to a live item.

    `proposal` holds an Editor's change to a live item (field name → value, relations as
    lists of ids, tags as names) while the public keeps the live version; it is empty when
    the item itself (a draft) is what is reviewed.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        SENT_BACK = "sent_back", "Sent back"
        APPROVED = "approved", "Approved"
        WITHDRAWN = "withdrawn", "Replaced"

    proposal = models.JSONField(null=True, blank=True)
    proposal_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The item's version the proposal was made against."
    )
    state = models.CharField(max_length=16, choices=State, default=State.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(state="pending"),
                name="%(class)s_one_pending_per_item",
            ),
        ]

    def __str__(self):
        return f"Review of {self.item} ({self.get_state_display()})"


class Review(ReviewRecord):
    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="reviews")
