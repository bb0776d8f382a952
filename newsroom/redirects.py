"""Old slugs of published items, and the detail view's fallback that 301s them."""

from django.http import Http404, HttpResponsePermanentRedirect

from newsroom.models import NewsItem, SlugRedirect


def remember_old_slug(item, before):
    """Called after a save with the item's stored fields from before it (None: it is new).

    A published item's slug was a public URL: when the slug changes, the old URL redirects
    to the item from now on.
    """
    if before is None or before["status"] != NewsItem.Status.PUBLISHED:
        return
    old_slug = before["slug"]
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
