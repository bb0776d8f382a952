"""Old slugs of published items, and the detail view's fallback that 301s them.

"A permalink never changes once published" holds whoever saves: the admin, the importer, a
script or the shell. The rule is kept by the model's save signals, wired once in
NewsroomConfig.ready(), so that raw saves count too: django-reversion restores a version
with one, bypassing NewsItem.save(). QuerySet.update() bypasses both; nothing here renames
items in bulk.
"""

from django.db.models.signals import post_save, pre_save
from django.http import Http404, HttpResponsePermanentRedirect

from newsroom.models import NewsItem, SlugRedirect


def note_stored_slug(sender, instance, update_fields=None, **kwargs):
    """Before a save: the slug the item is public under, if it is stored as live (published,
    scheduled or withdrawn: a withdrawn item keeps its page)."""
    instance._public_slug = None
    if instance.pk is None or (update_fields is not None and "slug" not in update_fields):
        return
    instance._public_slug = (
        NewsItem.objects.filter(pk=instance.pk)
        .exclude(status=NewsItem.Status.DRAFT)
        .values_list("slug", flat=True)
        .first()
    )


def remember_old_slug(sender, instance, **kwargs):
    """After a save: a published item's old slug redirects to the item from now on."""
    old_slug = getattr(instance, "_public_slug", None)
    instance._public_slug = None
    if not old_slug or old_slug == instance.slug:
        return
    SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"item": instance})
    SlugRedirect.objects.filter(old_slug=instance.slug).delete()  # the slug is live again


def connect():
    """Called once from NewsroomConfig.ready()."""
    pre_save.connect(note_stored_slug, sender=NewsItem, dispatch_uid="newsroom.redirects.pre")
    post_save.connect(remember_old_slug, sender=NewsItem, dispatch_uid="newsroom.redirects.post")


class SlugRedirectMixin:
    """A detail view that answers a 404 on slug with a 301 when the slug is an old one."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            slug = kwargs.get(self.slug_url_kwarg)
            redirect = (
                SlugRedirect.objects.filter(old_slug=slug, item__in=NewsItem.objects.on_record())
                .select_related("item")
                .first()
                if slug
                else None
            )
            if redirect is None:
                raise
            return HttpResponsePermanentRedirect(redirect.item.get_absolute_url())
