from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("saker/", views.unit_list, name="list"),
    path("saker/fordel/", views.bulk_assign, name="bulk_assign"),
    path("saker/ny/", views.register, name="register"),
    path("saker/ny/apne/", views.open_for_existing, name="open_existing"),
    path("saker/<int:pk>/", views.detail, name="detail"),
    path("saker/<int:pk>/samtykke/", views.samtykke_create, name="samtykke_create"),
    path(
        "saker/<int:pk>/samtykke/<int:samtykke_id>/trekk-tilbake/",
        views.samtykke_withdraw,
        name="samtykke_withdraw",
    ),
    path("saker/<int:pk>/notat/", views.note_create, name="note_create"),
    path("saker/<int:pk>/kontakt/", views.contact_create, name="contact_create"),
    path("saker/<int:pk>/status/", views.status_change, name="status"),
    path("saker/<int:pk>/eier/", views.assign, name="assign"),
    path("saker/<int:pk>/ot-status/", views.ot_status, name="ot_status"),
    path("saker/<int:pk>/skole/", views.school, name="school"),
    path("saker/<int:pk>/trekantsamtale/", views.meeting_plan, name="meeting_plan"),
    path("saker/<int:pk>/trekantsamtale/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path(
        "saker/<int:pk>/trekantsamtale/gjennomfort/",
        views.meeting_register,
        name="meeting_register",
    ),
    path("saker/<int:pk>/trekantsamtale/tiltak-rad/", views.action_row, name="action_row"),
    path(
        "saker/<int:pk>/trekantsamtale/<int:meeting_id>/avlys/",
        views.meeting_cancel,
        name="meeting_cancel",
    ),
    path("saker/<int:pk>/tiltak/<int:action_id>/utfort/", views.action_done, name="action_done"),
    path("saker/<int:pk>/henvisning/", views.referral_create, name="referral_create"),
    path("saker/<int:pk>/informer-ot/", views.inform_ot_ack, name="inform_ot_ack"),
    path("saker/<int:pk>/huskelapp/", views.huskelapp, name="huskelapp"),
    path("saker/<int:pk>/vedtak/", views.vedtak_page, name="vedtak"),
    path("saker/<int:pk>/vedtak/<int:vedtak_id>/", views.vedtak_draft_page, name="vedtak_draft"),
    path("saker/<int:pk>/behovsvurdering/", views.behovsvurdering_page, name="behovsvurdering"),
    path("saker/<int:pk>/aktivitetsplan/", views.aktivitetsplan_page, name="aktivitetsplan"),
    path(
        "saker/<int:pk>/aktivitetsplan/aktivitet/<int:aktivitet_id>/",
        views.aktivitet_page,
        name="aktivitet",
    ),
    path("henvisninger/<int:referral_id>/", views.referral_decide, name="referral_decide"),
    path("teamleder/saksmengde/", views.caseload, name="caseload"),
    path("varsler/", views.varsler, name="varsler"),
    path("teamleder/frister/", views.deadline_queue, name="deadline_queue"),
    path("teamleder/indikatorer/", views.indicators, name="indicators"),
    path("teamleder/frister/<int:frist_id>/kvitter/", views.frist_sign_off, name="frist_sign_off"),
    path("teamleder/frister/<int:frist_id>/pause/", views.frist_pause, name="frist_pause"),
    path("teamleder/frister/<int:frist_id>/gjenoppta/", views.frist_resume, name="frist_resume"),
    path("tilgangslogg/", views.access_log, name="access_log"),
    path("tilgangslogg/innsyn.csv", views.access_log_export, name="access_log_export"),
]
