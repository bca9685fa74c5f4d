"""The difference between two versions of an agreement, clause by clause.

Clauses are paired by type and their position within that type. A changed clause is flagged
"svekket" (weakened) when its wording loses force, by this small word list:
- a binding word (`skal`, `må`, `plikter`, `minst`, `senest`, `innen`, `alltid`) is removed, or
- a softening word or phrase (`bør`, `kan`, `ved behov`, `om mulig`, `etter avtale`,
  `tilstrebe`, `vurdere`) is added, or
- a number (a count, a deadline in weeks, an age) disappears, or
- the NAV-first-contacts-OT age limit is lowered or removed.
A removed clause is always weakening; an added one never is.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

BINDING = ("skal", "må", "plikter", "minst", "senest", "innen", "alltid")
SOFTENING = ("bør", "kan", "ved behov", "om mulig", "etter avtale", "tilstrebe", "vurdere")


@dataclass
class KlausulEndring:
    status: str  # "lagt_til", "fjernet", "endret", "uendret"
    type_label: str
    old: str = ""
    new: str = ""
    svekket: bool = False
    grunner: list[str] = field(default_factory=list)
    ord: list[tuple[str, str]] = field(default_factory=list)  # (op, text): "=", "-", "+"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", text.lower())


def _count(text: str, phrase: str) -> int:
    return len(re.findall(rf"\b{re.escape(phrase)}\b", text.lower()))


def weakening_reasons(old: str, new: str, old_age=None, new_age=None) -> list[str]:
    reasons = [f"«{w}» er fjernet" for w in BINDING if _count(new, w) < _count(old, w)]
    reasons += [f"«{w}» er lagt til" for w in SOFTENING if _count(new, w) > _count(old, w)]
    lost = set(re.findall(r"\d+", old)) - set(re.findall(r"\d+", new))
    reasons += [f"tallet {n} er fjernet" for n in sorted(lost)]
    if old_age and (not new_age or new_age < old_age):
        reasons.append("aldersgrensen er senket eller fjernet")
    return reasons


def _word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = re.findall(r"\S+", old), re.findall(r"\S+", new)
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b).get_opcodes():
        if op == "equal":
            parts.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("+", " ".join(b[j1:j2])))
    return parts


def _keyed(klausuler) -> dict[tuple[str, int], object]:
    seen: dict[str, int] = {}
    keyed = {}
    for k in klausuler:
        n = seen.get(k.type, 0)
        seen[k.type] = n + 1
        keyed[(k.type, n)] = k
    return keyed


def diff_versions(old_klausuler, new_klausuler) -> list[KlausulEndring]:
    """Every clause of both versions, in the new version's order, removed ones last."""
    old, new = _keyed(old_klausuler), _keyed(new_klausuler)
    changes = []
    for key, k in new.items():
        before = old.get(key)
        if before is None:
            changes.append(KlausulEndring("lagt_til", k.get_type_display(), new=k.tekst))
            continue
        if before.tekst == k.tekst and before.aldersgrense == k.aldersgrense:
            changes.append(KlausulEndring("uendret", k.get_type_display(), before.tekst, k.tekst))
            continue
        reasons = weakening_reasons(before.tekst, k.tekst, before.aldersgrense, k.aldersgrense)
        changes.append(
            KlausulEndring(
                "endret",
                k.get_type_display(),
                before.tekst,
                k.tekst,
                svekket=bool(reasons),
                grunner=reasons,
                ord=_word_diff(before.tekst, k.tekst),
            )
        )
    for key, k in old.items():
        if key not in new:
            changes.append(
                KlausulEndring(
                    "fjernet",
                    k.get_type_display(),
                    old=k.tekst,
                    svekket=True,
                    grunner=["klausulen er fjernet"],
                )
            )
    return changes
