"""Staff see a draft or scheduled item on the public layout before anyone else does.

A preview is the public detail view of a content model (news items, publications) with
another queryset: any item the user may see in the admin, found by its UUID (slugs change
while drafting). Everyone else gets a 404, and the page is marked, never cached and never
indexed.
"""

from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.http import Http404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from newsroom.editorial.checks import content_warnings
from newsroom.editorial.policy import policy_for
from newsroom.models import NewsItem
from newsroom.views import NewsItemDetailView


def preview_url(item):
    """The preview of item: the URL `<app>:<model>-preview` of its app."""
    opts = item._meta
    return reverse(f"{opts.app_label}:{opts.model_name}-preview", args=[item.uuid])


class PreviewMixin:
    """Before a content model's detail view: the preview of its items (`model`)."""

    slug_field = "uuid"
    slug_url_kwarg = "uuid"
    template_name = "preview.html"  # extends the model's detail template
    keeps_object = False  # a preview reads the item afresh, never a kept copy

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        policy = policy_for(self.request, self.model)
        if not policy.can_preview():
            raise Http404(f"No {self.model._meta.verbose_name} found")
        return policy.limit(self.model.objects.for_detail())

    def get_template_names(self):
        return [self.template_name]

    def get_context_data(self, **kwargs):
        opts = self.model._meta
        return super().get_context_data(
            preview=True,
            content_warnings=content_warnings(self.object.body),
            detail_template=f"{opts.app_label}/{opts.model_name}_detail.html",
            edit_url=reverse(admin_urlname(opts, "change"), args=[self.object.pk]),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class NewsItemPreviewView(PreviewMixin, NewsItemDetailView):
    model = NewsItem
