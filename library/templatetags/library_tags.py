from django import template

from library.models import ItemDocument

register = template.Library()


@register.inclusion_tag("includes/item_documents.html")
def item_documents(item):
    """An item's attached documents, in order, with type, size and language: one query, and
    none when the item's queryset says it has none (NewsItemQuerySet.for_detail)."""
    if not getattr(item, "has_documents", True):
        return {"attachments": []}
    return {"attachments": ItemDocument.objects.filter(item=item).select_related("document")}
