"""Synthetic news archives for benchmarks and load tests.

Everything is written with bulk_create (items, the three M2M through tables and taggit's
TaggedItem): saving a large archive item by item, through NewsItem.save(), would take far
too long. The bodies built here are already inside the sanitiser's allow-list, which is why
skipping save() (and its clean_html) is safe. The same seed and end date give the same
archive. Countries are the organisation's (newsroom.importer.reference), as imports name them.
"""

import contextlib
import datetime
import operator
import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from newsroom.importer.reference import (
    ASIAN_PARTNERS,
    MEDITERRANEAN_PARTNERS,
    PARTICIPATING_STATES,
)
from newsroom.models import NewsItem, NewsType
from structures.models import Country, FieldOfWork, Structure

YEARS = 30
BATCH = 2000
WRITERS = 2

NEWS_TYPES = [
    ("News", "News", 40),
    ("Press release", "Press releases", 30),
    ("Spot report", "Spot reports", 6),
    ("Daily report", "Daily reports", 6),
    ("Statement", "Statements", 8),
    ("Op-ed", "Op-eds", 2),
    ("Feature story", "Feature stories", 4),
    ("Speech", "Speeches", 3),
    ("Interview", "Interviews", 1),
]

FIELDS_OF_WORK = [
    "Arms control",
    "Border management",
    "Combating human trafficking",
    "Countering terrorism",
    "Conflict prevention and resolution",
    "Cyber/ICT security",
    "Democratization",
    "Economic activities",
    "Education",
    "Elections",
    "Environmental activities",
    "Gender equality",
    "Good governance",
    "Human rights",
    "Media freedom and development",
    "Migration",
    "Minority rights",
    "Policing",
    "Reform and co-operation in the security sector",
    "Roma and Sinti",
    "Rule of law",
    "Tolerance and non-discrimination",
    "Youth",
]
UNLISTED_FIELDS_OF_WORK = ["Climate change", "Water management", "Energy security"]

STRUCTURES = [
    ("Secretariat", "secretariat"),
    ("Office for Democratic Institutions and Human Rights", "institution"),
    ("High Commissioner on National Minorities", "institution"),
    ("Representative on Freedom of the Media", "institution"),
    ("Parliamentary Assembly", "parliamentary_assembly"),
    ("Permanent Council", "decision_making_body"),
    ("Forum for Security Co-operation", "decision_making_body"),
    ("Conflict Prevention Centre", "department"),
    ("Transnational Threats Department", "department"),
    ("Office of the Co-ordinator of OSCE Economic and Environmental Activities", "department"),
    ("Presence in Albania", "field_operation"),
    ("Mission to Bosnia and Herzegovina", "field_operation"),
    ("Mission in Kosovo", "field_operation"),
    ("Mission to Moldova", "field_operation"),
    ("Mission to Montenegro", "field_operation"),
    ("Mission to Serbia", "field_operation"),
    ("Mission to Skopje", "field_operation"),
    ("Programme Office in Astana", "field_operation"),
    ("Programme Office in Bishkek", "field_operation"),
    ("Programme Office in Dushanbe", "field_operation"),
    ("Centre in Ashgabat", "field_operation"),
    ("Project Co-ordinator in Uzbekistan", "field_operation"),
    ("Special Monitoring Mission to Ukraine", "field_operation"),
    ("Mission to Croatia", "field_operation"),
    ("Office in Baku", "field_operation"),
    ("Office in Yerevan", "field_operation"),
    ("Mission to Georgia", "field_operation"),
]
CLOSED_STRUCTURES = {
    "Special Monitoring Mission to Ukraine",
    "Mission to Croatia",
    "Office in Baku",
    "Office in Yerevan",
    "Mission to Georgia",
}

TAGS = [
    "border security", "police reform", "election observation", "media freedom",
    "journalists' safety", "anti-corruption", "gender equality", "youth", "human trafficking",
    "small arms", "ammunition", "mine action", "cybersecurity", "water", "climate",
    "energy security", "money laundering", "national minorities", "Roma", "hate crime",
    "tolerance", "rule of law", "judicial reform", "confidence-building", "early warning",
    "mediation", "dialogue", "disaster risk reduction", "migration", "refugees",
    "training", "workshop", "conference", "field visit", "study visit", "capacity building",
    "women, peace and security", "violent extremism", "radicalization", "counter-terrorism",
    "border police", "customs", "drug trafficking", "transport", "good governance",
    "civil society", "parliament", "local government", "education", "schools",
]  # fmt: skip

PLACES = [
    "VIENNA", "WARSAW", "THE HAGUE", "PRISTINA", "SKOPJE", "SARAJEVO", "BELGRADE", "TIRANA",
    "PODGORICA", "CHISINAU", "KYIV", "ASTANA", "BISHKEK", "DUSHANBE", "ASHGABAT", "TASHKENT",
    "TBILISI", "YEREVAN", "BAKU", "COPENHAGEN", "HELSINKI", "MALTA",
]  # fmt: skip

TITLE_ACTIONS = [
    "OSCE {structure} trains {who} on {topic}",
    "OSCE {structure} supports {who} in {country} with {topic}",
    "{country}: OSCE conference discusses {topic}",
    "OSCE helps {who} strengthen {topic} in {country}",
    "Experts from {country} share good practices on {topic} at OSCE event",
    "OSCE {structure} and {country} launch project on {topic}",
    "Secretary General visits {country}, discusses {topic}",
    "OSCE workshop in {country} focuses on {topic}",
    "New OSCE handbook on {topic} presented in {country}",
    "OSCE {structure} concludes course on {topic} for {who}",
]
WHO = [
    "border police officers", "journalists", "judges and prosecutors", "young leaders",
    "civil society representatives", "election officials", "customs officers",
    "women entrepreneurs", "municipal officials", "parliamentarians", "teachers",
    "police officers", "human rights defenders",
]  # fmt: skip
SENTENCES = [
    "The event brought together {n} participants from {country} and neighbouring States.",
    "Participants discussed practical steps to strengthen {topic} across the region.",
    "The OSCE {structure} has supported national efforts on {topic} since {year}.",
    "Experts presented good practices and lessons learned from other participating States.",
    "The training combined theoretical sessions with practical exercises and case studies.",
    "Representatives of {who} and international organizations took part in the discussions.",
    "The activity is part of an extra-budgetary project funded by several participating States.",
    "Speakers underlined the importance of regional co-operation and mutual trust.",
    "The project aims to build the capacity of national institutions in {country}.",
    "A follow-up meeting will take place later this year to review progress.",
    "The recommendations will be presented to the authorities of {country}.",
    "{Topic} remains a key element of comprehensive security in the OSCE area.",
    "The national authorities will apply the new procedures from next month.",
    "Participants also visited local institutions to observe procedures in practice.",
    "The course was delivered in partnership with the host country's national academy.",
    "Gender equality and the participation of women were integrated throughout the programme.",
    "The handbook is available in English and in local languages.",
    "The meeting was opened by the Head of the OSCE {structure}.",
]  # fmt: skip
QUOTES = [
    "“Sustainable security is built on trust between institutions and the people they serve,” "
    "said the Head of the OSCE {structure}.",
    "“We will continue to support {who} in {country},” said the OSCE Secretary General.",
    "“Today's discussions show how much can be achieved through dialogue,” said a speaker.",
]


@dataclass
class Taxonomy:
    news_types: list
    type_weights: list
    structures: list
    fields_of_work: list
    countries: list
    tags: list


def ensure_taxonomy():
    """The content types, structures, fields of work, countries and tags items are filed under.

    Uses what the database holds; creates the defaults for a kind only when none exist.
    """
    if not NewsType.objects.exists():
        NewsType.objects.bulk_create(
            NewsType(name=name, plural=plural, slug=slugify(name)) for name, plural, _ in NEWS_TYPES
        )
    if not FieldOfWork.objects.exists():
        FieldOfWork.objects.bulk_create(
            [
                FieldOfWork(name=name, slug=slugify(name), listed=True, position=i)
                for i, name in enumerate(FIELDS_OF_WORK)
            ]
            + [FieldOfWork(name=name, slug=slugify(name)) for name in UNLISTED_FIELDS_OF_WORK]
        )
    if not Country.objects.exists():
        kinds = [
            (PARTICIPATING_STATES, Country.Kind.PARTICIPATING_STATE),
            (ASIAN_PARTNERS, Country.Kind.ASIAN_PARTNER),
            (MEDITERRANEAN_PARTNERS, Country.Kind.MEDITERRANEAN_PARTNER),
        ]
        Country.objects.bulk_create(
            Country(name=name, slug=slugify(name), kind=kind)
            for names, kind in kinds
            for name in names
        )
    if not Structure.objects.exists():
        Structure.objects.bulk_create(
            Structure(
                name=name,
                slug=slugify(name),
                kind=kind,
                closed=name in CLOSED_STRUCTURES,
                position=i,
            )
            for i, (name, kind) in enumerate(STRUCTURES)
        )
    if not Tag.objects.exists():
        Tag.objects.bulk_create(Tag(name=name, slug=slugify(name)) for name in TAGS)

    weights = {name: weight for name, _, weight in NEWS_TYPES}
    news_types = list(NewsType.objects.order_by("pk"))
    return Taxonomy(
        news_types=news_types,
        type_weights=[weights.get(t.name, 2) for t in news_types],
        structures=list(Structure.objects.order_by("pk")),
        fields_of_work=list(FieldOfWork.objects.order_by("pk")),
        countries=list(Country.objects.order_by("pk")),
        tags=list(Tag.objects.order_by("pk")),
    )


# Most news exists in English; every tenth item is French and every tenth Russian (by
# number, so the random draws, and with them every other field, stay as they were).
OTHER_LANGUAGES = {3: "fr", 7: "ru"}


def language_of(number):
    return OTHER_LANGUAGES.get(number % 10, "en")


class ArchiveWriter:
    def __init__(self, taxonomy, rng, until):
        self.tax = taxonomy
        self.rng = rng
        self.until = until
        self.span = YEARS * 365 * 86400

    def item(self, number):
        rng, tax = self.rng, self.tax
        structures = rng.sample(tax.structures, min(len(tax.structures), rng.randint(1, 3)))
        fields = rng.sample(tax.fields_of_work, min(len(tax.fields_of_work), rng.randint(1, 4)))
        countries = rng.sample(tax.countries, min(len(tax.countries), rng.randint(0, 2)))
        tags = rng.sample(tax.tags, min(len(tax.tags), rng.randint(0, 4)))
        words = {
            "structure": structures[0].name,
            "country": countries[0].name if countries else rng.choice(PARTICIPATING_STATES),
            "topic": fields[0].name.lower(),
            "Topic": fields[0].name,
            "who": rng.choice(WHO),
        }
        title = rng.choice(TITLE_ACTIONS).format(**words)
        title = title[0].upper() + title[1:]
        # Newer years hold more items, as real archives do: sqrt skews towards the end.
        age = int(self.span * (1 - rng.random() ** 0.5))
        publish_at = self.until - datetime.timedelta(seconds=age + 3600)
        news_type = rng.choices(tax.news_types, weights=tax.type_weights)[0]
        lead = " ".join(self.sentence(words, publish_at.year) for _ in range(rng.randint(1, 3)))
        body = self.body(words, publish_at.year) if rng.random() > 0.05 else ""
        item = NewsItem(
            uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
            title=title,
            slug=f"{slugify(title)[:200]}-{number}",
            news_type=news_type,
            place=rng.choice(PLACES),
            source=f"OSCE {structures[0].name}",
            lead=lead,
            body=body,
            status=NewsItem.Status.PUBLISHED,
            publish_at=publish_at,
            language=language_of(number),
        )
        return item, structures, fields, countries, tags

    def sentence(self, words, year):
        return self.rng.choice(SENTENCES).format(
            n=self.rng.randint(12, 120), year=max(1993, year - self.rng.randint(1, 15)), **words
        )

    def body(self, words, year):
        rng = self.rng
        paragraphs = []
        for _ in range(rng.randint(3, 7)):
            text = " ".join(self.sentence(words, year) for _ in range(rng.randint(2, 5)))
            paragraphs.append(f"<p>{text}</p>")
        if rng.random() < 0.4:
            paragraphs.insert(
                2, f"<blockquote><p>{rng.choice(QUOTES).format(**words)}</p></blockquote>"
            )
        if rng.random() < 0.2:
            points = "".join(f"<li>{self.sentence(words, year)}</li>" for _ in range(3))
            paragraphs.append(f"<h2>Next steps</h2><ul>{points}</ul>")
        return "".join(paragraphs)


class BulkWriter:
    """bulk_create everywhere; on PostgreSQL, COPY, which is faster still."""

    PLAIN = (
        models.CharField,
        models.TextField,
        models.IntegerField,
        models.BooleanField,
        models.UUIDField,
        models.ForeignKey,
    )

    def __init__(self, using="default"):
        self.using = using
        self.copy = self.connection.vendor == "postgresql"
        self.now = timezone.now()

    @property
    def connection(self):
        return connections[self.using]  # each thread has its own

    def items(self, objs, batch_size):
        if not self.copy:
            return NewsItem.objects.bulk_create(objs, batch_size=batch_size)
        table = NewsItem._meta.db_table
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(objs)],
            )
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = pk
        fields = [f for f in NewsItem._meta.concrete_fields if not f.generated]
        getters = [self.getter(f) for f in fields]
        self.copy_rows(
            NewsItem, [f.column for f in fields], ([g(o) for g in getters] for o in objs)
        )
        return objs

    def getter(self, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return lambda obj: self.now
        if isinstance(field, self.PLAIN) or type(field) is models.DateTimeField:
            return operator.attrgetter(field.attname)
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), self.connection)

    def links(self, model, names, rows, batch_size):
        fields = [model._meta.get_field(name) for name in names]
        if self.copy:
            self.copy_rows(model, [f.column for f in fields], rows)
        else:
            names = [f.attname for f in fields]
            objs = [model(**dict(zip(names, row, strict=True))) for row in rows]
            model.objects.bulk_create(objs, batch_size=batch_size)

    @contextlib.contextmanager
    def gin_indexes_deferred(self):
        """Drop the news table's GIN indexes for a bulk load and build them once at the end.

        Maintaining a GIN index row by row costs far more than building it in one go.
        """
        if not self.copy or self.connection.in_atomic_block:
            yield
            return
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s"
                " AND indexdef LIKE '%%USING gin%%'",
                [NewsItem._meta.db_table],
            )
            indexes = cursor.fetchall()
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {self.connection.ops.quote_name(name)}")
        try:
            yield
        finally:
            with self.connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '256MB'")
                for _, definition in indexes:
                    cursor.execute(definition)
                cursor.execute("RESET maintenance_work_mem")

    def write(self, rows, content_type_id, batch_size):
        items = self.items([row[0] for row in rows], batch_size)
        through = [
            (NewsItem.structures.through, "structure"),
            (NewsItem.fields_of_work.through, "fieldofwork"),
            (NewsItem.countries.through, "country"),
        ]
        for position, (model, column) in enumerate(through, start=1):
            links = [
                (item.pk, related.pk)
                for item, row in zip(items, rows, strict=True)
                for related in row[position]
            ]
            self.links(model, ["newsitem", column], links, batch_size)
        tagged = [
            (content_type_id, item.pk, tag.pk)
            for item, row in zip(items, rows, strict=True)
            for tag in row[4]
        ]
        self.links(TaggedItem, ["content_type", "object_id", "tag"], tagged, batch_size)

    def copy_rows(self, model, columns, rows):
        quote = self.connection.ops.quote_name
        sql = "COPY {} ({}) FROM STDIN".format(
            quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
        )
        with self.connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


def generate(count, seed=0, until=None, batch_size=BATCH, using="default"):
    """Write `count` published items; returns how many were written."""
    until = until or timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    taxonomy = ensure_taxonomy()
    start = (NewsItem.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    # Seeded with the archive's size too, so a second run with the same seed adds new items.
    rng = random.Random(f"{seed}:{start}")
    writer = ArchiveWriter(taxonomy, rng, until)
    sink = BulkWriter(using)
    content_type_id = ContentType.objects.get_for_model(NewsItem).pk

    def batches():
        for first in range(0, count, batch_size):
            yield [writer.item(start + n) for n in range(first, min(first + batch_size, count))]

    def write(rows):
        with transaction.atomic(using=using):
            sink.write(rows, content_type_id, batch_size)

    def write_and_close(rows):
        try:
            write(rows)
        finally:
            connections[using].close()

    # Large PostgreSQL loads overlap generating one batch with writing the previous ones on
    # other connections; inside a transaction (tests) everything stays on this connection.
    parallel = sink.copy and not sink.connection.in_atomic_block and count > 4 * batch_size
    with sink.gin_indexes_deferred():
        if not parallel:
            for rows in batches():
                write(rows)
        else:
            with ThreadPoolExecutor(WRITERS) as pool:
                pending = []
                for rows in batches():
                    pending.append(pool.submit(write_and_close, rows))
                    if len(pending) > 2 * WRITERS:
                        pending.pop(0).result()
                for future in pending:
                    future.result()
    return count
