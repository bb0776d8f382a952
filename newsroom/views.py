from django.views.generic import DetailView
from django_filters.views import FilterView

from newsroom.filters import NewsItemFilter
from newsroom.models import NewsItem
from newsroom.redirects import SlugRedirectMixin


class NewsItemListView(FilterView):
    filterset_class = NewsItemFilter
    paginate_by = 20
    strict = False  # bad parameters are ignored and shown, never a 500
    template_name = "newsroom/newsitem_list.html"

    def get_queryset(self):
        return NewsItem.objects.published().for_listing()


class NewsItemDetailView(SlugRedirectMixin, DetailView):
    def get_queryset(self):
        return NewsItem.objects.published().for_listing()
