from django import template
from django.db.models import Q

from newsroom.editorial import review
from newsroom.editorial.policy import policy_for
from newsroom.models import NewsItem, Review

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
    mine = Q(submitted_by=user) | Q(item__created_by=user)
    return {
        "show": True,
        "can_add": policy.can_add(),
        "can_review": policy.can_review(),
        "my_drafts": list(drafts.filter(created_by=user)[:DASHBOARD_SIZE]),
        "desk_drafts": list(drafts.exclude(created_by=user)[:DASHBOARD_SIZE]),
        "waiting": list(
            Review.objects.filter(state=Review.State.PENDING, item__in=items)
            .select_related("item", "submitted_by")
            .order_by("submitted_at")[:DASHBOARD_SIZE]
        )
        if policy.can_review()
        else [],
        "sent_back": list(
            Review.objects.filter(mine, item__in=review.sent_back(items))
            .filter(state=Review.State.SENT_BACK)
            .select_related("item", "decided_by")
            .order_by("-decided_at")[:DASHBOARD_SIZE]
        ),
        "scheduled": list(items.scheduled().order_by("publish_at")[:DASHBOARD_SIZE]),
        "published": list(published[:DASHBOARD_SIZE]),
    }
