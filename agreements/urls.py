from django.urls import path

from agreements.views import agreements as views
from agreements.views import county

app_name = "agreements"

urlpatterns = [
    path("avtaler/", views.agreement_list, name="index"),
    path("avtaler/ny/", views.agreement_create, name="create"),
    path("avtaler/<int:pk>/", views.agreement_detail, name="detail"),
    path("avtaler/<int:pk>/klausul/", views.clause_add, name="clause_add"),
    path(
        "avtaler/<int:pk>/klausul/<int:klausul_pk>/slett/",
        views.clause_delete,
        name="clause_delete",
    ),
    path("avtaler/<int:pk>/forpliktelse/", views.obligation_add, name="obligation_add"),
    path("avtaler/<int:pk>/signer/", views.sign, name="sign"),
    path("avtaler/<int:pk>/revider/", views.revise, name="revise"),
    path("avtaler/<int:pk>/utkast/slett/", views.draft_delete, name="draft_delete"),
    path("avtaler/<int:pk>/oppfyllelse/", views.fulfilment_add, name="fulfilment_add"),
    path("avtaler/<int:pk>/kontaktperson/", views.contact_add, name="contact_add"),
    path("avtaler/<int:pk>/lest/", views.confirm_read, name="confirm_read"),
    path("avtaler/<int:pk>/paminn/", views.remind, name="remind"),
    path("avtaler/<int:pk>/endringer/", views.diff, name="diff"),
    path("avtaler/<int:pk>/utskrift/", views.print_view, name="print"),
    path("fylke/", county.county, name="county"),
    path("fylke/kontor/<int:pk>/", county.county_office, name="county_office"),
]
