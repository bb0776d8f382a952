import pytest
from django.core.management import CommandError, call_command
from taggit.models import TaggedItem

from newsroom.models import NewsItem, NewsType
from structures.models import Country, FieldOfWork, Structure


def snapshot():
    return [
        (
            item.uuid,
            item.title,
            item.slug,
            item.publish_at,
            item.news_type.name,
            item.lead,
            item.body,
            sorted(s.name for s in item.structures.all()),
            sorted(f.name for f in item.fields_of_work.all()),
            sorted(c.name for c in item.countries.all()),
            sorted(t.name for t in item.tags.all()),
        )
        for item in NewsItem.objects.for_listing().order_by("slug")
    ]


@pytest.mark.django_db
def test_generate_content_creates_published_items_with_taxonomy(capsys):
    call_command("generate_content", items=25, seed=3, until="2025-06-30")

    assert NewsItem.objects.published().count() == 25
    assert "Generated 25 news items" in capsys.readouterr().out
    assert NewsType.objects.filter(name="Press release").exists()
    assert FieldOfWork.objects.listed().count() == 23
    assert Country.objects.participating_states().count() == 57
    assert Structure.objects.filter(name="Mission to Skopje").exists()
    for item in NewsItem.objects.prefetch_related("structures", "fields_of_work"):
        assert 1 <= len(item.structures.all()) <= 3
        assert 1 <= len(item.fields_of_work.all()) <= 4
        assert item.news_type_id is not None
        assert item.lead
    years = {d.year for d in NewsItem.objects.values_list("publish_at", flat=True)}
    assert min(years) >= 1995
    assert max(years) <= 2025
    assert TaggedItem.objects.count() > 0


@pytest.mark.django_db
def test_generate_content_same_seed_same_archive():
    call_command("generate_content", items=12, seed=42, until="2025-01-01")
    first = snapshot()
    NewsItem.objects.all().delete()

    call_command("generate_content", items=12, seed=42, until="2025-01-01")

    assert snapshot() == first


@pytest.mark.django_db
def test_generate_content_other_seed_other_archive():
    call_command("generate_content", items=8, seed=1, until="2025-01-01")
    first = snapshot()
    NewsItem.objects.all().delete()

    call_command("generate_content", items=8, seed=2, until="2025-01-01")

    assert [row[1:4] for row in snapshot()] != [row[1:4] for row in first]


@pytest.mark.django_db
def test_generate_content_adds_to_an_existing_archive_and_reuses_taxonomy():
    call_command("generate_content", items=5, seed=1)
    types = NewsType.objects.count()

    call_command("generate_content", items=5, seed=1)

    assert NewsItem.objects.count() == 10
    assert NewsItem.objects.values("slug").distinct().count() == 10
    assert NewsType.objects.count() == types


@pytest.mark.django_db
def test_generate_content_rejects_bad_until():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("generate_content", items=1, until="yesterday")


@pytest.mark.django_db
def test_generate_content_creates_publications_with_files_and_pdf_text(capsys):
    from library.models import DocumentPage
    from publications.models import Publication

    call_command("generate_content", publications=30, seed=5)
    assert "Generated 30 publications" in capsys.readouterr().out
    published = Publication.objects.published()
    assert published.count() == 30
    assert published.filter(fields_of_work__isnull=False).distinct().count() == 30
    with_files = published.filter(files__isnull=False).distinct()
    assert with_files.exists()
    first = with_files.order_by("pk").first()
    assert DocumentPage.objects.filter(document__publication_files__publication=first).exists()
    assert first.document_text  # indexed for search like an uploaded file's text


def test_generate_content_needs_a_count():
    with pytest.raises(CommandError, match="say how many"):
        call_command("generate_content")
