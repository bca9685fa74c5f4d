from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    path("tiltak/", views.katalog, name="katalog"),
    path("tiltak/typer/ny/", views.tiltakstype_create, name="tiltakstype_create"),
    path(
        "tiltak/typer/<int:pk>/kombineres/",
        views.tiltakstype_kombineres,
        name="tiltakstype_kombineres",
    ),
    path("tiltak/gjennomforinger/", views.gjennomforinger, name="gjennomforinger"),
    path("tiltak/gjennomforinger/ny/", views.gjennomforing_create, name="gjennomforing_create"),
    path("tiltak/gjennomforinger/<int:pk>/", views.gjennomforing_detail, name="gjennomforing"),
    path(
        "tiltak/gjennomforinger/<int:pk>/endre/",
        views.gjennomforing_update,
        name="gjennomforing_update",
    ),
    path(
        "tiltak/gjennomforinger/<int:pk>/stopp/",
        views.gjennomforing_stop,
        name="gjennomforing_stop",
    ),
    path(
        "tiltak/gjennomforinger/<int:pk>/stengt/",
        views.stengt_periode_add,
        name="stengt_periode_add",
    ),
    path("tiltak/stopp/ny/", views.tiltaksstopp_create, name="tiltaksstopp_create"),
    path("tiltak/ledige/", views.ledige, name="ledige"),
    path("tiltak/rapport/", views.rapport, name="rapport"),
    path("tiltak/uten-tilbud/", views.uten_tilbud, name="uten_tilbud"),
    path("tiltak/tilby/<int:case_id>/", views.tilby, name="tilby"),
    path(
        "tiltak/tilby/<int:case_id>/<int:pk>/",
        views.tilby_gjennomforing,
        name="tilby_gjennomforing",
    ),
    path("tiltak/maler/", views.maler, name="maler"),
    path("tiltak/maler/ny/", views.mal_create, name="mal_create"),
    path(
        "tiltak/kombinasjon/ny/<int:deltakelse_id>/",
        views.kombinasjon_create,
        name="kombinasjon_create",
    ),
    path("tiltak/kombinasjon/<int:pk>/", views.kombinasjon_detail, name="kombinasjon"),
    path(
        "tiltak/kombinasjon/<int:pk>/bekreft/",
        views.kombinasjon_bekreft,
        name="kombinasjon_bekreft",
    ),
    path(
        "tiltak/kombinasjon/<int:pk>/utfall/", views.kombinasjon_utfall, name="kombinasjon_utfall"
    ),
    path(
        "tiltak/deltakelse/<int:deltakelse_id>/bekreft/",
        views.tiltak_bekreft,
        name="tiltak_bekreft",
    ),
    path(
        "tiltak/deltakelse/<int:deltakelse_id>/status/",
        views.deltakelse_status,
        name="deltakelse_status",
    ),
    path(
        "tiltak/deltakelse/<int:deltakelse_id>/omfang/",
        views.deltakelse_omfang,
        name="deltakelse_omfang",
    ),
]
