"""Staff see a draft or scheduled item on the public layout before anyone else does.

The preview is the public detail view with another queryset: any item the user may see
in the admin, found by its UUID (slugs change while drafting). Everyone else gets a 404,
and the page is marked, never cached and never indexed.
"""

from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from newsroom.editorial.roles import limit_to_scope
from newsroom.models import NewsItem
from newsroom.views import NewsItemDetailView


def can_preview(user):
    return user.is_active and user.is_staff and user.has_perm("newsroom.view_newsitem")


@method_decorator(never_cache, name="dispatch")
class NewsItemPreviewView(NewsItemDetailView):
    slug_field = "uuid"
    slug_url_kwarg = "uuid"
    template_name = "newsroom/newsitem_preview.html"

    def get_queryset(self):
        user = self.request.user
        if not can_preview(user):
            raise Http404("No news item found")
        return limit_to_scope(NewsItem.objects.for_detail(), user)

    def get_template_names(self):
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
