"""One FilterSet for the newsroom list and both feeds: the SPEC's filter parameters."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from taggit.models import Tag

from newsroom.models import NewsItem, NewsType
from structures.models import Country, FieldOfWork, Structure


class SlugChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    """Slugs OR within the facet; unknown slugs are reported by the form, never a 500."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("distinct", True)
        super().__init__(*args, **kwargs)

    def get_filter_predicate(self, v):
        # Filter on the related object itself: the slug is not the foreign key's value.
        return {self.field_name: v}


class NewsItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    type = SlugChoiceFilter(field_name="news_type", queryset=NewsType.objects.all(), label="Type")
    field = SlugChoiceFilter(
        field_name="fields_of_work", queryset=FieldOfWork.objects.all(), label="Field of work"
    )
    structure = SlugChoiceFilter(
        field_name="structures", queryset=Structure.objects.all(), label="Structure"
    )
    country = SlugChoiceFilter(
        field_name="countries", queryset=Country.objects.all(), label="Country"
    )
    tag = SlugChoiceFilter(field_name="tags", queryset=Tag.objects.all(), label="Tag")
    sort = django_filters.ChoiceFilter(
        method="order",
        choices=[
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
            ("relevance", "Relevance"),
        ],
        empty_label=None,
        label="Sort",
    )

    class Meta:
        model = NewsItem
        fields = []

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(lead__icontains=word) | Q(body__icontains=word)
            )
        return queryset

    def order(self, queryset, name, value):
        if value == "oldest":
            return queryset.order_by("publish_at", "id")
        return queryset.order_by("-publish_at", "-id")

    def since(self, queryset, name, value):
        return queryset.filter(publish_at__gte=start_of_day(value))

    def until(self, queryset, name, value):
        return queryset.filter(publish_at__lt=start_of_day(value + datetime.timedelta(days=1)))


def start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# `from` and `to` are Python keywords, so these two are declared outside the class body.
NewsItemFilter.base_filters["from"] = django_filters.DateFilter(
    method="since", label="From", widget=forms.DateInput(attrs={"type": "date"})
)
NewsItemFilter.base_filters["to"] = django_filters.DateFilter(
    method="until", label="To", widget=forms.DateInput(attrs={"type": "date"})
)
