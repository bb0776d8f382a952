"""Who may do what with news items, beyond Django's model permissions.

Publishing is a permission of its own (`newsroom.publish_newsitem`, the Publisher group).
An editor with an EditorScope works only on the news of their structures; everyone else
(superusers, editors without a scope) works on all news.
"""

from newsroom.models import EditorScope

PUBLISH_PERMISSION = "newsroom.publish_newsitem"


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def scope_structure_ids(user):
    """None when the user is not limited; otherwise the ids of their structures."""
    if not user.is_authenticated or user.is_superuser:
        return None
    cached = getattr(user, "_editor_scope_ids", False)
    if cached is not False:
        return cached
    scope = EditorScope.objects.filter(user=user).first()
    ids = None if scope is None else frozenset(scope.structures.values_list("pk", flat=True))
    user._editor_scope_ids = ids
    return ids


def limit_to_scope(queryset, user):
    ids = scope_structure_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(pk__in=queryset.model.objects.filter(structures__in=ids).values("pk"))


def in_scope(item, user):
    ids = scope_structure_ids(user)
    if ids is None:
        return True
    if item.pk is None:
        return True
    return item.structures.filter(pk__in=ids).exists()
