"""The admin pages of editorial acts on one item: withdraw, correct (and review, compare,
translate).

EditorialAdmin.get_urls (newsroom/editorial/model_admin.py) mounts them under the item's
admin URL, for news items and publications alike: each works on the model of the ModelAdmin
that mounts it, and asks the request's EditorialPolicy before it shows or does anything.
"""

import reversion
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import widgets
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View
from reversion.models import Version

from newsroom import translations
from newsroom.editorial import diff, review, workflow
from newsroom.editorial.fields import editorial_fields
from newsroom.editorial.forms import name_parts
from newsroom.editorial.policy import policy_for
from newsroom.models import NewsItem
from newsroom.preview import preview_url


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), max_length=2000)


class ItemView(View):
    """A page of one item of the model of `model_admin`, in the admin's layout."""

    model_admin = None

    @property
    def model(self):
        return self.model_admin.model

    def find(self, request, object_id):
        """The item, and the request's policy over its model."""
        self.item = get_object_or_404(self.model, pk=object_id)
        self.policy = policy_for(request, self.model)

    def admin_url(self, view, *args):
        return reverse(admin_urlname(self.model._meta, view), args=args)

    def context(self, title, **kwargs):
        return {
            **self.model_admin.admin_site.each_context(self.request),
            "title": title,
            "opts": self.model._meta,
            "original": self.item,
            **kwargs,
        }


class ItemActView(ItemView):
    """One act on one item, confirmed through a form with a note shown to the public."""

    title = ""
    allowed = None  # the EditorialPolicy method that answers "may this user do it to item?"
    note_label = ""
    note_help = ""
    button = ""

    def dispatch(self, request, object_id):
        self.find(request, object_id)
        if not getattr(self.policy, self.allowed)(self.item):
            raise PermissionDenied(self.refusal)
        return super().dispatch(request, object_id)

    def form(self, data=None):
        form = NoteForm(data)
        form.fields["note"].label = self.note_label
        form.fields["note"].help_text = self.note_help
        return form

    def get(self, request, object_id):
        return self.render(self.form())

    def post(self, request, object_id):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form)
        messages.success(request, self.act(form.cleaned_data["note"]))
        return HttpResponseRedirect(self.admin_url("change", self.item.pk))

    def render(self, form):
        context = self.context(
            f"{self.title}: {self.item}",
            form=form,
            button=self.button,
            explanation=self.explanation,
        )
        return TemplateResponse(self.request, "admin/editorial/act.html", context)


class WithdrawView(ItemActView):
    title = "Withdraw"
    allowed = "can_withdraw"
    refusal = "Only a Publisher can withdraw a published item in their reach."
    note_label = "Why it is withdrawn (shown on the item)"
    note_help = "e.g. “It named the wrong participants.” The page keeps its text, marked."
    button = "Withdraw"
    explanation = (
        "The item leaves the newsroom, its counts and its feeds, and stays at its URL marked "
        "“This item was withdrawn on … because …”, with its original text."
    )

    def act(self, note):
        workflow.withdraw(self.item, note, self.request.user)
        return f"“{self.item}” was withdrawn; its page says why."


class CorrectView(ItemActView):
    title = "Add a correction"
    allowed = "can_correct"
    refusal = "Only a Publisher can correct a published item in their reach."
    note_label = "Correction (shown on the item with today's date)"
    note_help = "e.g. “An earlier version gave the wrong date for the meeting.”"
    button = "Add the correction"
    explanation = (
        "The note is shown on the item as “Correction, <date>: …”, listed in its history, "
        "and moves the item's modified date in feeds and structured data."
    )

    def act(self, note):
        workflow.correct(self.item, note, self.request.user)
        return f"The correction was added to “{self.item}”."


class ApproveForm(forms.Form):
    publish_at = forms.SplitDateTimeField(
        required=False,
        widget=widgets.AdminSplitDateTime,
        label="Schedule for",
        help_text=f"Vienna time ({settings.TIME_ZONE}). Empty: publish now.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_parts(self.fields["publish_at"].widget, "Schedule")

    def clean_publish_at(self):
        when = self.cleaned_data["publish_at"]
        if when is not None and when <= timezone.now():
            raise forms.ValidationError("Choose a time in the future, or leave it empty.")
        return when


class SendBackForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=4000,
        help_text="What the author should change; they receive it by email and on the dashboard.",
    )


class ReviewView(ItemView):
    """What was submitted, as changes to the live version (or the whole draft), with the
    Publisher's two answers: approve (now or scheduled) or send back with a comment."""

    def dispatch(self, request, object_id):
        self.find(request, object_id)
        if not self.policy.can_view(self.item):
            raise PermissionDenied("This item is outside the structures you edit for.")
        self.review = review.pending(self.item)
        return super().dispatch(request, object_id)

    def get(self, request, object_id):
        return self.render(ApproveForm(), SendBackForm())

    def post(self, request, object_id):
        if self.review is None or not self.policy.can_review(self.item):
            raise PermissionDenied("Only a Publisher can approve or send back, within their reach.")
        approve, send_back = ApproveForm(), SendBackForm()
        if "_approve" in request.POST:
            approve = ApproveForm(request.POST)
            if approve.is_valid():
                item = review.approve(self.review, request.user, approve.cleaned_data["publish_at"])
                messages.success(request, workflow.publication_message(item) or "Approved.")
                return self.back_to_queue()
        else:
            send_back = SendBackForm(request.POST)
            if send_back.is_valid():
                review.send_back(self.review, request.user, send_back.cleaned_data["comment"])
                messages.success(request, f"“{self.item}” was sent back to its author.")
                return self.back_to_queue()
        return self.render(approve, send_back)

    def back_to_queue(self):
        return HttpResponseRedirect(f"{self.admin_url('changelist')}?review=pending")

    def render(self, approve_form, send_back_form):
        live = diff.fields_of(self.item)
        if self.review and self.review.proposal:
            proposed = {**live, **review.as_state(self.review.proposal)}
            changes = diff.changes(live, proposed, self.model)
        elif self.item.is_live:
            changes = []
        else:  # a draft: everything in it is new to the public
            changes = diff.changes(dict.fromkeys(live, ""), live, self.model)
        context = self.context(
            f"Review: {self.item}",
            review=self.review,
            changes=changes,
            can_review=self.review is not None and self.policy.can_review(self.item),
            approve_form=approve_form,
            send_back_form=send_back_form,
            preview=preview_url(self.item),
            media=approve_form.media,
        )
        return TemplateResponse(self.request, "admin/editorial/review.html", context)


def restored_fields(model):
    """What a restore brings back: the text, never the URL (slug) or the publication time."""
    proposed = editorial_fields(model).proposed
    return tuple(name for name in proposed if name not in ("slug", "publish_at"))


class CompareView(ItemView):
    """One saved version against the one before it and against the item now; restoring it
    brings back its text, never its publication or URL, and says what that did."""

    def dispatch(self, request, object_id, version_id):
        self.find(request, object_id)
        if not self.policy.can_view(self.item):
            raise PermissionDenied("This item is outside the structures you edit for.")
        versions = Version.objects.get_for_object(self.item).select_related("revision__user")
        self.version = get_object_or_404(versions, pk=version_id)
        self.previous = versions.filter(pk__lt=self.version.pk).first()
        return super().dispatch(request, object_id, version_id)

    def get(self, request, object_id, version_id):
        state = diff.fields_of_version(self.version)
        before = diff.fields_of_version(self.previous) if self.previous else None
        since = diff.changes(state, diff.fields_of(self.item), self.model)
        restored = restored_fields(self.model)
        context = self.context(
            f"Version of {self.version.revision.date_created:%d %b %Y, %H:%M}",
            version=self.version,
            previous=self.previous,
            changes=diff.changes(before, state, self.model) if before else [],
            changes_since=since,
            can_restore=self.policy.can_change(self.item)
            and any(change.name in restored for change in since),
            restore_effect=self.restore_effect(),
        )
        return TemplateResponse(request, "admin/editorial/compare.html", context)

    def restore_effect(self):
        if not self.item.is_live:
            return "The draft gets this version's text; it stays a draft."
        if self.policy.saves_directly(self.item):
            return "The published item gets this version's text at once, at the same URL."
        return "This version's text becomes a change waiting for review; the public page stays."

    def post(self, request, object_id, version_id):
        if not self.policy.can_change(self.item):
            raise PermissionDenied("You cannot change this item.")
        state = diff.fields_of_version(self.version)
        text = {name: state[name] for name in restored_fields(self.model)}
        kept_tags = ""
        if diff.lost_tags(self.version):  # merged or deleted since: not the version's to undo
            del text["tags"]
            kept_tags = " Its tags were merged or deleted since: the item keeps its current tags."
        when = f"{self.version.revision.date_created:%d %b %Y, %H:%M}"
        if self.policy.saves_directly(self.item):
            workflow.restore(self.item, text, request.user, when)
            if self.item.is_live:
                message = f"Restored the version of {when}: it is published now, same URL."
            else:
                message = f"Restored the version of {when} as the draft's text; still a draft."
        else:
            review.submit(self.item, request.user, text)
            message = (
                f"The version of {when} is now a change waiting for a Publisher's review; "
                "the public page is unchanged."
            )
        messages.success(request, message + kept_tags)
        return HttpResponseRedirect(self.admin_url("change", self.item.pk))


class TranslateView(View):
    """“Translate into …”: a linked draft in the chosen language, filed like the item
    (newsroom/translations.py). A POST from the item's change form; anyone who may add
    items and reaches this one may start a translation."""

    model_admin = None
    http_method_names = ["post"]

    def post(self, request, object_id):
        item = get_object_or_404(NewsItem, pk=object_id)
        policy = policy_for(request)
        if not (policy.can_add() and policy.can_view(item)):
            raise PermissionDenied("You cannot add news items, or this item is not in your reach.")
        back = reverse("admin:newsroom_newsitem_change", args=[item.pk])
        try:
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(f"Started as a translation of “{item}”.")
                draft = translations.start_translation(
                    item, request.POST.get("language", ""), request.user
                )
        except translations.TranslationRefused as refusal:
            messages.error(request, str(refusal))
            return HttpResponseRedirect(back)
        messages.success(
            request,
            f"A draft in {draft.get_language_display()} was started from “{item}”, with its "
            "content type, structures, fields of work, countries, tags, image and publish "
            "time. Write its title, lead and text.",
        )
        return HttpResponseRedirect(reverse("admin:newsroom_newsitem_change", args=[draft.pk]))
