"""The aktivitetsplan as printed names the youth, the office, the veileder, the §14a vedtak's
innsatsgruppe and hovedmål, and the date it was printed."""

import pytest
from django.urls import reverse

from cases.models import Vedtak14a
from tests.factories import today

pytestmark = pytest.mark.django_db


def test_print_view_has_the_header(client, personas, shared_case, org):
    Vedtak14a.objects.create(
        youth=shared_case.youth,
        case=shared_case,
        nav_kontor=org["bergenhus"],
        status="fattet",
        innsatsgruppe="SITUASJONSBESTEMT_INNSATS",
        hovedmal="SKAFFE_ARBEID",
        vedtak_dato=today(),
    )
    client.force_login(personas["veileder"])
    page = client.get(
        reverse("cases:aktivitetsplan", args=[shared_case.pk]), {"utskrift": "1"}
    ).content.decode()
    header = page.split('data-testid="plan-header"')[1].split("</dl>")[0]
    for text in (
        shared_case.youth.full_name,
        shared_case.youth.fnr or "Ukjent",
        "NAV Bergenhus",
        personas["veileder"].get_full_name(),
        "situasjonsbestemt innsats",
        "Skaffe arbeid",
        f"Utskriftsdato</dt><dd>{today():%d.%m.%Y}",
    ):
        assert text in header
