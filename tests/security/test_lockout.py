import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def editor(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed
    return get_user_model().objects.create_user(
        "editor", "editor@example.org", PASSWORD, is_staff=True
    )


def sign_in(client, password, ip="203.0.113.7", username="editor"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
        secure=True,
    )


def test_admin_login_succeeds_with_right_password(client, production, editor):
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_admin_login_locks_out_after_five_failures_even_with_right_password(
    client, production, editor
):
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200  # the form, with an error
    fifth = sign_in(client, "wrong")
    assert fifth.status_code == 429
    sixth = sign_in(client, PASSWORD)
    assert sixth.status_code == 429
    assert "Sign-in temporarily locked" in sixth.content.decode()
    assert "30 minutes" in sixth.content.decode()
    assert int(sixth["Retry-After"]) == 1800
    assert "_auth_user_id" not in client.session


def test_admin_lockout_is_per_username_and_ip(client, production, editor):
    for _ in range(5):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 429
    assert sign_in(client, PASSWORD, ip="198.51.100.2").status_code == 302


def test_admin_failures_reset_after_a_successful_login(client, production, editor):
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302


def test_password_validators_refuse_a_weak_password(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")
