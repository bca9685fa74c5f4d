from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from measures.models import Gjennomforing, Kombinasjonsmal


def test_demo_seed_gives_the_county_a_catalogue_with_a_stop(tiltakstyper, client):
    call_command("seed_demo", "--youth", "0")
    assert Gjennomforing.objects.count() >= 5
    assert Gjennomforing.objects.filter(stoppet_dato__isnull=False).count() == 1
    assert Kombinasjonsmal.objects.count() == 3
    call_command("seed_demo", "--youth", "0")
    assert Gjennomforing.objects.count() == len(set(Gjennomforing.objects.values_list("navn")))
    client.force_login(User.objects.get(username="veileder"))
    listing = client.get(reverse("measures:gjennomforinger")).text
    assert "Arbeidstrening Fretex Bergen" in listing


def test_demo_seed_without_the_catalogue_offers_nothing_and_does_not_fail(db):
    from measures.models import Tiltakstype

    Tiltakstype.objects.all().delete()
    call_command("seed_demo", "--youth", "0")
    assert not Gjennomforing.objects.exists() and not Kombinasjonsmal.objects.exists()


def test_demo_seed_fills_a_gjennomforing_with_a_waiting_list_and_combinations(tiltakstyper):
    from measures.models import Deltakelse, Kombinasjonstiltak

    call_command("seed_demo", "--youth", "300", "--seed", "2026")
    statuses = set(Deltakelse.objects.values_list("status", flat=True))
    assert {"DELTAR", "VENTELISTE"} <= statuses
    assert Kombinasjonstiltak.objects.count() == 2
