"""Rules live in the services; the page shows their error next to the right field and keeps
what the user typed."""

import datetime as dt
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.access import case_access
from cases.models import Trekantsamtale, Youth
from cases.services import AGE_MESSAGE, henvisning_send, trekantsamtale_plan
from nav_ot.identity import generate_fnr
from tests.factories import give_samtykke, open_case, today, years_ago

pytestmark = pytest.mark.django_db


def register(client, user, **data):
    client.force_login(user)
    payload = {"fnr": "", "birth_date": "", "first_name": "Ola", "last_name": "Nordmann"}
    payload.update(data)
    return client.post(reverse("cases:register"), payload)


@pytest.mark.parametrize("with_fnr", [False, True])
def test_age_outside_the_bounds_is_shown_where_the_birth_date_came_from(client, personas, with_fnr):
    born = years_ago(50)
    data = (
        {"fnr": generate_fnr(born, random.Random(1))}
        if with_fnr
        else {"birth_date": born.isoformat()}
    )
    response = register(client, personas["veileder"], **data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"fnr" if with_fnr else "birth_date": [AGE_MESSAGE]}
    assert form["first_name"].value() == "Ola"
    assert not Youth.objects.exists()


def test_next_meeting_in_the_past_is_the_services_field_error(
    client, personas, shared_case, nav_access
):
    give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    meeting = trekantsamtale_plan(
        access=access, planned_at=timezone.now() + dt.timedelta(hours=1), location="NAV"
    )
    client.force_login(personas["veileder"])
    response = client.post(
        reverse("cases:meeting", args=[shared_case.pk, meeting.pk]),
        {
            "held_on": today().isoformat(),
            "referat": "Godt møte",
            "next_planned_at": "2020-01-01T10:00",
            "tiltak-TOTAL_FORMS": "0",
            "tiltak-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"next_planned_at": ["Neste samtale må være fram i tid."]}
    assert form["referat"].value() == "Godt møte"
    meeting.refresh_from_db()
    assert meeting.status == Trekantsamtale.Status.PLANLAGT


def test_rejecting_a_referral_without_reason_is_the_services_field_error(client, personas, org):
    case = open_case(personas["ot"])
    henvisning = henvisning_send(
        access=case_access(personas["ot"], case), to_unit=org["bergenhus"], message=""
    )
    client.force_login(personas["veileder"])
    response = client.post(
        reverse("cases:referral_decide", args=[henvisning.pk]), {"decision": "reject"}
    )
    assert response.context["form"].errors == {"reason": ["Oppgi hvorfor henvisningen avvises."]}
    henvisning.refresh_from_db()
    assert henvisning.status == henvisning.Status.VENTER
