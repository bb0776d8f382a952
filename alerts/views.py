"""The public side of alerts: subscribe to any newsroom filter, confirm, manage, unsubscribe.

Every page works without JavaScript. Links from emails carry signed tokens (alerts/tokens.py);
GET never changes anything (mail scanners follow links), a button POSTs, and the one-click
unsubscribe URL takes RFC 8058's POST without a CSRF token.
"""

import hashlib

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from alerts import matching, subscribing, tasks, tokens
from alerts.forms import FrequencyForm, SubscribeForm
from alerts.models import Subscription
from osce_site.errors import render_error
from osce_site.middleware.rate_limit import client_ip, hit, parse_rate


def over_limit(kind, who):
    """Seconds to wait when `who` went over the alerts rate limit `kind`, else None."""
    if not settings.RATELIMIT_ENABLED:
        return None
    rate = (
        settings.RATELIMIT_ALERTS_CLIENT if kind == "client" else settings.RATELIMIT_ALERTS_ADDRESS
    )
    limit, window = parse_rate(rate)
    return hit(f"alerts-{kind}", who, limit, window)


def address_key(email):
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


@method_decorator(never_cache, name="dispatch")
class SubscribeView(FormView):
    template_name = "alerts/subscribe.html"
    form_class = SubscribeForm

    def get_initial(self):
        """The filter of the newsroom page the visitor came from. Each language's newsroom
        lists that language's items, the English one included, so its alerts do too (a filter
        without `language`, as the API allows, matches items in every language)."""
        data = self.request.GET.copy()
        if "language" not in data:
            data.setlist("language", [get_language()])
        return {"filter": matching.canonical(data)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        query = form["filter"].value() or ""
        query = matching.canonical(matching.filterset(query).form.data)
        list_url = reverse("newsroom:newsitem-list")
        return {
            **context,
            "description": matching.describe(query),
            "list_url": newsroom_url(query),
            "confirm_hours": settings.ALERTS_CONFIRM_HOURS,
            "crumbs": [(list_url, _("Newsroom")), (None, _("Get emails"))],
        }

    def post(self, request, *args, **kwargs):
        if (wait := over_limit("client", client_ip(request))) is not None:
            response = render_error(
                429,
                _(
                    "You have asked for many email alerts in a short time. Please wait "
                    "%(seconds)s seconds and try again."
                )
                % {"seconds": wait},
            )
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        query = matching.canonical(matching.filterset(form.cleaned_data["filter"]).form.data)
        # Over the per-address limit nothing is sent, and the page says the same as always.
        if over_limit("address", address_key(email)) is None:
            subscription = subscribing.request(email, query, form.cleaned_data["frequency"])
            transaction.on_commit(lambda: tasks.send_request_email.enqueue(subscription.pk))
        return redirect("alerts:requested")


class RequestedView(TemplateView):
    template_name = "alerts/requested.html"


def newsroom_url(query):
    """The newsroom page of an alert's filter: one language's is under its prefix."""
    data = QueryDict(query, mutable=True)
    languages = data.pop("language", [])
    language = languages[0] if len(languages) == 1 else get_language()
    with override(language):
        url = reverse("newsroom:newsitem-list")
    return f"{url}?{data.urlencode()}" if data else url


def link_invalid(request, what):
    return render(request, "alerts/link_invalid.html", {"what": what}, status=404)


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    def get(self, request, token):
        subscription = tokens.subscription_to_confirm(token)
        if subscription is None:
            return link_invalid(request, "confirmation")
        return render(request, "alerts/confirm.html", {"subscription": subscription})

    def post(self, request, token):
        subscription = tokens.subscription_to_confirm(token)
        if subscription is None:
            return link_invalid(request, "confirmation")
        subscribing.confirm(subscription)
        return render(
            request,
            "alerts/confirmed.html",
            {
                "subscription": subscription,
                "manage_path": reverse(
                    "alerts:manage", args=[tokens.manage_token(subscription.subscriber)]
                ),
            },
        )


@method_decorator(never_cache, name="dispatch")
class ManageView(View):
    def get(self, request, token, message=None):
        subscriber = tokens.subscriber_for(token)
        if subscriber is None:
            return link_invalid(request, "manage")
        subscriptions = subscriber.subscriptions.confirmed().select_related("news_filter")
        return render(
            request,
            "alerts/manage.html",
            {
                "subscriber": subscriber,
                "subscriptions": [
                    (s, FrequencyForm(initial={"frequency": s.frequency}, prefix=f"s{s.pk}"))
                    for s in subscriptions
                ],
                "message": message,
            },
        )

    def post(self, request, token):
        subscriber = tokens.subscriber_for(token)
        if subscriber is None:
            return link_invalid(request, "manage")
        subscriptions = subscriber.subscriptions.confirmed()
        action = request.POST.get("action", "")
        if action == "unsubscribe-all":
            subscriber.delete()  # every subscription with it, pending ones too
            return render(request, "alerts/unsubscribed.html", {"everything": True})
        pk = request.POST.get("subscription", "")
        chosen = subscriptions.filter(pk=int(pk) if pk.isdigit() and len(pk) < 18 else 0)
        subscription = chosen.select_related("news_filter", "subscriber").first()
        if subscription is None or action not in ("unsubscribe", "frequency"):
            return self.get(request, token, message=_("Nothing was changed."))
        if action == "unsubscribe":
            subscribing.unsubscribe(subscription)
            if not Subscription.objects.filter(subscriber_id=subscriber.pk).exists():
                return render(request, "alerts/unsubscribed.html", {"everything": True})
            return self.get(
                request,
                token,
                message=_("Unsubscribed from %(filter)s.") % {"filter": subscription.news_filter},
            )
        form = FrequencyForm(request.POST, prefix=f"s{subscription.pk}")
        if not form.is_valid():
            return self.get(request, token, message=_("Nothing was changed."))
        subscription.frequency = form.cleaned_data["frequency"]
        subscription.save(update_fields=["frequency"])
        return self.get(
            request,
            token,
            message=f"{subscription.news_filter}: {subscription.get_frequency_display().lower()}.",
        )


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class UnsubscribeView(View):
    """The List-Unsubscribe URL: a page with a button on GET; any POST unsubscribes, the
    mail client's one-click `List-Unsubscribe=One-Click` as well as the button."""

    def get(self, request, token):
        subscription = tokens.subscription_for(token)
        if subscription is None:
            return render(request, "alerts/unsubscribed.html", {"gone": True})
        return render(request, "alerts/unsubscribe.html", {"subscription": subscription})

    def post(self, request, token):
        subscription = tokens.subscription_for(token)
        if subscription is not None:
            subscribing.unsubscribe(subscription)
        return render(request, "alerts/unsubscribed.html", {"subscription": subscription})
