"""How a tiltak offer meets the guarantee deliverable `tilbud_om_tiltak` (G1: under 20 without
work or school). Registered with the deadline engine when the app starts (apps.py).

An offer is made when the youth is given a place (VENTER_PA_OPPSTART) or later takes part; a
place on the waiting list is not yet an offer. The date is the day the status took effect.
"""

from __future__ import annotations

from measures.models import DeltakerStatus

S = DeltakerStatus
OFFER_STATUSES = sorted({S.VENTER_PA_OPPSTART, S.DELTAR, S.HAR_SLUTTET, S.FULLFORT, S.AVBRUTT})

_OFFERS = """SELECT e.gyldig_fra AS d FROM measures_deltakelseendring e
     JOIN measures_deltakelse dl ON dl.id = e.deltakelse_id
     WHERE dl.youth_id = {pair}.youth_id AND e.status = ANY (%(tiltak_tilbudt)s)
       AND e.gyldig_fra <= {as_of}
       AND ({pair}.replaced_on IS NULL OR e.gyldig_fra < {pair}.replaced_on)"""

IN_TIME = (
    "(SELECT min(o.d) FROM (" + _OFFERS + ") o WHERE {pair}.frist IS NULL OR o.d <= {pair}.frist)"
)
LATE = (
    "(SELECT min(o.d) FROM (" + _OFFERS + ") o "
    "WHERE {pair}.frist IS NOT NULL AND o.d > {pair}.frist)"
)
PARAMS = {"tiltak_tilbudt": [str(status) for status in OFFER_STATUSES]}
