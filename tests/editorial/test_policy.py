"""The editorial policy on its own: every role against every question the admin asks it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.utils import timezone

from newsroom.editorial.forms import NewsItemAdminForm
from newsroom.editorial.policy import EditorialPolicy, Publication, policy_for
from newsroom.models import EditorScope, NewsItem
from tests.factories import make_news_item, make_structure, make_user

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = NewsItem.Status.DRAFT, NewsItem.Status.PUBLISHED


@pytest.fixture
def world():
    skopje, kosovo = make_structure("Mission to Skopje"), make_structure("Mission in Kosovo")
    own = make_news_item("Skopje news", published=False)
    own.structures.add(skopje)
    other = make_news_item("Kosovo news", published=False)
    other.structures.add(kosovo)
    scoped = make_user("skopje", "Editor")
    EditorScope.objects.create(user=scoped).structures.add(skopje)
    users = {
        "superuser": make_user("root", superuser=True),
        "publisher": make_user("publisher", "Publisher"),
        "editor": make_user("editor", "Editor"),
        "scoped editor": scoped,
        "staff without role": make_user("intern"),
    }
    return {"users": users, "own": own, "other": other, "skopje": skopje, "kosovo": kosovo}


# (role, item): publish, add, view, change, delete, preview
RIGHTS = [
    ("superuser", "own", (True, True, True, True, True, True)),
    ("superuser", "other", (True, True, True, True, True, True)),
    ("publisher", "own", (True, True, True, True, True, True)),
    ("publisher", "other", (True, True, True, True, True, True)),
    ("editor", "other", (False, True, True, True, False, True)),
    ("scoped editor", "own", (False, True, True, True, False, True)),
    ("scoped editor", "other", (False, True, False, False, False, True)),
    ("staff without role", "own", (False, False, False, False, False, False)),
]


@pytest.mark.parametrize(("role", "item", "expected"), RIGHTS)
def test_policy_rights_by_role_and_item(world, role, item, expected):
    policy = EditorialPolicy(world["users"][role])
    target = world[item]
    answers = (
        policy.can_publish(),
        policy.can_add(),
        policy.can_view(target),
        policy.can_change(target),
        policy.can_delete(target),
        policy.can_preview(),
    )
    assert answers == expected


@pytest.mark.parametrize("role", ["scoped editor", "staff without role", "editor"])
def test_policy_without_an_item_answers_for_the_role(world, role):
    policy = EditorialPolicy(world["users"][role])
    has_role = role != "staff without role"
    assert policy.can_view() is has_role
    assert policy.can_change() is has_role
    assert policy.can_change(NewsItem(title="Not saved yet")) is has_role


def test_policy_preview_needs_an_active_staff_user(world):
    publisher = world["users"]["publisher"]
    publisher.is_staff = False
    assert not EditorialPolicy(publisher).can_preview()
    publisher.is_staff, publisher.is_active = True, False
    assert not EditorialPolicy(publisher).can_preview()
    assert not EditorialPolicy(AnonymousUser()).can_preview()


@pytest.mark.parametrize(
    ("role", "readonly"),
    [
        ("superuser", ()),
        ("publisher", ()),
        ("editor", ("status", "publish_at")),
        ("scoped editor", ("status", "publish_at")),
        ("staff without role", ("status", "publish_at")),
    ],
)
def test_policy_readonly_fields(world, role, readonly):
    assert tuple(EditorialPolicy(world["users"][role]).readonly_fields()) == readonly
    assert tuple(EditorialPolicy(world["users"][role]).readonly_fields(world["own"])) == readonly


@pytest.mark.parametrize(
    ("role", "readonly"),
    [("publisher", ()), ("editor", ("status",)), ("scoped editor", ("status",))],
)
def test_policy_editor_may_propose_a_publish_time_for_a_live_item(world, role, readonly):
    """An Editor's change to a live item is a proposal: its publish time is proposed too."""
    live = make_news_item("Live Skopje news", structures=[world["skopje"]])
    assert tuple(EditorialPolicy(world["users"][role]).readonly_fields(live)) == readonly


NOW = timezone.now()
LATER = NOW + timedelta(days=2)
# before (None: a new item), after, allowed without the publish permission
TRANSITIONS = [
    (None, Publication(DRAFT, NOW), True),
    (None, Publication(PUBLISHED, NOW), False),
    (Publication(DRAFT, NOW), Publication(DRAFT, LATER), True),
    (Publication(DRAFT, NOW), Publication(PUBLISHED, NOW), False),
    (Publication(PUBLISHED, NOW), Publication(DRAFT, NOW), False),
    (Publication(PUBLISHED, NOW), Publication(PUBLISHED, NOW), True),
    (Publication(PUBLISHED, NOW), Publication(PUBLISHED, LATER), False),
]


@pytest.mark.parametrize(("before", "after", "allowed"), TRANSITIONS)
@pytest.mark.parametrize(
    "role", ["superuser", "publisher", "editor", "scoped editor", "staff without role"]
)
def test_policy_publication_changes(world, role, before, after, allowed):
    policy = EditorialPolicy(world["users"][role])
    assert policy.may_change_publication(before, after) is (allowed or policy.can_publish())


def test_policy_publication_of_an_item_and_of_stored_fields():
    item = NewsItem(status=PUBLISHED, publish_at=NOW)
    assert Publication.of(item) == Publication(PUBLISHED, NOW)
    assert Publication.of({"status": DRAFT, "publish_at": LATER, "slug": "x"}) == (DRAFT, LATER)


@pytest.mark.parametrize(
    ("role", "titles"),
    [
        ("superuser", {"Skopje news", "Kosovo news"}),
        ("publisher", {"Skopje news", "Kosovo news"}),
        ("editor", {"Skopje news", "Kosovo news"}),
        ("scoped editor", {"Skopje news"}),
    ],
)
def test_policy_limit_keeps_the_reached_items(world, role, titles):
    items = EditorialPolicy(world["users"][role]).limit(NewsItem.objects.all())
    assert set(items.values_list("title", flat=True)) == titles


def test_policy_keeps_reach(world):
    scoped = EditorialPolicy(world["users"]["scoped editor"])
    skopje, kosovo = world["skopje"], world["kosovo"]
    assert scoped.keeps_reach([skopje, kosovo])
    assert not scoped.keeps_reach([kosovo])
    assert not scoped.keeps_reach([])
    assert EditorialPolicy(world["users"]["editor"]).keeps_reach([])


def test_policy_scope_of_superuser_and_anonymous_is_never_read(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert not EditorialPolicy(world["users"]["superuser"]).is_scoped
        assert not EditorialPolicy(AnonymousUser()).is_scoped


def test_policy_for_reads_the_scope_once_a_request(world, django_assert_num_queries):
    request = RequestFactory().get("/admin/")
    request.user = world["users"]["scoped editor"]
    with django_assert_num_queries(2):  # the scope and its structures
        assert policy_for(request).scope_ids == {world["skopje"].pk}
    with django_assert_num_queries(0):
        assert policy_for(request) is policy_for(request)
        assert policy_for(request).is_scoped
    other = RequestFactory().get("/admin/")
    other.user = request.user
    assert policy_for(other) is not policy_for(request)


def test_policy_for_follows_a_change_of_user(world):
    request = RequestFactory().get("/admin/")
    request.user = world["users"]["editor"]
    assert not policy_for(request).can_publish()
    request.user = world["users"]["publisher"]  # e.g. signed in during the request
    assert policy_for(request).can_publish()


def test_policy_form_refuses_to_judge_without_a_policy(world):
    form = NewsItemAdminForm(data={"title": "No policy"}, instance=world["own"])
    with pytest.raises(ImproperlyConfigured):
        form.is_valid()


# The workflow's questions, for each role, on a draft and on a live (published) item in and
# out of reach: submit, review, saves directly, withdraw, correct, delete.
WORKFLOW = {
    ("superuser", "own draft"): (True, True, True, False, False, True),
    ("superuser", "own live"): (False, True, True, True, True, True),
    ("superuser", "other live"): (False, True, True, True, True, True),
    ("publisher", "own draft"): (True, True, True, False, False, True),
    ("publisher", "own live"): (False, True, True, True, True, True),
    ("publisher", "other live"): (False, True, True, True, True, True),
    ("editor", "own draft"): (True, False, True, False, False, False),
    ("editor", "own live"): (False, False, False, False, False, False),
    ("editor", "other live"): (False, False, False, False, False, False),
    ("scoped editor", "own draft"): (True, False, True, False, False, False),
    ("scoped editor", "own live"): (False, False, False, False, False, False),
    ("scoped editor", "other draft"): (False, False, True, False, False, False),
    ("scoped editor", "other live"): (False, False, False, False, False, False),
    ("staff without role", "own draft"): (False, False, True, False, False, False),
    ("staff without role", "own live"): (False, False, False, False, False, False),
}


@pytest.mark.parametrize(("role", "target", "expected"), [(*k, v) for k, v in WORKFLOW.items()])
def test_policy_workflow_by_role_and_item(world, role, target, expected):
    which, state = target.split()
    item = world["own" if which == "own" else "other"]
    item.status = PUBLISHED if state == "live" else DRAFT
    item.save()
    policy = EditorialPolicy(world["users"][role])
    answers = (
        policy.can_submit(item),
        policy.can_review(item),
        policy.saves_directly(item),
        policy.can_withdraw(item),
        policy.can_correct(item),
        policy.can_delete(item),
    )
    assert answers == expected


def test_policy_withdrawn_item_can_be_corrected_not_withdrawn_again(world):
    item = world["own"]
    item.status = NewsItem.Status.WITHDRAWN
    policy = EditorialPolicy(world["users"]["publisher"])
    assert policy.can_correct(item)
    assert not policy.can_withdraw(item)
    assert not EditorialPolicy(world["users"]["editor"]).saves_directly(item)
