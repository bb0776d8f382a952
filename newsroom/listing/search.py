"""Full-text search of the newsroom (titles, leads and bodies) and of every list built on
its engine: a model names what it searches and how much each field weighs in
`SEARCH_WEIGHTS` (default: the news item's WEIGHTS) and what its summary is in
`SUMMARY_FIELD` (default: the lead); publications add their PDFs' text.

PostgreSQL gets real full-text search in each language: an item's stored vector is built with
its own language's configuration (CONFIGS), a query with the page's language's, so that
«выборы» on /ru/ finds «выборов» and «élections» on /fr/ finds «élection». It is weighted
(title A, lead B, body C), takes websearch syntax, ranks, and highlights with ts_headline,
on the stored, GIN-indexed `search_vector` column.
SQLite gets a plain fallback: every word must appear in one of the three fields, and the
best match is the one with the most weighted hits. `search()` is the one entry point the
FilterSet uses.
"""

import operator
import re
from functools import reduce

from django.db import connections
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Cast
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

SEARCH_CONFIG = "english"
# PostgreSQL's text search configuration of each language of settings.LANGUAGES.
CONFIGS = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "it": "italian",
    "ru": "russian",
    "es": "spanish",
}
# Which field weighs what. PostgreSQL's vector is built by a database trigger (migrations
# 0004 and 0013, which cannot import this module) with these weights and CONFIGS;
# tests/newsroom/test_search.py checks that the trigger's SQL says the same. SQLite's
# ranking scores each word found by the weight of the field it is found in.
WEIGHTS = {"title": "A", "lead": "B", "body": "C"}
HIT_SCORES = {"A": 4, "B": 2, "C": 1, "D": 1}
MAX_WORDS = 10
# Private-use characters mark matches in ts_headline's output, which is then escaped piece
# by piece: the stored text itself is never trusted as HTML.
MARK_START, MARK_STOP = "\ue000", "\ue001"
MARKED = re.compile(f"{MARK_START}(.*?){MARK_STOP}", re.DOTALL)
SUMMARY_WORDS = 60


def is_postgres(db):
    """Whether the database `db` (an alias) is PostgreSQL: full-text search, or the fallback."""
    return connections[db].vendor == "postgresql"


def config_for(language=None, model=None):
    """The text search configuration of `language` (by default the page's) for `model`'s
    vector: its own language's when `model.SEARCH_IN_OWN_LANGUAGE` (news items), else
    English, the configuration the other models' vectors are built with."""
    if model is not None and not getattr(model, "SEARCH_IN_OWN_LANGUAGE", False):
        return SEARCH_CONFIG
    return CONFIGS.get(language or get_language(), SEARCH_CONFIG)


def search_query(text, language=None, model=None):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(text, search_type="websearch", config=config_for(language, model))


def weights_of(model):
    return getattr(model, "SEARCH_WEIGHTS", WEIGHTS)


def words(text):
    return text.split()[:MAX_WORDS]


def search(queryset, text, language=None):
    """Items matching `text`: PostgreSQL full-text search (the query stemmed as `language`,
    by default the page's), or all words found on SQLite."""
    text = (text or "").strip()
    if not text:
        return queryset
    if is_postgres(queryset.db):
        return queryset.filter(search_vector=search_query(text, language, queryset.model))
    fields = weights_of(queryset.model)
    for word in words(text):
        queryset = queryset.filter(reduce(operator.or_, (contains(f, word) for f in fields)))
    return queryset


def contains(field, word):
    return Q(**{f"{field}__icontains": word})


def by_relevance(queryset, text, language=None):
    """Best match first: ts_rank on PostgreSQL, a weighted count of word hits on SQLite."""
    if is_postgres(queryset.db):
        from django.contrib.postgres.search import SearchRank

        # ts_rank is a float4; as double precision its value survives a round trip through
        # an API cursor (JSON) exactly, so `rank <= cursor's rank` finds the same row again.
        # As float4 it compared unequal to its own decimal text and a walk looped for ever.
        query = search_query(text, language, queryset.model)
        rank = Cast(SearchRank(F("search_vector"), query), FloatField())
    else:
        hits = [
            Case(
                When(contains(field, word), then=Value(HIT_SCORES[weight])),
                default=Value(0),
                output_field=IntegerField(),
            )
            for word in words(text)
            for field, weight in weights_of(queryset.model).items()
        ]
        rank = sum(hits[1:], hits[0]) if hits else Value(0)
    return queryset.annotate(rank=rank).order_by("-rank", "-sort_date", "-id")


# Text edits (osce_site/caching.py: a remembered search stays while edits leave it alone) --


def searched_fields(model):
    """The fields whose text `model`'s search reads."""
    return list(weights_of(model))


def searched_before(model, db):
    """What to keep of a row before a text edit, to tell later whether the edit changed a
    search: the stored vector on PostgreSQL, the searched texts on SQLite."""
    return ["search_vector"] if is_postgres(db) else searched_fields(model)


def unaffected(model, db, text, language, edits):
    """Whether the text `edits` (caching.Edit) of `model`'s rows leave the search for `text`
    as it was: every edited row matches it, or not, and ranks as it did before each edit.

    One query by key on PostgreSQL (the stored vectors before and now); on SQLite, the
    fallback's own rule (every word in some field, case-insensitive in ASCII as LIKE is)
    applied to the texts before and now. Edits of other models leave it alone; an edit
    whose text before is unknown (`before` None) changes it.
    """
    label = model._meta.label_lower
    before = {}
    for edit in edits:
        if edit.label == label:
            if edit.before is None:  # what it read before is not known
                return False
            before.setdefault(edit.pk, []).append(edit.before)
    if not before:
        return True
    if is_postgres(db):
        results = _matches_postgres(model, db, text, language, before)
    else:
        results = _matches_fallback(model, db, text, before)
    return all(len(set(found)) == 1 for found in results.values())


def _matches_postgres(model, db, text, language, before):
    """{pk: [(matches, rank) before each edit and now]}, in one query."""
    pks = [pk for pk, vectors in before.items() for _ in vectors]
    vectors = [vector for vectors in before.values() for (vector,) in vectors]
    quote = connections[db].ops.quote_name
    table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
    sql = f"""
        WITH q AS (SELECT websearch_to_tsquery(%s::regconfig, %s) AS q)
        SELECT v.pk, v.vector @@ q.q, ts_rank(v.vector, q.q)::float8
        FROM q, unnest(%s::bigint[], %s::tsvector[]) AS v(pk, vector)
        UNION ALL
        SELECT t.{key}, t.search_vector @@ q.q, ts_rank(t.search_vector, q.q)::float8
        FROM q, {table} AS t WHERE t.{key} = ANY(%s)
    """
    config = config_for(language, model)
    results = {pk: [] for pk in before}
    with connections[db].cursor() as cursor:
        cursor.execute(sql, [config, text, pks, vectors, list(before)])
        for pk, matches, rank in cursor.fetchall():
            results[pk].append((True, rank) if matches else (False, None))
    return results


def _matches_fallback(model, db, text, before):
    """{pk: [(matches, score) before each edit and now]}, as search() and by_relevance()
    decide them on SQLite."""
    fields = searched_fields(model)
    now = model._default_manager.using(db).filter(pk__in=list(before)).values_list("pk", *fields)
    texts = {pk: list(values) for pk, values in before.items()}
    for pk, *values in now:
        texts[pk].append(tuple(values))
    weights = [HIT_SCORES[weight] for weight in weights_of(model).values()]
    found = {}
    for pk, versions in texts.items():
        found[pk] = [_fallback_match(words(text), version, weights) for version in versions]
    return found


def _fallback_match(terms, values, weights):
    folded = [ascii_lower(value or "") for value in values]
    hits = [[ascii_lower(term) in value for value in folded] for term in terms]
    if not all(any(row) for row in hits):
        return (False, None)
    return (True, sum(w for row in hits for w, hit in zip(weights, row, strict=True) if hit))


ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(value):
    """Lower case as SQLite's LIKE compares: ASCII letters only."""
    return value.translate(ASCII_LOWER)


def mark_terms(text, terms):
    """`text` escaped, with every case-insensitive occurrence of `terms` in <mark>."""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out, pos = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[pos : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        pos = match.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def from_headline(text):
    """ts_headline output (raw stored text plus sentinels) as safe HTML."""
    out, pos = [], 0
    for match in MARKED.finditer(text):
        out.append(escape(clean_marks(text[pos : match.start()])))
        out.append(f"<mark>{escape(clean_marks(match.group(1)))}</mark>")
        pos = match.end()
    out.append(escape(clean_marks(text[pos:])))
    return mark_safe("".join(out))


def clean_marks(text):
    return text.replace(MARK_START, "").replace(MARK_STOP, "")


def highlight(items, text, language=None):
    """Give each item `title_html` and `lead_html` with the matched terms marked.

    One query on PostgreSQL (ts_headline for the page's items), none on SQLite.
    """
    text = (text or "").strip()
    items = list(items)
    if not text or not items:
        # Set, so that templates find them at once: a missing attribute costs the template
        # engine a dir() of the model instance.
        for item in items:
            item.title_html = item.lead_html = None
        return items
    model = type(items[0])
    summary = getattr(model, "SUMMARY_FIELD", "lead")
    leads = {item.pk: Truncator(getattr(item, summary)).words(SUMMARY_WORDS) for item in items}
    db = items[0]._state.db or "default"
    if is_postgres(db):
        from django.contrib.postgres.search import SearchHeadline

        query = search_query(text, language, model)
        options = {
            "config": config_for(language, model),
            "start_sel": MARK_START,
            "stop_sel": MARK_STOP,
            "highlight_all": True,
        }
        rows = (
            model._default_manager.using(db)
            .filter(pk__in=leads)
            .annotate(
                title_headline=SearchHeadline("title", query, **options),
                lead_headline=SearchHeadline(summary, query, **options),
            )
            .values_list("pk", "title_headline", "lead_headline")
        )
        found = {pk: (title, lead) for pk, title, lead in rows}
        for item in items:
            title, lead = found.get(item.pk, (item.title, getattr(item, summary)))
            item.title_html = from_headline(title)
            item.lead_html = from_headline(Truncator(lead).words(SUMMARY_WORDS))
    else:
        terms = words(text)
        for item in items:
            item.title_html = mark_terms(item.title, terms)
            item.lead_html = mark_terms(leads[item.pk], terms)
    return items
