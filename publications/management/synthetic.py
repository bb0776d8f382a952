"""Synthetic publications for benchmarks: bulk-written like the news archive
(newsroom/management/synthetic.py), on the same taxonomy. About half have files (one to three
languages), their page texts written as DocumentPage rows as the worker would have
extracted them, all pointing at one small stored PDF. The same seed gives the same shelf.
"""

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import TaggedItem

from library.models import Document, DocumentPage, DocumentType, Language, TextStatus
from newsroom.management.synthetic import SENTENCES, WHO, ensure_taxonomy
from publications import indexing
from publications.models import Publication, PublicationFile, PublicationKind

BATCH = 1000
YEARS = 20
SHARED_FILE = "library/documents/synthetic/shared.pdf"
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
TITLES = [
    "Handbook on {topic} for practitioners",
    "{Topic} in {country}: an assessment",
    "Guidelines on {topic}",
    "Annual report on {topic}",
    "Study of {topic} in the OSCE region",
    "{Topic}: lessons learned from {country}",
    "Project on {topic} in {country}",
    "Stories of {topic} from {country}",
]


def shared_file():
    if not default_storage.exists(SHARED_FILE):
        default_storage.save(SHARED_FILE, ContentFile(MINIMAL_PDF))
    return SHARED_FILE


def generate_publications(count, seed=0):
    """Write `count` published publications; returns how many were written."""
    taxonomy = ensure_taxonomy()
    kinds = list(PublicationKind.objects.all())
    if not kinds:
        return 0
    start = (Publication.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    rng = random.Random(f"publications:{seed}:{start}")
    now = timezone.now()
    languages = [code for code, _ in Language.choices]
    content_type_id = ContentType.objects.get_for_model(Publication).pk
    file_name = shared_file()
    for first in range(0, count, BATCH):
        size = min(BATCH, count - first)
        rows = []
        for n in range(first, first + size):
            fields = rng.sample(taxonomy.fields_of_work, rng.randint(1, 3))
            structures = rng.sample(taxonomy.structures, rng.randint(1, 2))
            countries = rng.sample(taxonomy.countries, rng.randint(0, 2))
            tags = rng.sample(taxonomy.tags, rng.randint(0, 3))
            words = {
                "topic": fields[0].name.lower(),
                "Topic": fields[0].name,
                "country": countries[0].name if countries else "the OSCE region",
                "structure": structures[0].name,
                "who": rng.choice(WHO),
                "n": rng.randint(10, 90),
                "year": rng.randint(1995, 2024),
            }
            title = rng.choice(TITLES).format(**words)
            issued = (now - datetime.timedelta(days=rng.randint(0, YEARS * 365))).date()
            abstract = " ".join(
                rng.choice(SENTENCES).format(**words) for _ in range(rng.randint(1, 3))
            )
            publication = Publication(
                uuid=uuid.UUID(int=rng.getrandbits(128)),
                title=title,
                slug=f"{slugify(title)[:180]}-{start + n}",
                kind=rng.choice(kinds),
                issued_on=issued,
                date_precision=rng.choice(["day", "day", "month", "year"]),
                abstract=abstract,
                body=f"<p>{abstract}</p>",
                status=Publication.Status.PUBLISHED,
                publish_at=now - datetime.timedelta(days=rng.randint(0, 30)),
                sort_date=datetime.datetime.combine(issued, datetime.time(), tzinfo=datetime.UTC),
            )
            files = rng.sample(languages, rng.choice([0, 0, 1, 2, 3]))
            pages = [
                " ".join(rng.choice(SENTENCES).format(**words) for _ in range(8)) for _ in range(3)
            ]
            rows.append((publication, fields, structures, countries, tags, files, pages))
        with transaction.atomic():
            publications = Publication.objects.bulk_create([row[0] for row in rows])
            through = Publication.fields_of_work.through
            through.objects.bulk_create(
                through(publication_id=p.pk, fieldofwork_id=f.pk)
                for p, row in zip(publications, rows, strict=True)
                for f in row[1]
            )
            through = Publication.structures.through
            through.objects.bulk_create(
                through(publication_id=p.pk, structure_id=s.pk)
                for p, row in zip(publications, rows, strict=True)
                for s in row[2]
            )
            through = Publication.countries.through
            through.objects.bulk_create(
                through(publication_id=p.pk, country_id=c.pk)
                for p, row in zip(publications, rows, strict=True)
                for c in row[3]
            )
            TaggedItem.objects.bulk_create(
                TaggedItem(content_type_id=content_type_id, object_id=p.pk, tag_id=t.pk)
                for p, row in zip(publications, rows, strict=True)
                for t in row[4]
            )
            documents, links, page_rows = [], [], []
            for p, row in zip(publications, rows, strict=True):
                for language in row[5]:
                    documents.append(
                        (
                            p,
                            Document(
                                title=f"{p.title} ({language})",
                                file=file_name,
                                language=language,
                                file_type=DocumentType.PDF,
                                file_size=len(MINIMAL_PDF),
                                page_count=len(row[6]),
                                text_status=TextStatus.EXTRACTED,
                            ),
                            row[6],
                        )
                    )
            saved = Document.objects.bulk_create([d for _, d, _ in documents])
            for position, ((p, _, pages), document) in enumerate(
                zip(documents, saved, strict=True)
            ):
                links.append(
                    PublicationFile(publication=p, document=document, position=position % 3)
                )
                page_rows += [
                    DocumentPage(document=document, number=number, text=text)
                    for number, text in enumerate(pages, start=1)
                ]
            PublicationFile.objects.bulk_create(links)
            DocumentPage.objects.bulk_create(page_rows)
            indexing.refresh([p.pk for p in publications])
    return count
