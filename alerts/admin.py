"""Alerts in the admin: who follows what (counts, no addresses for Editors), the delivery log
per item, and resending what failed. Addresses are searchable only by those who may publish
(Publishers, superusers), to help someone unsubscribe."""

from django.contrib import admin, messages
from django.db.models import Count, Q

from alerts import sending
from alerts.models import Announcement, Delivery, NewsFilter, Subscriber, Subscription
from newsroom.editorial.policy import policy_for

SENT, PENDING, FAILED = Delivery.Status.SENT, Delivery.Status.PENDING, Delivery.Status.FAILED


def counted(name):
    """A list column showing the annotation `name` of the admin's queryset."""

    @admin.display(description=name.capitalize(), ordering=name)
    def column(obj):
        return getattr(obj, name)

    column.__name__ = name  # the column's CSS class: field-<name>
    return column


class ReadOnlyForStaff(admin.ModelAdmin):
    """Any editor may look; nothing here is added or edited by hand."""

    def has_module_permission(self, request):
        return policy_for(request).can_view()

    def has_view_permission(self, request, obj=None):
        return policy_for(request).can_view()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NewsFilter)
class NewsFilterAdmin(ReadOnlyForStaff):
    list_display = [
        "description",
        *(counted(name) for name in ("immediately", "daily", "weekly", "unconfirmed")),
    ]
    search_fields = ["query"]
    fields = ["description", "query", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        counted = {
            name: Count(
                "subscriptions",
                filter=Q(subscriptions__confirmed_at__isnull=False)
                & Q(subscriptions__frequency=name),
            )
            for name in Subscription.Frequency.values
        }
        return (
            super()
            .get_queryset(request)
            .annotate(
                **counted,
                unconfirmed=Count(
                    "subscriptions", filter=Q(subscriptions__confirmed_at__isnull=True)
                ),
            )
        )


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyForStaff):
    list_display = [
        "item",
        "created_at",
        "matched",
        *(counted(name) for name in ("sent", "pending", "failed")),
    ]
    list_select_related = ["item"]
    search_fields = ["item__title"]
    date_hierarchy = "created_at"
    actions = ["resend_failed"]
    fields = ["item", "created_at", "matched"]
    readonly_fields = fields

    def get_queryset(self, request):
        deliveries = "item__alert_deliveries"
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent=Count(deliveries, filter=Q(item__alert_deliveries__status=SENT)),
                pending=Count(deliveries, filter=Q(item__alert_deliveries__status=PENDING)),
                failed=Count(deliveries, filter=Q(item__alert_deliveries__status=FAILED)),
            )
        )

    def has_resend_permission(self, request):
        return policy_for(request).can_publish()

    @admin.action(description="Resend the failed alerts of these items", permissions=["resend"])
    def resend_failed(self, request, queryset):
        count = sending.retry_failed(Delivery.objects.filter(item__announcement__in=queryset))
        messages.success(request, f"{count} failed alert(s) will be sent again.")


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyForStaff):
    list_display = ["item", "subscription_filter", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "immediate"]
    list_select_related = ["item", "subscription__news_filter"]
    search_fields = ["item__title"]
    actions = ["resend"]
    fields = [
        "item",
        "subscription_filter",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    readonly_fields = fields

    @admin.display(description="Filter")
    def subscription_filter(self, obj):
        return obj.subscription.news_filter

    def has_resend_permission(self, request):
        return policy_for(request).can_publish()

    @admin.action(description="Resend these if they failed", permissions=["resend"])
    def resend(self, request, queryset):
        count = sending.retry_failed(queryset)
        messages.success(request, f"{count} failed alert(s) will be sent again.")


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    fields = ["news_filter", "frequency", "requested_at", "confirmed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Publishers may find an address and delete a subscription or the whole address."""

    list_display = ["email", "created_at"]
    search_fields = ["email"]
    fields = ["email", "created_at"]
    readonly_fields = fields
    inlines = [SubscriptionInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # No list of addresses: only what a search for one finds.
        return (
            queryset if request.GET.get("q") or request.resolver_match.kwargs else queryset.none()
        )

    def has_module_permission(self, request):
        return policy_for(request).can_publish()

    def has_view_permission(self, request, obj=None):
        return policy_for(request).can_publish()

    def has_change_permission(self, request, obj=None):
        return policy_for(request).can_publish()

    def has_delete_permission(self, request, obj=None):
        return policy_for(request).can_publish()

    def has_add_permission(self, request):
        return False
