"""Staff see a draft or scheduled item on the public layout before anyone else does.

The preview is the public detail view with another queryset: any item the user may see
in the admin, found by its UUID (slugs change while drafting). Everyone else gets a 404,
and the page is marked, never cached and never indexed.
"""

from django.http import Http404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from newsroom.editorial.checks import content_warnings
from newsroom.editorial.policy import policy_for
from newsroom.models import NewsItem
from newsroom.views import NewsItemDetailView


def preview_url(item):
    return reverse("newsroom:newsitem-preview", args=[item.uuid])


@method_decorator(never_cache, name="dispatch")
class NewsItemPreviewView(NewsItemDetailView):
    slug_field = "uuid"
    slug_url_kwarg = "uuid"
    template_name = "newsroom/newsitem_preview.html"

    def get_queryset(self):
        policy = policy_for(self.request)
        if not policy.can_preview():
            raise Http404("No news item found")
        return policy.limit(NewsItem.objects.for_detail())

    def get_template_names(self):
        return [self.template_name]

    def get_context_data(self, **kwargs):
        warnings = content_warnings(self.object.body)
        return super().get_context_data(preview=True, content_warnings=warnings, **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
