"""The unit's case list as a sortable, paginated table (django-tables2 with an Aksel template)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from accounts.models import Agency
from cases.access import attach_consent
from cases.models import Case
from cases.selectors import IN_PLAY, attach_ivaretatt
from cases.templatetags.frist_tags import frist_status_tag
from nav_ot.dates import age_on
from nav_ot.pagination import page_rows


class CaseTable(tables.Table):
    velg = tables.Column(verbose_name="Velg", accessor="pk", orderable=False)
    # Sorted by the youth's name and birth date as copied on the case (Case.youth_last_name):
    # one index per unit serves each sort at any depth.
    navn = tables.Column(
        verbose_name="Navn",
        accessor="youth__last_name",
        order_by=("youth_last_name", "youth_first_name"),
    )
    alder = tables.Column(
        verbose_name="Alder", accessor="youth__birth_date", order_by=("-youth_birth_date",)
    )
    status = tables.Column(verbose_name="Status")
    eier = tables.Column(verbose_name="Min etats eier", empty_values=(), orderable=False)
    annen_part = tables.Column(verbose_name="Den andre parten", empty_values=(), orderable=False)
    ot_status = tables.Column(verbose_name="OT-status")
    # Each side sees its own last contact (the other side's is its data, see cases.access).
    nav_last_contact_at = tables.Column(verbose_name="Siste kontakt")
    ot_last_contact_at = tables.Column(verbose_name="Siste kontakt")
    created_at = tables.Column(verbose_name="Opprettet", visible=False)

    class Meta:
        model = Case
        fields = ()
        sequence = (
            "velg",
            "navn",
            "alder",
            "status",
            "eier",
            "annen_part",
            "ot_status",
            "nav_last_contact_at",
            "ot_last_contact_at",
        )
        order_by_field = "sort"
        page_field = "side"
        empty_text = "Ingen saker passer søket."

    def __init__(self, *args, user, **kwargs):
        other = Agency.OT if user.agency == Agency.NAV else Agency.NAV
        super().__init__(*args, exclude=[f"{other}_last_contact_at"], **kwargs)
        self.user = user
        self.today = timezone.localdate()

    def paginate(self, *args, **kwargs):
        super().paginate(*args, **kwargs)
        # The page's rows are loaded here (and reused when rendered): consent only for them.
        rows = page_rows(self.data.data, self.page)
        self.page.object_list.data = rows
        attach_consent(rows, self.user.agency, self.today)
        attach_ivaretatt(rows, self.user.agency)
        return self

    def render_velg(self, value, record):
        return format_html(
            '<input type="checkbox" class="trekant-checkbox" name="cases" value="{}" form="bulk-assign" aria-label="Velg {}">',
            value,
            record.youth.full_name,
        )

    def render_navn(self, record):
        url = reverse("cases:detail", args=[record.pk])
        return format_html(
            '<a class="aksel-link" href="{}">{}, {}</a>',
            url,
            record.youth.last_name,
            record.youth.first_name,
        )

    def render_alder(self, value):
        return age_on(value, self.today)

    def render_eier(self, record):
        owner = record.nav_veileder if self.user.agency == Agency.NAV else record.ot_kontakt
        if owner:
            return owner.get_full_name()
        return mark_safe(
            '<span class="aksel-tag aksel-tag--small" data-variant="moderate" data-color="warning">Ufordelt</span>'
        )

    def render_annen_part(self, record):
        other = record.ot_enhet if self.user.agency == Agency.NAV else record.nav_kontor
        if other is None:
            return "–"
        if record.har_samtykke:  # set by cases.access.attach_consent
            owner = record.ot_kontakt if self.user.agency == Agency.NAV else record.nav_veileder
            return f"{other.navn}: {owner.get_full_name() if owner else 'ufordelt'}"
        return record.ivaretatt  # set by cases.selectors.attach_ivaretatt

    def render_ot_status(self, value, record):
        if record.sees_ot_status:  # set by cases.access.attach_consent
            return value
        return "–"

    def render_nav_last_contact_at(self, value):
        return timezone.localtime(value).strftime("%d.%m.%Y")

    def render_ot_last_contact_at(self, value):
        return timezone.localtime(value).strftime("%d.%m.%Y")


class FristTable(tables.Table):
    ungdom = tables.Column(
        verbose_name="Ungdom", accessor="youth__last_name", order_by=("youth__last_name",)
    )
    garanti = tables.Column(verbose_name="Garanti", accessor="regel__kode")
    startdato = tables.DateColumn(verbose_name="Vedtak", format="d.m.Y")
    frist = tables.DateColumn(verbose_name="Frist", format="d.m.Y", default="Ingen frist")
    dager = tables.Column(
        verbose_name="Dager igjen", accessor="frist", empty_values=(), order_by=("frist",)
    )
    status = tables.Column(verbose_name="Status")
    veileder = tables.Column(verbose_name="Veileder", empty_values=(), orderable=False)
    handling = tables.TemplateColumn(
        template_name="cases/_frist_actions.html", verbose_name="Handling", orderable=False
    )

    class Meta:
        fields = ()
        sequence = (
            "ungdom",
            "garanti",
            "startdato",
            "frist",
            "dager",
            "status",
            "veileder",
            "handling",
        )
        order_by_field = "sort"
        page_field = "side"
        empty_text = "Ingen frister som krever oppfølging."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_ungdom(self, record):
        if record.vedtak.case_id:
            url = reverse("cases:detail", args=[record.vedtak.case_id])
            return format_html(
                '<a class="aksel-link" href="{}">{}</a>', url, record.youth.full_name
            )
        return record.youth.full_name

    def render_garanti(self, record):
        return format_html('<abbr title="{}">{}</abbr>', record.regel.navn, record.regel.kode)

    def render_dager(self, record):
        if record.frist is None or record.status not in IN_PLAY:
            return "–"
        return (record.frist - self.today).days

    def render_status(self, record):
        return frist_status_tag(record)

    def render_veileder(self, record):
        owner = (
            record.vedtak.case.nav_veileder if record.vedtak.case_id else None
        ) or record.vedtak.veileder
        return owner.get_full_name() if owner else "–"
