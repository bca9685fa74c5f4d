"""«Kan kombineres med» between tiltakstyper, kept in the app by coordinators and
administrators: both ways, recorded, refused for everyone else."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from measures import services
from measures.models import Kataloghendelse


def url(tiltakstype):
    return reverse("measures:tiltakstype_kombineres", args=[tiltakstype.pk])


def combined(tiltakstype) -> set[str]:
    return set(tiltakstype.kan_kombineres_med.values_list("kode", flat=True))


@pytest.mark.parametrize("persona", ["koordinator", "admin"])
def test_coordinator_and_admin_edit_through_the_page(client, personas, tiltakstyper, persona):
    at, amo, avklaring = (
        tiltakstyper[k] for k in ("ARBEIDSTRENING", "ARBEIDSMARKEDSOPPLAERING", "AVKLARING")
    )
    at.kan_kombineres_med.set([avklaring])
    client.force_login(personas[persona])
    katalog = client.get(reverse("measures:katalog")).text
    assert url(at) in katalog
    form = client.get(url(at))
    assert form.status_code == 200 and "Kan kombineres med" in form.text
    response = client.post(url(at), {"kan_kombineres_med": [amo.pk]})
    assert response.status_code == 302
    assert combined(at) == {"ARBEIDSMARKEDSOPPLAERING"}
    assert "ARBEIDSTRENING" in combined(amo)  # both ways
    assert "ARBEIDSTRENING" not in combined(avklaring)
    event = Kataloghendelse.objects.get(verb=Kataloghendelse.Verb.KOMBINERES_ENDRET)
    assert event.actor == personas[persona] and event.tiltakstype == at
    assert event.payload == {"lagt_til": ["ARBEIDSMARKEDSOPPLAERING"], "fjernet": ["AVKLARING"]}
    assert amo.navn in event.summary and avklaring.navn in event.summary


@pytest.mark.parametrize("persona", ["veileder", "teamleder", "ot", "ot_teamleder"])
def test_others_are_refused_and_nothing_changes(client, personas, tiltakstyper, persona):
    at, amo = tiltakstyper["ARBEIDSTRENING"], tiltakstyper["ARBEIDSMARKEDSOPPLAERING"]
    at.kan_kombineres_med.clear()
    client.force_login(personas[persona])
    assert url(at) not in client.get(reverse("measures:katalog")).text
    assert client.get(url(at)).status_code == 403
    assert client.post(url(at), {"kan_kombineres_med": [amo.pk]}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.kombineres_endre(at, actor=personas[persona], kan_kombineres_med=[amo])
    assert combined(at) == set() and not Kataloghendelse.objects.exists()


def test_bad_input_is_explained_and_nothing_saved(client, personas, tiltakstyper):
    at = tiltakstyper["ARBEIDSTRENING"]
    before = combined(at)
    client.force_login(personas["koordinator"])
    response = client.post(url(at), {"kan_kombineres_med": [at.pk]})  # itself: not offered
    assert response.status_code == 400 and "Velg et gyldig valg" in response.text
    assert client.post(url(at), {"kan_kombineres_med": ["x"]}).status_code == 400
    with pytest.raises(ValidationError, match="seg selv"):
        services.kombineres_endre(at, actor=personas["koordinator"], kan_kombineres_med=[at])
    assert client.get(reverse("measures:tiltakstype_kombineres", args=[999_999])).status_code == 404
    assert combined(at) == before and not Kataloghendelse.objects.exists()


def test_saving_without_a_change_records_nothing(client, personas, tiltakstyper):
    at, amo = tiltakstyper["ARBEIDSTRENING"], tiltakstyper["ARBEIDSMARKEDSOPPLAERING"]
    at.kan_kombineres_med.set([amo])
    client.force_login(personas["admin"])
    assert client.post(url(at), {"kan_kombineres_med": [amo.pk]}).status_code == 302
    assert not Kataloghendelse.objects.exists()
    assert client.post(url(at), {}).status_code == 302  # none ticked: combined with nothing
    assert combined(at) == set() and "ARBEIDSTRENING" not in combined(amo)
