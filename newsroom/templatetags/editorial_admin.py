from operator import attrgetter

from django import template
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.db.models import Prefetch, Q
from django.urls import reverse

from newsroom.editorial import review
from newsroom.editorial.model_admin import EditorialAdmin
from newsroom.editorial.policy import policy_for
from newsroom.models import NewsItem, ReviewRecord

register = template.Library()

DASHBOARD_SIZE = 8


@register.inclusion_tag("admin/includes/editorial_dashboard.html", takes_context=True)
def editorial_dashboard(context):
    """The admin index block: what is waiting, for whom, within the user's reach."""
    request = context["request"]
    policy = policy_for(request)
    if not policy.can_view():
        return {"show": False}
    user = request.user
    items = policy.limit(
        NewsItem.objects.only("pk", "title", "publish_at", "updated_at", "created_by_id")
    )
    drafts = items.drafts().order_by("-updated_at")
    published = items.published().order_by("-publish_at")
    if not policy.can_publish():
        published = published.filter(created_by=user)  # an Editor's own, gone out
    waiting, sent_back = reviews(request, admin.site)
    return {
        "show": True,
        "can_add": policy.can_add(),
        "can_review": policy.can_review(),
        "my_drafts": list(drafts.filter(created_by=user)[:DASHBOARD_SIZE]),
        "desk_drafts": list(drafts.exclude(created_by=user)[:DASHBOARD_SIZE]),
        "waiting": waiting,
        "sent_back": sent_back,
        "scheduled": list(items.scheduled().order_by("publish_at")[:DASHBOARD_SIZE]),
        "published": list(published[:DASHBOARD_SIZE]),
    }


def reviews(request, site):
    """What waits for the user's review, and what was sent back to them, of every model the
    editorial workflow runs (news items, publications), within their reach; each review
    with the `url` of its page."""
    user = request.user
    mine = Q(submitted_by=user) | Q(item__created_by=user)
    waiting, sent_back = [], []
    for model, model_admin in site._registry.items():
        if not isinstance(model_admin, EditorialAdmin):
            continue
        policy = policy_for(request, model)
        items = policy.limit(model.objects.all())
        # Their titles only: a publication's row holds the text of its PDFs.
        records = review.review_model(model).objects.prefetch_related(
            Prefetch("item", model.objects.only("pk", "title"))
        )
        if policy.can_review():
            pending = records.filter(state=ReviewRecord.State.PENDING, item__in=items)
            waiting += with_urls(
                pending.select_related("submitted_by").order_by("submitted_at"),
                "review",
            )
        returned = records.filter(mine, item__in=review.sent_back(items)).filter(
            state=ReviewRecord.State.SENT_BACK
        )
        sent_back += with_urls(
            returned.select_related("decided_by").order_by("-decided_at"), "change"
        )
    waiting.sort(key=attrgetter("submitted_at"))
    sent_back.sort(key=attrgetter("decided_at"), reverse=True)
    return waiting[:DASHBOARD_SIZE], sent_back[:DASHBOARD_SIZE]


def with_urls(records, view):
    found = list(records[:DASHBOARD_SIZE])
    for record in found:
        record.url = reverse(admin_urlname(record.item._meta, view), args=[record.item.pk])
    return found
