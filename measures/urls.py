from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    path("tiltak/", views.katalog, name="katalog"),
    path("tiltak/typer/ny/", views.tiltakstype_create, name="tiltakstype_create"),
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
    path("tiltak/tilby/<int:case_id>/", views.tilby, name="tilby"),
    path(
        "tiltak/tilby/<int:case_id>/<int:pk>/",
        views.tilby_gjennomforing,
        name="tilby_gjennomforing",
    ),
]
