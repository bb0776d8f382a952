from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from newsroom.models import NewsItem
from structures.models import Country, FieldOfWork, MeetingSeries, Structure

LATEST_NEWS = 5

Kind = Structure.Kind

# The order and headings of /structures/; closed field operations get their own section.
STRUCTURE_SECTIONS = [
    ("chairpersonship", _("Chairpersonship"), [Kind.CHAIRPERSONSHIP]),
    ("secretariat", _("Secretariat"), [Kind.SECRETARIAT, Kind.DEPARTMENT]),
    ("institutions", _("Institutions"), [Kind.INSTITUTION]),
    ("field-operations", _("Field operations"), [Kind.FIELD_OPERATION]),
    ("closed-field-activities", _("Closed field activities"), []),
    ("parliamentary-assembly", _("Parliamentary Assembly"), [Kind.PARLIAMENTARY_ASSEMBLY]),
    ("court", _("Court of Conciliation and Arbitration"), [Kind.COURT]),
    ("decision-making-bodies", _("Decision-making bodies"), [Kind.DECISION_MAKING_BODY]),
    ("partnerships", _("Partnerships"), [Kind.PARTNERSHIP]),
    ("other", _("Other structures"), [Kind.OTHER]),
]
SECTION_ORDER = {kind: n for n, (_, _, kinds) in enumerate(STRUCTURE_SECTIONS) for kind in kinds}


class CrumbsMixin:
    """Breadcrumbs as (url, label) pairs in the context; the last one has no url."""

    crumbs = ()

    def get_crumbs(self):
        return list(self.crumbs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("crumbs", self.get_crumbs())
        return super().get_context_data(**kwargs)


def latest_news(**filters):
    """The newest items filed under a topic, structure or country, in the page's language."""
    items = NewsItem.objects.published().in_language(get_language())
    return items.filter(**filters).for_cards()[:LATEST_NEWS]


class FieldOfWorkListView(CrumbsMixin, ListView):
    model = FieldOfWork
    crumbs = [(None, _("Fields of work"))]

    def get_context_data(self, **kwargs):
        topics = list(self.object_list)
        return super().get_context_data(
            listed=[topic for topic in topics if topic.listed],
            unlisted=sorted((t for t in topics if not t.listed), key=lambda t: t.name.lower()),
            **kwargs,
        )


class FieldOfWorkDetailView(CrumbsMixin, DetailView):
    model = FieldOfWork

    def get_crumbs(self):
        return [(reverse("structures:fieldofwork-list"), _("Fields of work")), (None, self.object)]

    def get_context_data(self, **kwargs):
        teams = list(
            self.object.structures.select_related("host_country").order_by("position", "name")
        )
        return super().get_context_data(
            institutions=[s for s in teams if s.kind == Kind.INSTITUTION],
            field_operations=[s for s in teams if s.is_field_operation],
            other_teams=[
                s for s in teams if s.kind not in {Kind.INSTITUTION, Kind.FIELD_OPERATION}
            ],
            latest_news=latest_news(fields_of_work=self.object),
            feed_query=f"field={self.object.slug}",
            **kwargs,
        )


class StructureListView(CrumbsMixin, ListView):
    crumbs = [(None, _("Structures and institutions"))]

    def get_queryset(self):
        return Structure.objects.select_related("host_country").prefetch_related("positions")

    def get_context_data(self, **kwargs):
        structures = list(self.object_list)
        by_id = {s.pk: s for s in structures}
        for structure in structures:
            structure.child_nodes = []
        for structure in structures:
            parent = by_id.get(structure.parent_id)
            if parent is not None:
                parent.child_nodes.append(structure)
        roots = [s for s in structures if s.parent_id not in by_id]
        sections = []
        for anchor, heading, kinds in STRUCTURE_SECTIONS:
            if anchor == "closed-field-activities":
                members = [s for s in roots if s.is_field_operation and s.closed]
            elif anchor == "field-operations":
                members = [s for s in roots if s.is_field_operation and not s.closed]
            else:
                members = [s for s in roots if s.kind in kinds]
            if members:
                sections.append({"anchor": anchor, "heading": heading, "structures": members})
        return super().get_context_data(sections=sections, **kwargs)


class StructureDetailView(CrumbsMixin, DetailView):
    def get_queryset(self):
        return Structure.objects.select_related("parent", "host_country").prefetch_related(
            "positions", "children", "fields_of_work", "aliases"
        )

    def get_crumbs(self):
        crumbs = [(reverse("structures:structure-list"), _("Structures and institutions"))]
        if self.object.parent_id:
            crumbs.append((self.object.parent.get_absolute_url(), self.object.parent.name))
        return [*crumbs, (None, self.object.name)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_news=latest_news(structures=self.object),
            feed_query=f"structure={self.object.slug}",
            **kwargs,
        )


class FieldOperationListView(CrumbsMixin, ListView):
    template_name = "structures/fieldoperation_list.html"
    crumbs = [(None, _("Field operations"))]

    def get_queryset(self):
        return Structure.objects.field_operations().select_related("host_country").order_by("name")

    def get_context_data(self, **kwargs):
        operations = list(self.object_list)
        return super().get_context_data(
            active=[s for s in operations if not s.closed],
            closed=[s for s in operations if s.closed],
            **kwargs,
        )


class CountryListView(CrumbsMixin, ListView):
    crumbs = [(None, _("Countries"))]

    def get_queryset(self):
        return Country.objects.prefetch_related("chairpersonships")

    def get_context_data(self, **kwargs):
        countries = list(self.object_list)
        year = timezone.localdate().year
        chairs = [chair for country in countries for chair in country.chairpersonships.all()]
        for country in countries:
            country.is_current_chair = any(c.year == year for c in country.chairpersonships.all())
        states = [c for c in countries if c.kind == Country.Kind.PARTICIPATING_STATE]
        return super().get_context_data(
            participating_states=states,
            asian_partners=[c for c in countries if c.kind == Country.Kind.ASIAN_PARTNER],
            mediterranean_partners=[
                c for c in countries if c.kind == Country.Kind.MEDITERRANEAN_PARTNER
            ],
            current_year=year,
            current_chair=next((c for c in chairs if c.year == year), None),
            latest_chair=max(
                (c for c in chairs if c.year < year), key=lambda c: c.year, default=None
            ),
            **kwargs,
        )


class CountryDetailView(CrumbsMixin, DetailView):
    def get_queryset(self):
        return Country.objects.prefetch_related(
            "chairpersonships",
            "aliases",
            Prefetch(
                "hosted_structures",
                queryset=Structure.objects.order_by("closed", "name"),
            ),
        )

    def get_crumbs(self):
        return [(reverse("structures:country-list"), _("Countries")), (None, self.object.name)]

    def get_context_data(self, **kwargs):
        year = timezone.localdate().year
        chairs = list(self.object.chairpersonships.all())
        return super().get_context_data(
            chair_years=sorted(c.year for c in chairs),
            is_current_chair=any(c.year == year for c in chairs),
            latest_news=latest_news(countries=self.object),
            feed_query=f"country={self.object.slug}",
            **kwargs,
        )


class MeetingSeriesListView(CrumbsMixin, ListView):
    model = MeetingSeries
    crumbs = [(None, _("Meetings and conferences"))]
