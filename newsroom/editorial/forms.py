"""The news item form of the admin: what an editor is told before anything is saved.

The rights come from the request's EditorialPolicy (newsroom/editorial/policy.py), which
NewsItemAdmin.get_form hands to the form class it makes for each request.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured, ValidationError

from library.admin import ImageChooserWidget
from newsroom.editorial.policy import Publication
from newsroom.models import NewsItem

TITLE_SOFT_LIMIT = 120
LEAD_SOFT_LIMIT = 300
SOFT_LIMITS = {"title": TITLE_SOFT_LIMIT, "lead": LEAD_SOFT_LIMIT}


class NewsItemAdminForm(forms.ModelForm):
    policy = None  # the user's EditorialPolicy, set by NewsItemAdmin.get_form

    class Meta:
        model = NewsItem
        fields = "__all__"  # noqa: DJ007 -- the admin's fieldsets choose what is shown
        widgets = {
            "lead_image": ImageChooserWidget(
                NewsItem._meta.get_field("lead_image").remote_field, admin.site
            )
        }
        help_texts = {
            "title": f"Keep it under {TITLE_SOFT_LIMIT} characters: longer titles are cut "
            "in lists, feeds and search results.",
            "lead": f"One or two sentences, under {LEAD_SOFT_LIMIT} characters.",
            "body": "HTML: paragraphs, headings (h2–h4), lists, links, bold/italic, quotes, "
            "tables and images from our media library. Anything else (scripts, styles, "
            "embedded frames) is removed when you save. Use “Save and preview” to check.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in SOFT_LIMITS.items():
            if name in self.fields:
                self.fields[name].widget.attrs["data-soft-limit"] = limit

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
