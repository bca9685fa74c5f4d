"""The demo logins, importable before Django is set up (the start-up banner prints them)."""

DEMO_PASSWORD = "trekant-demo"

# username, role, unit kode, first name, last name. Roles as plain strings: this module is read
# before Django is set up; nav_ot.demo turns them into Role members (a typo fails there).
FIXED_USERS = [
    ("veileder", "nav_veileder", "1203", "Ingrid", "Haugen"),
    ("veileder.asane", "nav_veileder", "1210", "Jonas", "Berg"),
    ("ot", "ot_radgiver", "OT-46-BERGEN", "Sara", "Lie"),
    ("ot.voss", "ot_radgiver", "OT-46-VOSS", "Magnus", "Dahl"),
    ("teamleder", "nav_teamleder", "1203", "Hilde", "Strand"),
    ("ot.teamleder", "ot_teamleder", "OT-46-BERGEN", "Per", "Moen"),
    ("koordinator", "fylkeskoordinator", "46", "Nina", "Solberg"),
    ("admin", "admin", None, "Ola", "Admin"),
]

_ROLE_LABELS = {
    "nav_veileder": "NAV-veileder",
    "ot_radgiver": "OT-rådgiver",
    "nav_teamleder": "NAV-teamleder",
    "ot_teamleder": "OT-teamleder",
    "fylkeskoordinator": "Fylkeskoordinator",
    "admin": "Administrator",
}
_UNIT_NAMES = {
    "1203": "NAV Bergenhus",
    "1210": "NAV Åsane",
    "OT-46-BERGEN": "OT Vestland – Bergen",
    "OT-46-VOSS": "OT Vestland – Voss og Hardanger",
    "46": "Vestland",
}
DEMO_LOGINS = [
    (username, _ROLE_LABELS[role] + (f", {_UNIT_NAMES[kode]}" if kode else ""))
    for username, role, kode, _first, _last in FIXED_USERS
]
