"""Every POST endpoint, every persona, random input: the answer is never a server error.

Endpoints come from the URL resolver, so a new view is fuzzed without touching this file.
Field names and valid values come from the page itself (a GET as a persona who may use it)
and from the forms; to them are added the names views read raw (``handling``, ``vedtak``, ...)
and junk: NUL and control characters, very long text, dates in year 1 and 9999, lists,
missing fields.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from django import forms
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accounts.forms
import cases.forms
from cases.access import case_access
from cases.services import (
    aktivitet_add,
    henvisning_send,
    plan_set_goal,
    trekantsamtale_plan,
    vedtak_draft,
)
from tests.factories import breached_frist, give_samtykke, open_case, today

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 25
MISSING_ID = 999_999


def _routes(resolver: URLResolver, prefix: str = "") -> list[tuple[str, str]]:
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if getattr(entry, "app_name", None) == "admin":
                continue
            found += _routes(entry, route)
        elif isinstance(entry, URLPattern):
            found.append((entry.name or route, route))
    return found


ROUTES = [
    (name, route)
    for name, route in _routes(get_resolver())
    if name not in {"home", "healthz"} and not route.endswith(".csv")
]


def _form_fields() -> dict[str, forms.Field]:
    fields = {}
    for module in (cases.forms, accounts.forms):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm):
                fields.update(cls.base_fields)
    return fields


NASTY_TEXT = st.one_of(
    st.text(max_size=40),
    st.just("\x00"),
    st.text(max_size=10).map(lambda s: s + "\x00" + s),
    st.sampled_from(["x" * 301, "æ" * 10_001, "a\x01b", " ", "\u202e\ufeff"]),
)
NUMBERS = st.one_of(st.integers(-(2**70), 2**70).map(str), st.sampled_from(["1.5", "nan", "1e9"]))
DATES = st.sampled_from(
    ["0001-01-01", "1899-12-31", "1900-01-01", "1970-01-01", "2000-01-01", "9999-12-31"]
    + [(today() + dt.timedelta(days=d)).isoformat() for d in (-400, -1, 0, 1, 400, 3000)]
)
DATETIMES = st.one_of(DATES.map(lambda d: d + "T12:00"), DATES)
JUNK = st.one_of(NASTY_TEXT, NUMBERS, DATES, st.just(""))


def _value_for(field: forms.Field, ids) -> st.SearchStrategy:
    if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        valid = ids
    elif isinstance(field, forms.ChoiceField):
        valid = st.sampled_from([str(k) for k, _ in field.choices] or [""])
    elif isinstance(field, forms.DateTimeField):
        valid = DATETIMES
    elif isinstance(field, forms.DateField):
        valid = DATES
    elif isinstance(field, forms.BooleanField | forms.NullBooleanField):
        valid = st.sampled_from(["on", "true", "false", "unknown"])
    else:
        valid = st.sampled_from(["Ok tekst", "Møte på skolen"])
    return st.one_of(valid, valid, JUNK)


class _PageFields(HTMLParser):
    """The names a page's forms post, with the values its hidden fields, options and buttons hold."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, set[str]] = defaultdict(set)
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag in ("input", "textarea", "button", "select") and name:
            if name != "csrfmiddlewaretoken":
                self.fields[name].add(attrs.get("value") or "")
            self._select = name if tag == "select" else self._select
        elif tag == "option" and self._select:
            self.fields[self._select].add(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _page_fields(route: str, world, clients) -> dict[str, set[str]]:
    path = "/" + re.sub(
        r"<(?:\w+:)?(?P<name>\w+)>",
        lambda m: str((world.get(m.group("name")) or [MISSING_ID])[0]),
        route,
    )
    parser = _PageFields()
    for persona in ("veileder", "teamleder", "ot", "anonym"):
        response = clients[persona].get(path)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            parser.feed(response.content.decode())
    return parser.fields


def _single_or_list(value: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(value, value, st.lists(value, min_size=2, max_size=3))


@pytest.fixture
def world(personas, org, guarantee_rules):
    """A shared case with samtykke, a vedtak draft, a plan, a meeting, a henvisning and a
    breached frist; and a case of another office. Returns the ids paths can take."""
    veileder = personas["veileder"]
    case = open_case(veileder, ot_enhet=org["ot_bergen"])
    case.ot_kontakt = personas["ot"]
    case.save()
    access = case_access(veileder, case)
    samtykke = give_samtykke(access)
    access = case_access(veileder, case)
    vedtak = vedtak_draft(
        access=access,
        innsatsgruppe="STANDARD_INNSATS",
        hovedmal="",
        begrunnelse="",
        kilder="",
    )
    plan_set_goal(access=access, mal="Jobb")
    aktivitet = aktivitet_add(
        access=access,
        type="egen",
        tittel="Søke jobb",
        status="PLANLAGT",
        avtalt_med_nav=False,
        fra_dato=None,
        til_dato=None,
    )
    meeting = trekantsamtale_plan(
        access=access, planned_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=3), location="NAV"
    )
    other = open_case(personas["other_office"])
    henvisning = henvisning_send(
        access=case_access(personas["other_office"], other),
        to_unit=org["ot_bergen"],
        message="Trenger OT",
    )
    frist = breached_frist(veileder, org["bergenhus"])
    return {
        "pk": [case.pk, other.pk],
        "samtykke_id": [samtykke.pk],
        "meeting_id": [meeting.pk],
        "action_id": [],
        "referral_id": [henvisning.pk],
        "frist_id": [frist.pk],
        "vedtak": [vedtak.pk],
        "aktivitet": [aktivitet.pk],
        "units": [u.pk for u in org.values()],
        "users": [u.pk for u in personas.values()],
    }


def _post_data(world, page: dict[str, set[str]]) -> st.SearchStrategy:
    ids = st.sampled_from(
        [str(i) for key in ("pk", "vedtak", "aktivitet", "units", "users") for i in world[key]]
    )
    known = _form_fields()
    optional = {name: _single_or_list(_value_for(field, ids)) for name, field in known.items()}
    raw = {
        "handling": st.sampled_from(
            ["utkast", "beslutter", "fatte", "mal", "aktivitet", "godkjenn", "status", "x"]
        ),
        "vedtak": st.one_of(ids, JUNK),
        "aktivitet": st.one_of(ids, JUNK),
        "status": st.one_of(st.sampled_from(["PLANLAGT", "FULLFORT", "planlagt"]), JUNK),
        "comment": NASTY_TEXT,
        "reason": NASTY_TEXT,
        "next": st.one_of(st.just("/mine/"), NASTY_TEXT),
        "ferdig": st.sampled_from(["1", "", "\x00"]),
        "username": st.one_of(st.sampled_from(["veileder", "V" * 151, "x" * 10_000]), NASTY_TEXT),
        "password": st.one_of(st.just("riktig-passord-123"), NASTY_TEXT),
        "tiltak-TOTAL_FORMS": st.one_of(st.sampled_from(["1", "3", "1000"]), JUNK),
        "tiltak-INITIAL_FORMS": st.one_of(st.just("0"), JUNK),
    }
    for name in ("description", "responsible", "due_date"):
        raw[f"tiltak-0-{name}"] = optional[name]
    vocabulary = {**optional, **raw}
    if not page:
        # A POST-only endpoint: no page to read, so every name any form uses.
        return st.fixed_dictionaries({}, optional=vocabulary)
    on_page = {}
    for name, values in page.items():
        guess = vocabulary.get(re.sub(r"^tiltak-\d+-", "", name), st.one_of(NASTY_TEXT, ids))
        seen = st.sampled_from(sorted(values))
        on_page[name] = st.one_of(seen, seen, guess)
    return st.fixed_dictionaries({}, optional=on_page)


def _path(route: str, world, draw) -> str:
    def fill(match):
        # Mostly the object the persona may see; sometimes another, or none.
        ids = world.get(match.group("name"), [])
        return str(draw(st.sampled_from(ids[:1] * 4 + ids[1:] + [MISSING_ID])))

    return "/" + re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, route)


@pytest.mark.parametrize("name, route", ROUTES, ids=[name for name, _ in ROUTES])
def test_no_post_answers_500(name, route, world, personas):
    clients = {"anonym": Client(raise_request_exception=False)}
    for key, user in personas.items():
        clients[key] = Client(raise_request_exception=False)
        clients[key].force_login(user)

    page = _page_fields(route, world, clients)
    # The case's owners reach the services; the others exercise the access checks.
    persona_names = ["veileder"] * 4 + ["teamleder"] * 2 + ["ot"] * 2 + sorted(clients)

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        persona=st.sampled_from(persona_names),
        data=_post_data(world, page),
        paths=st.data(),
    )
    def post(persona, data, paths):
        path = _path(route, world, paths.draw)
        # Each example starts from the same world; a failed write must not poison the next.
        savepoint = transaction.savepoint()
        try:
            response = clients[persona].post(path, data)
        finally:
            transaction.savepoint_rollback(savepoint)
        failure = response.exc_info and repr(response.exc_info[1])[:300]
        assert response.status_code < 500, (failure, persona, path, data)

    post()
