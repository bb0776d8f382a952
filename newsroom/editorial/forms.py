"""The news item form of the admin: the server-side half of the editorial rules.

Hidden or read-only fields are not a permission check: a hand-made POST must meet the
same refusals, so they live here and in NewsItemAdmin.save_model, not in templates.
"""

from django import forms
from django.core.exceptions import ValidationError

from newsroom.editorial.images import LeadImageFormField
from newsroom.models import NewsItem

TITLE_SOFT_LIMIT = 120
LEAD_SOFT_LIMIT = 300


class NewsItemAdminForm(forms.ModelForm):
    # Set per request by NewsItemAdmin.get_form.
    can_publish = True
    scope_structure_ids = None

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
        for name, limit in (("title", TITLE_SOFT_LIMIT), ("lead", LEAD_SOFT_LIMIT)):
            if name in self.fields:
                self.fields[name].widget.attrs["data-soft-limit"] = limit

    def clean(self):
        cleaned = super().clean()
        if not self.can_publish:
            current = self.instance.status if self.instance.pk else NewsItem.Status.DRAFT
            requested = self.data.get("status")
            if requested and requested != current:
                raise ValidationError(
                    "You cannot publish, unpublish or schedule news items: a Publisher "
                    "must do it. Your changes were not saved.",
                    code="publish_denied",
                )
        if self.scope_structure_ids is not None and "structures" in cleaned:
            chosen = {structure.pk for structure in cleaned["structures"]}
            if not chosen & self.scope_structure_ids:
                self.add_error(
                    "structures",
                    "Choose at least one of the structures you edit for, or the item "
                    "would leave your reach.",
                )
        if cleaned.get("image") and not cleaned.get("image_alt", "").strip():
            self.add_error("image_alt", "Describe the image: alt text is required with it.")
        return cleaned

    def soft_limit_warnings(self):
        warnings = []
        title, lead = self.cleaned_data.get("title", ""), self.cleaned_data.get("lead", "")
        if len(title) > TITLE_SOFT_LIMIT:
            warnings.append(
                f"The title has {len(title)} characters; aim for {TITLE_SOFT_LIMIT} or fewer."
            )
        if len(lead) > LEAD_SOFT_LIMIT:
            warnings.append(
                f"The lead has {len(lead)} characters; aim for {LEAD_SOFT_LIMIT} or fewer."
            )
        return warnings
