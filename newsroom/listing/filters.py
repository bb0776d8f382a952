"""The list engine's filters: one FilterSet per list (the newsroom's NewsItemFilter, the
publications' PublicationFilter) serves that list, its feeds, the API and alerts alike; both
are ListingFilters, so search, facets, dates, sorting, chips and notes are written once.

A visitor's bad parameter never makes the form invalid: each value is cleaned on its own,
the valid ones are kept and the rest are reported in `form.notes` ("ignored: unknown
country 'xyz'"). django-filter would otherwise drop every filter of an invalid form.
"""

import datetime
import re

import django_filters
from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from modeltranslation import settings as mt_settings
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as get_mt_language
from taggit.models import Tag, TaggedItem

from newsroom.dates import start_of_day
from newsroom.listing import search
from newsroom.models import NewsItem, NewsType
from osce_site.caching import ignoring_moves, remember
from structures.models import Country, FieldOfWork, Structure, closed_name

MAX_VALUES = 20  # per facet; more are ignored
MAX_QUERY_LENGTH = 200
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,255}$")
# Dates outside this range mean "no bound": converting them to UTC could overflow.
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(9000, 1, 1)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SORTS = {
    "relevance": gettext_lazy("Best match"),
    "newest": gettext_lazy("Newest first"),
    "oldest": gettext_lazy("Oldest first"),
}
# How an option flagged by RelationFilter(flag=…) is named: "Mission to Skopje (closed)".
FLAG_LABELS = {"closed": closed_name}


def shown(value, limit=40):
    """A visitor's value, shortened for a message (templates escape it)."""
    value = CONTROL_CHARS.sub("", str(value))
    return value if len(value) <= limit else f"{value[: limit - 1]}…"


def joined(names, word=None):
    """'A, B or C' in the active language; `word` (translated) joins the last two."""
    names = [str(name) for name in names]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word or _('or')} {names[-1]}"


def localized_name_field(model):
    """`name_fr` when French is active and `model`'s names are translated, else None."""
    try:
        fields = translator.get_options_for_model(model).fields
    except NotRegistered:
        return None
    language = get_mt_language()
    if "name" not in fields or language == mt_settings.DEFAULT_LANGUAGE:
        return None
    return build_localized_fieldname("name", language)


def day_name(day):
    """A day as the active language writes it: '5 March 2019', '5 марта 2019 г.'."""
    return date_format(day, "DATE_FORMAT")


def lower_first(text):
    """'Press releases' -> 'press releases', but 'OSCE statements' stays as it is, and so
    do German nouns ('Pressemitteilungen')."""
    if (len(text) > 1 and text[1].isupper()) or (get_language() or "").startswith("de"):
        return text
    return text[:1].lower() + text[1:]


class SlugListField(forms.Field):
    """Any list of strings: which of them name a record is decided by the form, in one query."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if isinstance(value, str):
            value = [value]
        return list(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))

    def validate(self, value):
        pass


class ChoiceListField(forms.MultipleChoiceField):
    """Known choices, repeatable; a blank value means "not given", as for the facets."""

    def to_python(self, value):
        return [choice for choice in super().to_python(value) if choice]


def language_name(code):
    """'Russian' for `ru`, in the page's language (Django's names of languages)."""
    return get_language_info(code)["name_translated"]


class LanguageFilter(django_filters.MultipleChoiceFilter):
    field_class = ChoiceListField


class RelationFilter(django_filters.Filter):
    """A facet: slugs of related records, ORed; the form's cleaned value is the list of known
    records. It also counts how many of a set of items each option would yield, in one
    grouped query (never one per option). One subclass per kind of relation."""

    field_class = SlugListField

    def __init__(self, *args, model, noun, flag=None, **kwargs):
        self.record_model = model
        self.noun = noun
        # A boolean field of the option, named after its name when true: "Mission (closed)".
        self.flag = flag
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return self.having(qs, [obj.pk for obj in value])

    def records(self, slugs):
        """The records named by `slugs` (valid slugs), in one query.

        Kept until the lists change, like the counts (a change of any of these records is
        one): a filtered page then costs no lookup of its content types, fields, structures,
        countries or tags, even after an item's text was edited.
        """
        model = self.record_model
        return remember(
            ("records", model._meta.label, tuple(sorted(set(slugs)))),
            lambda: list(model.objects.filter(slug__in=slugs)),
            lists=True,
            moves=ignoring_moves,
        )

    def having(self, qs, ids):
        """The items of `qs` related to any of the records `ids`."""
        raise NotImplementedError

    def counted_rows(self, items):
        """(rows to group, the column counted, the option's relation from those rows)."""
        raise NotImplementedError

    def option_counts(self, items):
        """(slug, name, count) for every option that the `items` (an unordered queryset) have."""
        rows, counted, option = self.counted_rows(items)
        slug, name, flag = f"{option}__slug", f"{option}__name", f"{option}__{self.flag}"
        columns = [slug, name, flag] if self.flag else [slug, name]
        # The active language's name where the taxonomy has one (modeltranslation), read in
        # the same grouped query; English where it is missing.
        local = localized_name_field(self.record_model)
        local = f"{option}__{local}" if local else None
        for row in rows.values(*columns, *filter(None, [local])).annotate(count=Count(counted)):
            if row[slug] is None:  # items without a related record
                continue
            label = (row[local] if local else None) or row[name]
            if self.flag and row[flag]:
                label = FLAG_LABELS[self.flag](label)
            yield row[slug], label, row["count"]


class ForeignKeyFilter(RelationFilter):
    def having(self, qs, ids):
        return qs.filter(**{f"{self.field_name}__in": ids})

    def counted_rows(self, items):
        return items, "pk", self.field_name


class ManyToManyFilter(RelationFilter):
    """Filters and counts on the link table: a subquery, not a join, so no duplicates and no
    DISTINCT; each (item, option) pair is there once."""

    def link_rows(self):
        """(the link table's rows, its item column, its option field)."""
        field = self.model._meta.get_field(self.field_name)
        through = field.remote_field.through
        return through.objects.all(), f"{field.m2m_field_name()}_id", field.m2m_reverse_field_name()

    def having(self, qs, ids):
        rows, item_column, option = self.link_rows()
        return qs.filter(pk__in=rows.filter(**{f"{option}__in": ids}).values(item_column))

    def counted_rows(self, items):
        links, item_column, option = self.link_rows()
        return links.filter(**{f"{item_column}__in": items.values("pk")}), item_column, option


class TagFilter(ManyToManyFilter):
    """Tags go straight to taggit's TaggedItem: the ORM's generic join casts object_id, which
    keeps PostgreSQL from using its index."""

    def link_rows(self):
        # By content type id (cached by Django, as taggit does), not by a join on
        # django_content_type: the join hid how many rows match from PostgreSQL's planner,
        # which then probed every tagged item against the search.
        content_type = ContentType.objects.get_for_model(self.model)
        return TaggedItem.objects.filter(content_type=content_type), "object_id", "tag"


class ListingFilterForm(forms.Form):
    """Never invalid: every bad value becomes a note and is left out."""

    def full_clean(self):
        self.notes = []
        self.ignored = set()  # names of the parameters with an ignored value
        super().full_clean()
        for name in list(self._errors):
            if name in self.fields:
                self.notes.append(self.field_note(name))
                self.ignored.add(name)
        self._errors = forms.utils.ErrorDict()

    def field_note(self, name):
        raw = shown(self.data.get(name, ""))
        if name in ("from", "to"):
            return _("ignored: malformed date %(name)s='%(value)s' (expected YYYY-MM-DD)") % {
                "name": name,
                "value": raw,
            }
        if name == "sort":
            return _("ignored: unknown sort order '%(value)s'") % {"value": raw}
        return _("ignored: %(name)s='%(value)s'") % {"name": name, "value": raw}

    def clean_q(self):
        value = CONTROL_CHARS.sub(" ", self.cleaned_data.get("q") or "").strip()
        if len(value) > MAX_QUERY_LENGTH:
            self.notes.append(
                ngettext(
                    "search text shortened to its first %(count)s character",
                    "search text shortened to its first %(count)s characters",
                    MAX_QUERY_LENGTH,
                )
                % {"count": MAX_QUERY_LENGTH}
            )
            self.ignored.add("q")
            value = value[:MAX_QUERY_LENGTH].strip()
        return value

    def clean(self):
        data = self.cleaned_data
        for name, field in self.fields.items():
            if isinstance(field, SlugListField) and name in data:
                data[name] = self.known(name, data[name])
        for name in ("from", "to"):
            day = data.get(name)
            if day is not None and not EARLIEST <= day < LATEST:
                data[name] = None
        since, until = data.get("from"), data.get("to")
        if since and until and since > until:
            data["from"], data["to"] = until, since
            self.notes.append(
                _("'from' (%(from)s) was after 'to' (%(to)s): the two dates were swapped")
                % {"from": f"{since:%Y-%m-%d}", "to": f"{until:%Y-%m-%d}"}
            )
        return data

    def known(self, name, slugs):
        """The records named by `slugs`, in one query; the unknown ones become notes."""
        noun = self.filter_nouns[name]
        if len(slugs) > MAX_VALUES:
            self.notes.append(
                _("ignored: more than %(count)s values for %(noun)s")
                % {"count": MAX_VALUES, "noun": noun}
            )
            self.ignored.add(name)
            slugs = slugs[:MAX_VALUES]
        valid = [slug for slug in slugs if SLUG_RE.match(slug)]
        found = {}
        if valid:
            found = {obj.slug: obj for obj in self.filter_records[name](valid)}
        records = []
        for slug in slugs:
            obj = found.get(slug)
            if obj is None:
                self.notes.append(
                    _("ignored: unknown %(noun)s '%(value)s'")
                    % {"noun": noun, "value": shown(slug)}
                )
                self.ignored.add(name)
            elif obj not in records:
                records.append(obj)
        return records


NewsItemFilterForm = ListingFilterForm


class ListingFilter(django_filters.FilterSet):
    """What every list built on the engine shares: search, sort, dates, facets, chips, notes.

    A subclass declares its relation filters (the facets, in order), `q` with its label,
    and `kind_param`/`everything` for describe().
    """

    kind_param = "type"  # the filter whose records name what is listed ("Press releases")
    everything = gettext_lazy("News")  # what the list holds when no kind is chosen

    q = django_filters.CharFilter(method="search", label=gettext_lazy("Search"))

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        # The kind of record listed is the first facet, though a subclass of
        # TaxonomyListingFilter declares it after the base's (django-filter: bases first).
        if cls.kind_param in filters:
            filters.move_to_end(cls.kind_param, last=False)
        filters.move_to_end("q", last=False)
        filters["sort"] = filters.pop("sort")  # after the subclass's own filters
        # `from` and `to` are Python keywords: they cannot be declared in a class body.
        filters["from"] = django_filters.DateFilter(
            method="since",
            label=gettext_lazy("From"),
            input_formats=["%Y-%m-%d"],
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        filters["to"] = django_filters.DateFilter(
            method="until",
            label=gettext_lazy("To"),
            input_formats=["%Y-%m-%d"],
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        return filters

    sort = django_filters.ChoiceFilter(
        method="keep", choices=list(SORTS.items()), empty_label=None, label=gettext_lazy("Sort")
    )

    class Meta:
        fields = []
        form = ListingFilterForm

    @property
    def relation_filters(self):
        """{parameter: filter} of the filters by related records: the facets."""
        return {n: f for n, f in self.filters.items() if isinstance(f, RelationFilter)}

    def get_form_class(self):
        form_class = super().get_form_class()
        form_class.filter_records = {n: f.records for n, f in self.relation_filters.items()}
        form_class.filter_nouns = {n: f.noun for n, f in self.relation_filters.items()}
        return form_class

    # Filtering: every active filter except `exclude` (the facet whose counts are wanted).

    def filtered(self, exclude=None):
        qs = self.queryset.all()
        if not self.is_bound:
            return qs
        for name, value in self.form.cleaned_data.items():
            if name != exclude and name != "sort":
                qs = self.filters[name].filter(qs, value)
        return qs

    def filter_queryset(self, queryset):
        qs = self.filtered()
        if self.sort_order == "relevance":
            return search.by_relevance(qs, self.search_text, self.search_language)
        if self.sort_order == "oldest":
            return qs.oldest_first()
        return qs.newest_first()

    @property
    def cleaned(self):
        if not self.is_bound:
            return {}
        self.form.is_valid()  # cleans once; never False, bad values become notes
        return self.form.cleaned_data

    @property
    def search_text(self):
        return self.cleaned.get("q") or ""

    @property
    def search_language(self):
        """The language a search is stemmed in: the one language asked for, else the page's."""
        languages = self.cleaned.get("language") or []
        return languages[0] if len(languages) == 1 else None

    @property
    def sort_order(self):
        """`newest` by default, `relevance` by default when searching; never relevance without q."""
        sort = self.cleaned.get("sort") or ("relevance" if self.search_text else "newest")
        if sort == "relevance" and not self.search_text:
            return "newest"
        return sort

    @property
    def sorts(self):
        """(value, label) of the orders a visitor may choose: best match only when searching."""
        return [
            (key, label) for key, label in SORTS.items() if key != "relevance" or self.search_text
        ]

    @property
    def notes(self):
        """Human-readable: what was ignored and why."""
        return self.form.notes if self.cleaned else []

    @property
    def ignored(self):
        """Names of the parameters some value of which was ignored."""
        return sorted(self.form.ignored) if self.cleaned else []

    def search(self, queryset, name, value):
        return search.search(queryset, value, self.search_language)

    def keep(self, queryset, name, value):
        return queryset

    def since(self, queryset, name, value):
        return queryset.filter(sort_date__gte=start_of_day(value)) if value else queryset

    def until(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(sort_date__lt=start_of_day(value + datetime.timedelta(days=1)))

    def active(self):
        """(parameter, value, label) for every active filter value, in parameter order."""
        chips = []
        data = self.cleaned
        if data.get("q"):
            chips.append(("q", data["q"], _("Search: “%(text)s”") % {"text": shown(data["q"])}))
        for name, flt in self.relation_filters.items():
            for obj in data.get(name) or []:
                chips.append((name, obj.slug, f"{flt.label}: {obj}"))
        if isinstance(self.filters.get("language"), LanguageFilter):  # codes, not records
            for code in data.get("language") or []:
                chips.append(("language", code, f"{_('Language')}: {language_name(code)}"))
        for name, label in (("from", _("From")), ("to", _("To"))):
            if day := data.get(name):
                chips.append((name, f"{day:%Y-%m-%d}", f"{label}: {day_name(day)}"))
        return chips

    def query_pairs(self, *, with_sort=True):
        """The canonical query of the cleaned filters: junk and unknown values left out."""
        pairs = [(name, value) for name, value, _ in self.active()]
        if with_sort and self.cleaned.get("sort"):
            pairs.append(("sort", self.cleaned["sort"]))
        return pairs

    def describe(self, count=None):
        """What the filters select, in words, for list headings and feed titles.

        'Press releases about Elections in Kosovo'; with the number of items found, as a
        list's heading says it: '12 press releases about Elections in Kosovo'. '' when
        nothing is filtered.
        """
        types = self.cleaned.get(self.kind_param) or []
        clauses = self.describe_clauses()
        if not types and not clauses:
            return ""
        if not types:
            what = str(self.everything)
        elif count is None:
            what = joined([news_type.plural_name for news_type in types], _("and"))
        else:
            names = [lower_first(t.plural_name if count != 1 else t.name) for t in types]
            # "12 press releases"; a language may put the number after: "…-релизы (12)".
            what = _("%(count)s %(types)s") % {
                "count": number_format(count, force_grouping=True),
                "types": joined(names, _("and")),
            }
        return capfirst(" ".join([what, *clauses]))

    def describe_clauses(self):
        """The filters but the content type as phrases: ['about Elections', 'in Kosovo', …]."""
        data = self.cleaned
        clauses = []
        if fields := data.get("field"):
            clauses.append(_("about %(names)s") % {"names": joined(fields)})
        if structures := data.get("structure"):
            clauses.append(_("from %(names)s") % {"names": joined(structures)})
        if countries := data.get("country"):
            clauses.append(_("in %(names)s") % {"names": joined(countries)})
        if languages := data.get("language"):
            if isinstance(self.filters["language"], LanguageFilter):  # codes, not records
                languages = [language_name(code) for code in languages]
            clauses.append(_("in %(names)s") % {"names": joined(languages)})
        if tags := data.get("tag"):
            names = joined(f"“{tag.name}”" for tag in tags)
            clauses.append(_("tagged %(names)s") % {"names": names})
        if q := data.get("q"):
            clauses.append(_("matching “%(text)s”") % {"text": shown(q, 80)})
        since, until = data.get("from"), data.get("to")
        if since and until:
            clauses.append(
                _("from %(start)s to %(end)s") % {"start": day_name(since), "end": day_name(until)}
            )
        elif since:
            clauses.append(_("since %(date)s") % {"date": day_name(since)})
        elif until:
            clauses.append(_("until %(date)s") % {"date": day_name(until)})
        return clauses


class TaxonomyListingFilter(ListingFilter):
    """The facets every content list shares: the taxonomy's relations, in this order after
    the list's kind (`kind_param`). The list's own filters come after them."""

    field = ManyToManyFilter(
        field_name="fields_of_work",
        model=FieldOfWork,
        noun=gettext_lazy("field of work"),
        label=gettext_lazy("What we do"),
    )
    structure = ManyToManyFilter(
        field_name="structures",
        model=Structure,
        noun=gettext_lazy("structure"),
        label=gettext_lazy("Where we are"),
        flag="closed",
    )
    country = ManyToManyFilter(
        field_name="countries",
        model=Country,
        noun=gettext_lazy("country"),
        label=gettext_lazy("Country"),
    )
    tag = TagFilter(
        field_name="tags", model=Tag, noun=gettext_lazy("tag"), label=gettext_lazy("Tag")
    )


class NewsItemFilter(TaxonomyListingFilter):
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Search the newsroom"))
    # The relation filters, kind first, are also the list's facets (listing/facets.py).
    type = ForeignKeyFilter(
        field_name="news_type",
        model=NewsType,
        noun=gettext_lazy("content type"),
        label=gettext_lazy("Content type"),
    )
    # The items' language (`en`, `fr`, …; may repeat). Each language's pages and feeds list
    # their own items already (their querysets); the API and alerts select by it.
    language = LanguageFilter(
        field_name="language", choices=settings.LANGUAGES, label=gettext_lazy("Language")
    )

    class Meta(TaxonomyListingFilter.Meta):
        model = NewsItem
