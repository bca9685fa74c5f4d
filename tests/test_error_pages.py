"""Answers every page gets: no caching of personal data, and the Norwegian error page even when
the database is gone."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import open_case


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["cases:mine", "cases:list"])
def test_pages_with_personal_data_are_not_stored(client, personas, page):
    open_case(personas["veileder"])
    client.force_login(personas["veileder"])
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_error_and_login_pages_are_not_stored_either(client, personas):
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]
    client.force_login(personas["veileder"])
    response = client.get(reverse("cases:detail", args=[999_999]))
    assert response.status_code == 404 and "no-store" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_database_down_gives_the_norwegian_error_page(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas["veileder"])  # the session is in the database
    saved = dict(connection.settings_dict)
    connection.close()
    # Nothing listens here: every query of the request fails to connect.
    connection.settings_dict.update(HOST="/nonexistent-socket-dir", PORT="5")
    try:
        response = client.get(reverse("cases:mine"))
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Noe gikk galt" in page and 'lang="nb"' in page
    assert "Internal Server Error" not in page
