"""Two people editing one item: the second save is refused with a page that shows both versions.

Every item carries a version number, raised by every save; the change form sends the number
it was opened at. A save that brings an older number would overwrite someone else's work, so
it is answered with the conflict page instead, where the editor sees what the other person
changed, keeps their own text, and may still save theirs over it on purpose.
"""

from django.template.response import TemplateResponse
from reversion.models import Version

from newsroom.editorial import diff, review
from osce_site import caching

FIELD = "opened_version"  # the change form's hidden field
# The texts the conflict page gives back to copy (a news item's lead, a publication's abstract).
YOUR_TEXTS = ("title", "lead", "abstract", "body")


class EditConflict(Exception):
    """Raised inside a save when the item's version moved since the form was opened."""


def posted_version(data):
    try:
        return int(data.get(FIELD, ""))
    except ValueError:
        return None


def is_stale(data, item):
    """Whether a posted change form was opened at an older version of item.

    A form without a version (a hand-made POST, an old page) is not judged here; the save
    still claims the version it read (claim()).
    """
    posted = posted_version(data)
    return posted is not None and posted != item.version


def claim(model, pk, version):
    """The item's next version number, if it still is at `version`; EditConflict otherwise."""
    # The version number is read by no list: the write leaves counts and facets in place
    # (osce_site/caching.py: an unlisted update, its key the statement's last parameter).
    with caching.unlisted(model._meta.db_table, pk):
        claimed = model.objects.filter(version=version).filter(pk=pk).update(version=version + 1)
    if not claimed:
        raise EditConflict
    return version + 1


def conflict_response(model_admin, request, item):
    model = type(item)
    current = diff.fields_of(item)
    form = model_admin.get_form(request, item, change=True)(request.POST, instance=item)
    yours = (
        {**current, **review.proposal_from(model, form.cleaned_data)} if form.is_valid() else None
    )
    item.refresh_from_db()
    latest = Version.objects.get_for_object(item).select_related("revision__user").first()
    resend = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", FIELD)
        for value in values
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Not saved: “{item}” was changed by someone else",
        "opts": model._meta,
        "original": item,
        "latest": latest.revision if latest else None,
        "changes": diff.changes(current, yours, model) if yours else [],
        "yours": {name: request.POST.get(name, "") for name in YOUR_TEXTS if name in request.POST},
        "resend": resend,
        "current_version": item.version,
        "dropped_image": bool(request.FILES),
    }
    return TemplateResponse(request, "admin/editorial/conflict.html", context, status=409)
