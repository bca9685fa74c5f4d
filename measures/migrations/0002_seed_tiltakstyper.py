"""NAV's tiltakstyper for youth, with Arena codes, level, durations, age limits and combinations.

Codes and Arena codes are NAV's (mulighetsrommet's Tiltakskode); the level is the lowest
innsatsgruppe each type is open to. Durations and age limits are the usual national ones and
can be changed in the app by an administrator.
"""

from django.db import migrations

# (kode, arena, navn, gruppe, niva, maks_maneder, min_alder, maks_alder)
TYPES = [
    ("ARBEIDSTRENING", "ARBTREN", "Arbeidstrening", "ARBEIDSTRENING",
     "SITUASJONSBESTEMT_INNSATS", 12, None, None),
    ("ARBEIDSMARKEDSOPPLAERING", "GRUPPEAMO", "Arbeidsmarkedsopplæring (AMO)", "OPPLAERING",
     "STANDARD_INNSATS", 36, 19, None),
    ("GRUPPE_ARBEIDSMARKEDSOPPLAERING", "GRUPPEAMO", "Arbeidsmarkedsopplæring (gruppe)",
     "OPPLAERING", "STANDARD_INNSATS", 36, 19, None),
    ("ENKELTPLASS_ARBEIDSMARKEDSOPPLAERING", "ENKELAMO", "Arbeidsmarkedsopplæring (enkeltplass)",
     "OPPLAERING", "STANDARD_INNSATS", 36, 19, None),
    ("FAG_OG_YRKESOPPLAERING", "GRUFAGYRKE", "Fag- og yrkesopplæring", "OPPLAERING",
     "SITUASJONSBESTEMT_INNSATS", 36, None, None),
    ("ENKELTPLASS_FAG_OG_YRKESOPPLAERING", "ENKFAGYRKE", "Fag- og yrkesopplæring (enkeltplass)",
     "OPPLAERING", "SITUASJONSBESTEMT_INNSATS", 36, None, None),
    ("HOYERE_UTDANNING", "HOYEREUTD", "Høyere utdanning", "OPPLAERING",
     "SITUASJONSBESTEMT_INNSATS", 36, None, None),
    ("OPPFOLGING", "INDOPPFAG", "Oppfølging", "OPPFOLGING", "SITUASJONSBESTEMT_INNSATS", 36,
     None, None),
    ("AVKLARING", "AVKLARAG", "Avklaring", "OPPFOLGING", "SITUASJONSBESTEMT_INNSATS", 3,
     None, None),
    ("DIGITALT_OPPFOLGINGSTILTAK", "DIGIOPPARB", "Digitalt oppfølgingstiltak", "OPPFOLGING",
     "SITUASJONSBESTEMT_INNSATS", 6, None, None),
    ("JOBBKLUBB", "JOBBK", "Jobbklubb", "OPPFOLGING", "STANDARD_INNSATS", 3, None, None),
    ("INDIVIDUELL_JOBBSTOTTE", "INDJOBSTOT", "Individuell jobbstøtte (IPS)", "OPPFOLGING",
     "SITUASJONSBESTEMT_INNSATS", 36, None, None),
    ("INDIVIDUELL_JOBBSTOTTE_UNG", "IPSUNG", "Individuell karrierestøtte for unge (IPS ung)",
     "OPPFOLGING", "SITUASJONSBESTEMT_INNSATS", 36, 16, 29),
    ("ARBEIDSRETTET_REHABILITERING", "ARBRRHDAG", "Arbeidsrettet rehabilitering", "OPPFOLGING",
     "SPESIELT_TILPASSET_INNSATS", 3, None, None),
    ("ARBEIDSFORBEREDENDE_TRENING", "ARBFORB", "Arbeidsforberedende trening (AFT)",
     "ARBEIDSTRENING", "SPESIELT_TILPASSET_INNSATS", 24, None, None),
    ("VARIG_TILRETTELAGT_ARBEID_SKJERMET", "VASV", "Varig tilrettelagt arbeid (skjermet)",
     "TILRETTELAGT_ARBEID", "VARIG_TILPASSET_INNSATS", None, None, None),
    ("MIDLERTIDIG_LONNSTILSKUDD", "MIDLONTIL", "Midlertidig lønnstilskudd", "TILSKUDD",
     "SITUASJONSBESTEMT_INNSATS", 12, None, None),
    ("VARIG_LONNSTILSKUDD", "VARLONTIL", "Varig lønnstilskudd", "TILSKUDD",
     "SPESIELT_TILPASSET_INNSATS", None, None, None),
    ("MENTOR", "MENTOR", "Mentor", "TILSKUDD", "SITUASJONSBESTEMT_INNSATS", 36, None, None),
    ("SOMMERJOBB", "TILSJOBB", "Tilskudd til sommerjobb", "TILSKUDD",
     "SITUASJONSBESTEMT_INNSATS", 2, None, None),
]

# The NAV part of a kombinasjonstiltak, and follow-up beside training.
COMBINATIONS = [
    ("ARBEIDSTRENING", "FAG_OG_YRKESOPPLAERING"),
    ("ARBEIDSTRENING", "OPPFOLGING"),
    ("ARBEIDSTRENING", "MENTOR"),
    ("ARBEIDSMARKEDSOPPLAERING", "OPPFOLGING"),
    ("FAG_OG_YRKESOPPLAERING", "OPPFOLGING"),
    ("FAG_OG_YRKESOPPLAERING", "MENTOR"),
    ("INDIVIDUELL_JOBBSTOTTE_UNG", "FAG_OG_YRKESOPPLAERING"),
    ("INDIVIDUELL_JOBBSTOTTE_UNG", "ARBEIDSMARKEDSOPPLAERING"),
    ("MIDLERTIDIG_LONNSTILSKUDD", "MENTOR"),
]


def seed(apps, schema_editor):
    Tiltakstype = apps.get_model("measures", "Tiltakstype")
    by_code = {}
    for kode, arena, navn, gruppe, niva, maneder, min_alder, maks_alder in TYPES:
        by_code[kode], _ = Tiltakstype.objects.update_or_create(
            kode=kode,
            defaults={
                "arena_kode": arena,
                "navn": navn,
                "gruppe": gruppe,
                "kilde": "NAV",
                "niva": niva,
                "maks_varighet_maneder": maneder,
                "min_alder": min_alder,
                "maks_alder": maks_alder,
            },
        )
    # Historical models do not mirror a symmetrical relation by themselves: add both ways.
    for a, b in COMBINATIONS:
        by_code[a].kan_kombineres_med.add(by_code[b])
        by_code[b].kan_kombineres_med.add(by_code[a])


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_katalog")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
