"""The admin pages of editorial acts on one item: withdraw, correct (and review, compare).

NewsItemAdmin.get_urls mounts them under the item's admin URL; each asks the request's
EditorialPolicy before it shows or does anything.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from newsroom.editorial import workflow
from newsroom.editorial.policy import policy_for
from newsroom.models import NewsItem


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), max_length=2000)


class ItemActView(View):
    """One act on one item, confirmed through a form with a note shown to the public."""

    model_admin = None
    title = ""
    allowed = None  # the EditorialPolicy method that answers "may this user do it to item?"
    note_label = ""
    note_help = ""
    button = ""

    def dispatch(self, request, object_id):
        self.item = get_object_or_404(NewsItem, pk=object_id)
        if not getattr(policy_for(request), self.allowed)(self.item):
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
        return HttpResponseRedirect(reverse("admin:newsroom_newsitem_change", args=[self.item.pk]))

    def render(self, form):
        site = self.model_admin.admin_site
        context = {
            **site.each_context(self.request),
            "title": f"{self.title}: {self.item}",
            "opts": NewsItem._meta,
            "original": self.item,
            "form": form,
            "button": self.button,
            "explanation": self.explanation,
        }
        return TemplateResponse(self.request, "admin/newsroom/newsitem/act.html", context)


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
