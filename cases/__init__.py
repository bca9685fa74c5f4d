"""Cases: youth, their case, samtykke, joint work, oppfølging and the guarantees.

Rules for the code in this app (tests/test_import_rules.py checks them by parsing the imports):

- Imports flow one way: models → access, events → selectors → services → forms, tables → views
  (tasks and management commands sit beside views). A module never imports from a layer above
  its own; a cycle is fixed by moving code down a layer, not hidden in a function-level import.
- No module imports another module's `_private` names; what others need is made public.
- Other apps (accounts, nav_ot, measures, agreements) use only `cases.access`, `cases.events`,
  `cases.selectors` and `cases.services`, plus `cases.models` for model classes (seed data and
  foreign keys need them; reading and writing still go through selectors and services).
- Each rule lives in one place: who may see what in `cases.access`, role groups in
  `accounts.models`, status transitions in `cases.services.lifecycle`.
"""
