"""The admin's "Import documents" page: upload, review the dry run, confirm.

Between the two steps the uploaded texts travel in a signed, compressed hidden field
rather than in a temporary file or the session, so the confirmation may land on any of
several stateless app servers and nobody can slip in a document that was not reviewed.
"""

import base64
import dataclasses
import json
import zlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views import View

from newsroom.importer.load import import_documents
from newsroom.models import NewsItem
from structures.models import Country, FieldOfWork, Structure

SALT = "newsroom.importer.upload"
MAX_AGE = 60 * 60  # seconds a reviewed upload may wait for its confirmation
MAX_BYTES = 1024 * 1024  # per request; the hidden field must stay under Django's POST limit


def pack(files):
    data = [[name, raw.decode("latin-1")] for name, raw in files]
    compressed = zlib.compress(json.dumps(data, ensure_ascii=False).encode(), 9)
    return signing.TimestampSigner(salt=SALT).sign(base64.urlsafe_b64encode(compressed).decode())


def unpack(token):
    value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=MAX_AGE)
    data = json.loads(zlib.decompress(base64.urlsafe_b64decode(value)))
    return [(name, text.encode("latin-1")) for name, text in data]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class UploadForm(forms.Form):
    files = MultipleFileField(
        allow_empty_file=True,  # the importer reports it, like any other malformed document
        label="Documents",
        help_text="One or more page dumps (.txt). You will see what they would change first.",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if not_text := [f.name for f in files if not f.name.lower().endswith(".txt")]:
            raise forms.ValidationError(f"Only .txt files can be imported: {', '.join(not_text)}.")
        if sum(f.size for f in files) > MAX_BYTES:
            raise forms.ValidationError("Upload at most 1 MB at a time.")
        return [(f.name, f.read()) for f in files]


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    as_drafts = forms.BooleanField(
        required=False,
        label="Import as drafts",
        help_text="New items stay drafts, to be reviewed and published one by one.",
    )

    def clean_token(self):
        try:
            return unpack(self.cleaned_data["token"])
        except signing.SignatureExpired:
            raise forms.ValidationError(
                "This review has expired: upload the files again."
            ) from None
        except (signing.BadSignature, ValueError, zlib.error):
            raise forms.ValidationError(
                "The upload could not be verified: upload it again."
            ) from None


class ImportDocumentsView(View):
    admin_site = None
    template_name = "admin/newsroom/import_documents.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("newsroom.import_documents"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(request, upload_form=UploadForm())

    def post(self, request):
        if "token" in request.POST:
            form = ConfirmForm(request.POST)
            if not form.is_valid():
                return self.render(request, upload_form=UploadForm(), confirm_form=form)
            report, drafted = import_confirmed(
                form.cleaned_data["token"], request.user, form.cleaned_data["as_drafts"]
            )
            level = messages.SUCCESS if report.ok else messages.WARNING
            imported = len(report.documents) - len(report.failed)
            messages.add_message(request, level, f"Imported {imported} of "
                                 f"{len(report.documents)} documents.")  # fmt: skip
            if form.cleaned_data["as_drafts"]:
                messages.info(request, f"{drafted} new items are drafts.")
            return self.render(request, upload_form=UploadForm(), report=report)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, upload_form=form)
        files = form.cleaned_data["files"]
        token = pack(files)
        if len(token) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE * 0.9:
            form.add_error("files", "These files are too large to review at once: upload fewer.")
            return self.render(request, upload_form=form)
        report, listing = dry_run(files)
        confirm_form = ConfirmForm(initial={"token": token})
        return self.render(request, report=report, listing=listing, confirm_form=confirm_form)

    def render(self, request, **context):
        context = {
            **self.admin_site.each_context(request),
            "title": "Import documents",
            "opts": NewsItem._meta,
            **context,
        }
        return TemplateResponse(request, self.template_name, context)


# What a dry run lists, and "import as drafts" (issue 17): an import must not publish junk.


@dataclasses.dataclass
class Listing:
    """The items an import creates or changes, and the new structures, topics and countries."""

    items: list
    structures: list
    topics: list
    countries: list


LISTED = (NewsItem, Structure, FieldOfWork, Country)


def _newest_ids():
    return {model: model.objects.aggregate(top=Max("pk"))["top"] or 0 for model in LISTED}


def _listing(before_ids, started):
    new_item = Q(pk__gt=before_ids[NewsItem])
    items = (
        NewsItem.objects.filter(new_item | Q(updated_at__gte=started))
        .select_related("news_type")
        .order_by("publish_at", "pk")
    )
    rows = [
        {
            "title": item.title,
            "date": item.publish_at,
            "type": item.news_type.name if item.news_type else "—",
            "status": "Scheduled" if item.is_scheduled else item.get_status_display(),
            "url": item.get_absolute_url(),
            "change": "new" if item.pk > before_ids[NewsItem] else "changed",
        }
        for item in items
    ]

    def new_names(model):
        return list(model.objects.filter(pk__gt=before_ids[model]).values_list("name", flat=True))

    return Listing(rows, new_names(Structure), new_names(FieldOfWork), new_names(Country))


def dry_run(files):
    """The import run for real inside a transaction that is rolled back, so that what it
    would create or change can be listed item by item before anyone confirms."""
    with transaction.atomic():
        before, started = _newest_ids(), timezone.now()
        report = import_documents(files)
        listing = _listing(before, started)
        transaction.set_rollback(True)
    report.dry_run = True
    return report, listing


def import_confirmed(files, user, as_drafts):
    """The confirmed import; with `as_drafts` the items it creates stay drafts for review."""
    with transaction.atomic():
        before = _newest_ids()
        report = import_documents(files, user=user)
        drafted = 0
        if as_drafts:
            drafted = NewsItem.objects.filter(pk__gt=before[NewsItem]).update(
                status=NewsItem.Status.DRAFT
            )
    return report, drafted
