from django.views.generic import DetailView, ListView, TemplateView

from newsroom.models import NewsItem
from structures.models import Country, FieldOfWork, MeetingSeries, Structure


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_news=NewsItem.objects.published().for_listing()[:10],
            fields_of_work=FieldOfWork.objects.listed(),
            **kwargs,
        )


class FieldOfWorkListView(ListView):
    model = FieldOfWork


class FieldOfWorkDetailView(DetailView):
    model = FieldOfWork


class StructureListView(ListView):
    queryset = Structure.objects.select_related("parent")


class StructureDetailView(DetailView):
    queryset = Structure.objects.select_related("parent", "host_country")


class FieldOperationListView(ListView):
    template_name = "structures/fieldoperation_list.html"

    def get_queryset(self):
        return Structure.objects.field_operations().select_related("host_country")


class CountryListView(ListView):
    model = Country


class CountryDetailView(DetailView):
    model = Country


class MeetingSeriesListView(ListView):
    model = MeetingSeries
