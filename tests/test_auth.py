"""Login, logout, lockout, session expiry, and that every page needs a login."""

import datetime as dt

import pytest
import time_machine
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "healthz", "logout"}


def _named_routes(resolver=None, namespace=""):
    """Every named route, with example arguments for its converters."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_routes(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", {name: 1 for name in pattern.pattern.converters}


def test_every_page_except_login_and_healthz_redirects_anonymous_users(client):
    routes = [(name, kwargs) for name, kwargs in _named_routes() if name not in PUBLIC]
    assert ("home", {}) in routes and ("cases:detail", {"pk": 1}) in routes
    for name, kwargs in routes:
        for method in (client.get, client.post):
            response = method(reverse(name, kwargs=kwargs))
            assert response.status_code == 302, name
            assert response.url.startswith(reverse("login")), name


def test_admin_requires_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "login" in response.url or "logg-inn" in response.url


def test_login_shows_name_role_and_unit_in_header(client, personas):
    response = client.post(
        reverse("login"), {"username": "veileder", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    user = personas["veileder"]
    assert user.get_full_name() in page
    assert "NAV-veileder" in page
    assert "NAV Bergenhus" in page
    assert 'lang="nb"' in page


def test_wrong_password_and_unknown_user_give_the_same_norwegian_message(client, personas):
    for username in ("veileder", "finnes-ikke"):
        response = client.post(reverse("login"), {"username": username, "password": "feil"})
        assert response.status_code == 200
        assert "Feil brukernavn eller passord." in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_lockout_after_repeated_failures_even_with_the_right_password(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "veileder", "password": "feil"})
    response = client.post(reverse("login"), {"username": "veileder", "password": PASSWORD})
    assert response.status_code == 429
    assert "midlertidig sperret" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_ends_after_the_cooloff(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "veileder", "password": "feil"})
    with time_machine.travel(
        dt.datetime.now(dt.UTC) + settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1)
    ):
        response = client.post(reverse("login"), {"username": "veileder", "password": PASSWORD})
    assert response.status_code == 302


def test_logout_is_a_post_and_ends_the_session(client, personas):
    client.force_login(personas["veileder"])
    assert client.get(reverse("cases:mine")).status_code == 200
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("cases:mine")).url.startswith(reverse("login"))


def test_tampered_session_cookie_means_logged_out_not_an_error(client, personas, settings):
    client.force_login(personas["veileder"])
    client.cookies[settings.SESSION_COOKIE_NAME] = (
        "tuklet" + client.cookies[settings.SESSION_COOKIE_NAME].value[6:]
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_idle_session_expires(client, personas, settings):
    client.force_login(personas["veileder"])
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later):
        response = client.get(reverse("home"))
    assert response.status_code == 302


def test_passwords_are_hashed_with_argon2(personas, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = personas["veileder"]
    user.set_password("nytt-passord-2026")
    assert user.password.startswith("argon2")


def test_login_form_post_requires_csrf(personas):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "veileder", "password": PASSWORD})
    assert response.status_code == 403
    assert "Skjemaet er utløpt" in response.content.decode()


def test_home_lists_only_visible_units(client, personas):
    client.force_login(personas["koordinator"])
    page = client.get(reverse("home")).content.decode().split("Enheter du har tilgang til")[1]
    assert "NAV Åsane" in page and "OT Vestland" in page
    assert "NAV Hamar" not in page


def test_case_workers_land_on_their_worklist(client, personas):
    client.force_login(personas["other_office"])
    assert client.get(reverse("home")).url == reverse("cases:mine")


def test_home_query_count_is_constant(client, personas, django_assert_max_num_queries):
    client.force_login(personas["admin"])
    with django_assert_max_num_queries(8):
        client.get(reverse("home"))


def test_empty_login_keeps_the_form_and_shows_field_errors(client, personas):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in page and 'name="password"' in page
    assert "aksel-error-summary" in page
    assert 'aria-describedby="id_username-error"' in page
    assert page.count("Feltet er påkrevet.") == 4  # summary and field, for both fields
