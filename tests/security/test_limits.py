import pytest
from django.urls import reverse


@pytest.fixture
def public(settings):
    settings.SECURE_SSL_REDIRECT = False
    return settings


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=" + "a" * 201, "too long (at most 200 characters)"),
        ("&".join(["type=news"] * 21), "Too many values for “type” (at most 20)"),
        ("&".join(f"p{n}=1" for n in range(31)), "Too many different parameters"),
        ("q=" + "&q=".join(["abcdefghij" * 10] * 20) + "&x=" + "y" * 100, "too long"),
        ("&" * 1500, "Too many parameters"),
    ],
)
def test_query_string_over_a_limit_gets_400_with_a_message(client, public, query, message):
    response = client.get(f"/newsroom/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/newsroom/", "/newsroom/rss/"])
def test_null_bytes_in_parameters_are_ignored_not_500(client, public, path):
    response = client.get(f"{path}?q=border%00mission&type=%00&from=%00")
    assert response.status_code == 200


@pytest.mark.django_db
def test_query_string_at_the_limits_is_served(client, public):
    query = "&".join(["type=news"] * 20) + "&q=" + "b" * 200
    assert client.get(f"/newsroom/?{query}").status_code == 200


def test_400_page_needs_no_database(client, public):
    response = client.get("/newsroom/?q=" + "a" * 300)  # no django_db mark: a query would raise
    assert response.status_code == 400
    assert b"<h1>We could not read this request</h1>" in response.content
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_too_many_form_fields_is_a_400_not_a_500(client, public):
    data = {f"field{n}": "x" for n in range(1100)}
    response = client.post(reverse("admin:login"), data)
    assert response.status_code == 400


@pytest.mark.django_db
def test_too_large_request_body_is_a_400(client, public):
    public.REQUEST_BODY_MAX_SIZE = 1000
    response = client.post(reverse("admin:login"), {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 400
    assert "too large" in response.content.decode()


@pytest.mark.django_db
def test_form_data_over_memory_limit_is_a_400(client, public):
    public.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(reverse("admin:login"), {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_admin_query_strings_are_not_capped(client, public, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("admin:auth_user_changelist") + "?q=" + "z" * 300)
    assert response.status_code == 200
