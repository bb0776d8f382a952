"""Old slugs of published items, and the detail view's fallback that 301s them."""

from django.http import Http404, HttpResponsePermanentRedirect

from newsroom.models import NewsItem, SlugRedirect


def remember_old_slug(item, old_slug):
    """Called when an item's slug changes: its old URL redirects to it from now on."""
    if not old_slug or old_slug == item.slug:
        return
    SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"item": item})
    SlugRedirect.objects.filter(old_slug=item.slug).delete()  # the slug is live again


class SlugRedirectMixin:
    """A detail view that answers a 404 on slug with a 301 when the slug is an old one."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            slug = kwargs.get(self.slug_url_kwarg)
            redirect = (
                SlugRedirect.objects.filter(old_slug=slug, item__in=NewsItem.objects.published())
                .select_related("item")
                .first()
                if slug
                else None
            )
            if redirect is None:
                raise
            return HttpResponsePermanentRedirect(redirect.item.get_absolute_url())
