"""OT status codes show with their code and a label that tells codes of one group apart."""

import pytest
from django.urls import reverse

from cases.access import case_access
from cases.models import OtStatus
from cases.services import case_set_ot_status

pytestmark = pytest.mark.django_db


def test_every_label_starts_with_its_code_and_no_two_labels_are_alike():
    labels = [label for _value, label in OtStatus.choices]
    assert all(label.startswith(f"{value} – ") for value, label in OtStatus.choices)
    assert len(set(labels)) == len(labels)
    assert OtStatus.OTAP.label.startswith("OTAP – I aktivitet (arbeidspraksis")


def test_timeline_shows_the_codes_with_their_labels(client, personas, shared_case):
    case_set_ot_status(
        access=case_access(personas["ot"], shared_case), ot_status="OTAP", reason="Arbeidstrening"
    )
    client.force_login(personas["ot"])
    page = client.get(reverse("cases:detail", kwargs={"pk": shared_case.pk})).content.decode()
    assert f"OT-status: {OtStatus.OTUK.label} → {OtStatus.OTAP.label}" in page
