from django import template

from newsroom.editorial.policy import policy_for
from newsroom.models import NewsItem

register = template.Library()

DASHBOARD_SIZE = 8


@register.inclusion_tag("admin/includes/editorial_dashboard.html", takes_context=True)
def editorial_dashboard(context):
    """The admin index block: what is waiting to go out, within the editor's reach."""
    policy = policy_for(context["request"])
    if not policy.can_view():
        return {"show": False}
    items = policy.limit(NewsItem.objects.only("pk", "title", "publish_at", "updated_at"))
    return {
        "show": True,
        "scheduled": list(items.scheduled().order_by("publish_at")[:DASHBOARD_SIZE]),
        "drafts": list(items.drafts().order_by("-updated_at")[:DASHBOARD_SIZE]),
    }
