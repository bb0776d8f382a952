"""The news item form of the admin: what an editor is told before anything is saved.

The rights come from the request's EditorialPolicy (newsroom/editorial/policy.py), which
NewsItemAdmin.get_form hands to the form class it makes for each request.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone

from newsroom.editorial.images import LeadImageFormField
from newsroom.editorial.policy import Publication
from newsroom.models import NewsItem

TITLE_SOFT_LIMIT = 120
LEAD_SOFT_LIMIT = 300
SOFT_LIMITS = {"title": TITLE_SOFT_LIMIT, "lead": LEAD_SOFT_LIMIT}


class NewsItemAdminForm(forms.ModelForm):
    policy = None  # the user's EditorialPolicy, set by NewsItemAdmin.get_form
    backdate = forms.BooleanField(
        required=False,
        label="Backdate",
        help_text="Publish with the earlier date above (an archive item). Without it, "
        "publishing means now and a later date schedules the item.",
    )

    class Meta:
        model = NewsItem
        fields = "__all__"  # noqa: DJ007 -- the admin's fieldsets choose what is shown
        field_classes = {"image": LeadImageFormField}
        help_texts = {
            "title": f"Keep it under {TITLE_SOFT_LIMIT} characters: longer titles are cut "
            "in lists, feeds and search results.",
            "lead": f"One or two sentences, under {LEAD_SOFT_LIMIT} characters.",
            "body": "HTML: paragraphs, headings (h2–h4), lists, links, bold/italic, quotes, "
            "tables and images from our media library. Anything else (scripts, styles, "
            "embedded frames) is removed when you save. Use “Save and preview” to check.",
            "image_alt": "Required with an image: what the photo shows, for people who "
            "cannot see it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in SOFT_LIMITS.items():
            if name in self.fields:
                self.fields[name].widget.attrs["data-soft-limit"] = limit
        self.init_workflow_fields()

    def clean(self):
        if self.policy is None:
            raise ImproperlyConfigured("NewsItemAdminForm needs the user's EditorialPolicy.")
        cleaned = super().clean()
        if not self.policy.may_change_publication(*self.publication_change()):
            raise ValidationError(
                "You cannot publish, unpublish or schedule news items: a Publisher "
                "must do it. Your changes were not saved.",
                code="publish_denied",
            )
        if "structures" in cleaned and not self.policy.keeps_reach(cleaned["structures"]):
            self.add_error(
                "structures",
                "Choose at least one of the structures you edit for, or the item "
                "would leave your reach.",
            )
        if cleaned.get("image") and not cleaned.get("image_alt", "").strip():
            self.add_error("image_alt", "Describe the image: alt text is required with it.")
        self.clean_publication_time(cleaned)
        return cleaned

    def publication_change(self):
        """The item's publication before (None if new) and the one the POST asks for.

        The status is read from the raw POST: for an Editor it is a read-only field, which
        the form leaves out, yet a hand-made POST may still carry it.
        """
        stored = Publication.of(self.instance)
        requested = stored._replace(status=self.data.get("status") or stored.status)
        return (stored if self.instance.pk else None), requested

    def soft_limit_warnings(self):
        return [
            f"The {name} has {len(value)} characters; aim for {limit} or fewer."
            for name, limit in SOFT_LIMITS.items()
            if len(value := self.cleaned_data.get(name, "")) > limit
        ]

    # The workflow's part of the form (issue 17): content type, publication time.

    def init_workflow_fields(self):
        if "news_type" in self.fields and self.instance.pk is None:
            self.fields["news_type"].required = True  # imported items may have none
        if "publish_at" in self.fields:
            field = self.fields["publish_at"]
            field.required = False
            field.help_text = (
                f"Vienna time ({settings.TIME_ZONE}). Leave it as it is to publish at the "
                "moment of publication; a later time schedules the item."
            )
            field.widget.attrs["data-time-zone"] = settings.TIME_ZONE
            if self.instance.pk is None or not self.instance.is_live:
                # A draft's stored time is when it was written: publishing means now.
                self.initial.pop("publish_at", None)
        if "status" in self.fields and not self.instance.is_withdrawn:
            # Withdrawing takes a public note: the "Withdraw" page, not this menu.
            self.fields["status"].choices = [
                choice
                for choice in self.fields["status"].choices
                if choice[0] != NewsItem.Status.WITHDRAWN
            ]

    def clean_publication_time(self, cleaned):
        """Publishing means now; a later time schedules; an earlier one needs "Backdate".

        Applies when the status becomes "published" or a Publisher changes the time; the
        buttons "Publish now" and "Schedule" (templates/admin/…/submit_line.html) ask for
        the same as choosing the status.
        """
        if "publish_at" not in self.fields:  # an Editor: the time is not theirs to set
            if cleaned.get("publish_at") is None and self.instance.pk is None:
                cleaned["publish_at"] = timezone.now()
            return
        now = timezone.now()
        if "_publish_now" in self.data:
            cleaned["status"], cleaned["publish_at"] = NewsItem.Status.PUBLISHED, now
            return
        if "_schedule" in self.data:
            cleaned["status"] = NewsItem.Status.PUBLISHED
            when = cleaned.get("publish_at")
            if when is None or when <= now:
                self.add_error("publish_at", "To schedule, choose a time in the future.")
            return
        when, stored = cleaned.get("publish_at"), self.stored_publication()
        publishing = cleaned.get("status") == NewsItem.Status.PUBLISHED
        going_out = publishing and (stored is None or stored.status != NewsItem.Status.PUBLISHED)
        moved = when is not None and (
            stored is None or _to_second(when) != _to_second(stored.publish_at)
        )
        if not moved:  # left as it was: a draft's is when it was written, not a choice
            cleaned["publish_at"] = now if going_out or stored is None else stored.publish_at
            return
        if publishing and (going_out or moved) and when < now and not cleaned.get("backdate"):
            self.add_error(
                "publish_at",
                "This time is in the past. Tick “Backdate” to publish with it (an archive "
                "item), or clear it to publish now.",
            )

    def stored_publication(self):
        if self.instance.pk is None:
            return None
        row = NewsItem.objects.filter(pk=self.instance.pk).values("status", "publish_at").first()
        return Publication.of(row) if row else None


def _to_second(moment):
    return moment.replace(microsecond=0)
