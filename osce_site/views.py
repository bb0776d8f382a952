"""The site's own pages: home, about, the health probe and the benchmark's baseline."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from newsroom.models import NewsItem
from osce_site import site_search
from structures.models import Chairpersonship, FieldOfWork, Structure
from structures.views import SECTION_ORDER, CrumbsMixin

Kind = Structure.Kind


def current_chairpersonship():
    year = timezone.localdate().year
    return Chairpersonship.objects.select_related("country").filter(year=year).first()


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        field_operations = Structure.objects.field_operations().active().order_by("name")
        return super().get_context_data(
            # Latest news is dated news, in the newsroom's order: an undated background
            # article has no place among it, even where an editor placed it in the archive.
            latest_news=NewsItem.objects.published()
            .in_language(get_language())
            .filter(undated=False)
            .for_cards()
            .newest_first()[:8],
            fields_of_work=FieldOfWork.objects.listed(),
            key_structures=sorted(
                Structure.objects.exclude(
                    kind__in=[Kind.FIELD_OPERATION, Kind.DEPARTMENT, Kind.OTHER]
                ).filter(parent=None),
                key=lambda s: SECTION_ORDER.get(s.kind, len(SECTION_ORDER)),
            ),
            field_operations=field_operations.select_related("host_country"),
            chairpersonship=current_chairpersonship(),
            **kwargs,
        )


class AboutView(CrumbsMixin, TemplateView):
    template_name = "about.html"
    crumbs = [(None, _("About us"))]

    def get_context_data(self, **kwargs):
        return super().get_context_data(chairpersonship=current_chairpersonship(), **kwargs)


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# The benchmark's baseline: a constant 20 KB page through the full middleware stack.
# Routed only when settings.BENCH_BASELINE is on (bench/run.py sets OSCE_BENCH=1); it
# measures the stack's own limit.
BASELINE_PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Baseline</title></head>"
    "<body><main>"
    + "".join(f"<p>Constant paragraph {n:04d} of the baseline page.</p>" for n in range(380))
    + "</main></body></html>"
).encode()


def baseline(request):
    response = HttpResponse(BASELINE_PAGE)
    add_never_cache_headers(response)  # always through the whole stack, never the page cache
    return response


class SiteSearchView(CrumbsMixin, TemplateView):
    """/search/?q=: every kind of content, grouped (osce_site/site_search.py)."""

    template_name = "search.html"
    crumbs = [(None, _("Search"))]

    def get_context_data(self, **kwargs):
        text, notes = site_search.cleaned_query(self.request.GET)
        groups = site_search.site_search(text)
        return super().get_context_data(
            query=text,
            notes=notes,
            groups=groups,
            total=sum(group.count for group in groups),
            **kwargs,
        )
