"""The change forms of the admin's content (news items, publications): what an editor is told
before anything is saved.

The rights come from the request's EditorialPolicy (newsroom/editorial/policy.py), which
EditorialAdmin.get_form hands to the form class it makes for each request.
"""

import json

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from library.admin import ImageChooserWidget
from newsroom.editorial import review
from newsroom.editorial.checks import content_warnings, images_without_alt
from newsroom.editorial.policy import Publication
from newsroom.editorial.sanitize import (
    EDITOR_ELEMENTS,
    HEADING_LEVELS,
    LINK_REL,
    LINK_SCHEMES,
    as_html,
    clean_html,
    editor_limits,
    removals,
)
from newsroom.models import NewsItem

TITLE_SOFT_LIMIT = 120
LEAD_SOFT_LIMIT = 300
SOFT_LIMITS = {"title": TITLE_SOFT_LIMIT, "lead": LEAD_SOFT_LIMIT}


EDITOR_CSS = [
    "django_prose_editor/material-icons.css",
    "django_prose_editor/editor.css",
    "django_prose_editor/overrides.css",
    "css/rich-text-editor.css",
]


def editor_config():
    """What static/js/rich-text-editor.js builds: made from sanitize.EDITOR_ELEMENTS."""
    options = {
        "Heading": {"levels": HEADING_LEVELS},
        "Link": {"protocols": sorted(LINK_SCHEMES), "rel": LINK_REL},
    }
    return {
        "extensions": {name: options.get(name, True) for name in EDITOR_ELEMENTS},
        "choosers": {
            "linkChooser": reverse("admin:newsroom_newsitem_link_chooser"),
            "imageChooser": reverse("admin:library_image_chooser"),
            "documentChooser": reverse("admin:library_document_chooser"),
        },
    }


class RichTextWidget(forms.Textarea):
    """The rich-text editor on a textarea; a body it cannot show stays an HTML textarea."""

    @property
    def media(self):
        editor = static("django_prose_editor/editor.js")
        script = forms.Script(
            "js/rich-text-editor.js", type="module", **{"data-editor-module": editor}
        )
        return forms.Media(css={"all": EDITOR_CSS}, js=[script])

    def format_value(self, value):
        return as_html(super().format_value(value))

    def render(self, name, value, attrs=None, renderer=None):
        if limits := editor_limits(value):
            notice = format_html(
                '<p class="help rich-text-limits">This text has HTML the editor cannot show '
                "({}): it is kept as it is, and edited as HTML here.</p>",
                ", ".join(limits),
            )
            return notice + super().render(name, value, attrs, renderer)
        attrs = {**(attrs or {}), "data-rich-text": json.dumps(editor_config())}
        return super().render(name, value, attrs, renderer)


class RichTextFormMixin:
    """Cleans the rich-text fields and keeps what it removed and what the checks found."""

    rich_text_fields = ()

    def clean(self):
        cleaned = super().clean()
        self.removed = {}
        for name in self.rich_text_fields:
            if html := cleaned.get(name):
                self.removed[name] = removals(html)
                cleaned[name] = clean_html(html)
                self.require_alt_text(name, cleaned[name])
        return cleaned

    def require_alt_text(self, name, html):
        if missing := images_without_alt(html):
            self.add_error(
                name,
                f"Describe every image for people who cannot see it: {', '.join(missing)} "
                "has no alt text.",
            )

    def editorial_warnings(self):
        """Sentences for the save message: what was removed, then what the checks found."""
        warnings = []
        for name, (found, formatting) in self.removed.items():
            label = self.fields[name].label
            warnings += [f"{label}: removed {removal}." for removal in found]
            if formatting:
                counts = ", ".join(f"{count} {kind}" for kind, count in formatting.items())
                warnings.append(f"{label}: formatting removed ({counts}).")
        for name in self.rich_text_fields:
            label = self.fields[name].label if name in self.fields else name
            html = self.cleaned_data.get(name, "")
            warnings += [f"{label} check: {warning}" for warning in content_warnings(html)]
        return warnings


class EditorialAdminForm(RichTextFormMixin, forms.ModelForm):
    """The change form of a content model the editorial workflow runs (news items,
    publications): its rights, its publication time, its version, a proposal to go on from.
    Subclasses name the model in their Meta."""

    policy = None  # the user's EditorialPolicy, set by EditorialAdmin.get_form
    rich_text_fields = ["body"]
    proposal = None  # a change under review the Editor goes on from (EditorialAdmin.get_form)
    # The item's version when the form was opened (newsroom/editorial/locking.py).
    opened_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    backdate = forms.BooleanField(
        required=False,
        label="Backdate",
        help_text="Publish with the earlier date above (an archive item). Without it, "
        "publishing means now and a later date schedules the item.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_workflow_fields()

    @property
    def status(self):
        return self._meta.model.Status

    def clean(self):
        if self.policy is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs the user's EditorialPolicy.")
        cleaned = super().clean()
        if not self.policy.may_change_publication(*self.publication_change()):
            raise ValidationError(
                f"You cannot publish, unpublish or schedule "
                f"{self._meta.model._meta.verbose_name_plural}: a Publisher must do it. Your "
                "changes were not saved.",
                code="publish_denied",
            )
        if "structures" in cleaned and not self.policy.keeps_reach(cleaned["structures"]):
            self.add_error(
                "structures",
                "Choose at least one of the structures you edit for, or the item "
                "would leave your reach.",
            )
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

    # The workflow's part of the form (issue 17): publication time, version, proposal.

    def init_workflow_fields(self):
        if self.proposal and not self.is_bound:
            self.initial.update(review.form_initial(self.proposal))
        self.initial.setdefault(
            "opened_version", self.instance.version if self.instance.pk else None
        )
        if "publish_at" in self.fields:
            field = self.fields["publish_at"]
            field.required = False
            field.help_text = (
                f"Vienna time ({settings.TIME_ZONE}). Leave it as it is to publish at the "
                "moment of publication; a later time schedules the item."
            )
            if self.policy is not None and not self.policy.can_publish():
                field.help_text = (
                    f"Vienna time ({settings.TIME_ZONE}). Another time is proposed with your "
                    "change: it applies when a Publisher approves it."
                )
            field.widget.attrs["data-time-zone"] = settings.TIME_ZONE
            name_parts(field.widget, "Publish")
            if self.instance.pk is None or not self.instance.is_live:
                # A draft's stored time is when it was written: publishing means now.
                self.initial.pop("publish_at", None)
        if "status" in self.fields and not self.instance.is_withdrawn:
            # Withdrawing takes a public note: the "Withdraw" page, not this menu.
            self.fields["status"].choices = [
                choice
                for choice in self.fields["status"].choices
                if choice[0] != self.status.WITHDRAWN
            ]

    def clean_publication_time(self, cleaned):
        """Publishing means now; a later time schedules; an earlier one needs "Backdate".

        Applies when the status becomes "published" or a Publisher changes the time; the
        buttons "Publish now" and "Schedule" (templates/admin/editorial/submit_line.html) ask
        for the same as choosing the status.
        """
        if "publish_at" not in self.fields:  # an Editor: the time is not theirs to set
            if cleaned.get("publish_at") is None and self.instance.pk is None:
                cleaned["publish_at"] = timezone.now()
            return
        if not self.policy.can_publish():  # an Editor proposing a time for a live item
            stored, when = self.stored_publication(), cleaned.get("publish_at")
            if when is None or _to_second(when) == _to_second(stored.publish_at):
                cleaned["publish_at"] = stored.publish_at  # left as it was: no proposal
            return
        now = timezone.now()
        published = self.status.PUBLISHED
        if "_publish_now" in self.data:
            cleaned["status"], cleaned["publish_at"] = published, now
            return
        if "_schedule" in self.data:
            cleaned["status"] = published
            when = cleaned.get("publish_at")
            if when is None or when <= now:
                self.add_error("publish_at", "To schedule, choose a time in the future.")
            return
        when, stored = cleaned.get("publish_at"), self.stored_publication()
        publishing = cleaned.get("status") == published
        going_out = publishing and (stored is None or stored.status != published)
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
        stored = self._meta.model.objects.filter(pk=self.instance.pk)
        row = stored.values("status", "publish_at").first()
        return Publication.of(row) if row else None


class NewsItemAdminForm(EditorialAdminForm):
    class Meta:
        model = NewsItem
        fields = "__all__"  # noqa: DJ007 -- the admin's fieldsets choose what is shown
        widgets = {
            "body": RichTextWidget,
            "lead_image": ImageChooserWidget(
                NewsItem._meta.get_field("lead_image").remote_field, admin.site
            ),
        }
        help_texts = {
            "title": f"Keep it under {TITLE_SOFT_LIMIT} characters: longer titles are cut "
            "in lists, feeds and search results.",
            "lead": f"One or two sentences, under {LEAD_SOFT_LIMIT} characters.",
            "body": "Paragraphs, headings (h2–h4), lists, links, bold/italic, quotes, tables, "
            "images and documents from the library, and YouTube or Vimeo videos (paste the "
            "address on an empty line). Anything else (scripts, styles, embedded frames) is "
            "removed when you save, and you are told what. Use “Save and preview” to check.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in SOFT_LIMITS.items():
            if name in self.fields:
                self.fields[name].widget.attrs["data-soft-limit"] = limit
        if "news_type" in self.fields and self.instance.pk is None:
            self.fields["news_type"].required = True  # imported items may have none
        if "language" in self.fields:
            self.fields["language"].required = False  # not given: unchanged (new: English)

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language or "en"

    def clean(self):
        cleaned = super().clean()
        self.check_group_language(cleaned)
        return cleaned

    def check_group_language(self, cleaned):
        """An item's translation group has one item per language."""
        language = cleaned.get("language")
        item = self.instance
        if not language or item.pk is None or language == item.language:
            return
        group = NewsItem.objects.group_of(item).exclude(pk=item.pk)
        if group.filter(language=language).exists():
            self.add_error(
                "language",
                "Another item of this item's translations is already in that language.",
            )

    def editorial_warnings(self):
        return [
            f"The {name} has {len(value)} characters; aim for {limit} or fewer."
            for name, limit in SOFT_LIMITS.items()
            if len(value := self.cleaned_data.get(name, "")) > limit
        ] + super().editorial_warnings()


def _to_second(moment):
    return moment.replace(microsecond=0)


def name_parts(widget, name):
    """A split date and time widget's two boxes, each with a name screen readers announce."""
    if not hasattr(widget, "widgets"):  # a form outside the admin: one box
        return
    date, time = widget.widgets
    date.attrs["aria-label"] = f"{name} date (Vienna, YYYY-MM-DD)"
    time.attrs["aria-label"] = f"{name} time (Vienna, HH:MM)"
