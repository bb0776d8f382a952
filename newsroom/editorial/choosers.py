"""The editor's internal-link chooser: pages of this site found by their title, as JSON.

Only public pages are offered (published news, fields of work, structures, countries), so an
internal link never points at a draft; links are site-relative paths, which the sanitiser keeps.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import JsonResponse

from newsroom.models import NewsItem
from structures.models import Country, FieldOfWork, Structure

CHOOSER_LIMIT = 8


@staff_member_required
def link_chooser(request):
    query = request.GET.get("q", "").strip()[:100]
    if len(query) < 2:
        return JsonResponse({"results": []})
    sources = [
        (
            "News",
            NewsItem.objects.published().filter(title__icontains=query).order_by("-publish_at"),
        ),
        ("Field of work", FieldOfWork.objects.filter(name__icontains=query)),
        ("Structure", Structure.objects.filter(name__icontains=query)),
        ("Country", Country.objects.filter(name__icontains=query)),
    ]
    results = [
        {"kind": kind, "title": str(page), "url": page.get_absolute_url()}
        for kind, queryset in sources
        for page in queryset[:CHOOSER_LIMIT]
    ]
    return JsonResponse({"results": results})
