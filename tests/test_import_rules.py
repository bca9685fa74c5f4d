"""The import rules in cases/__init__.py, checked by parsing every module's imports."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("accounts", "cases", "nav_ot", "measures", "agreements")
# What other apps may import from cases (see the cases package docstring).
# cases.guarantees: its package surface (register_deliverable lets measures meet G1).
# cases.washing: its package surface (register_conflict_rule lets measures flag OTAP/OTKO).
CASES_PUBLIC = {
    "cases.access",
    "cases.events",
    "cases.guarantees",
    "cases.selectors",
    "cases.services",
    "cases.models",
    "cases.washing",
}
# Layers inside cases: a module may import only from its own layer or those below.
LAYERS = {
    "models": 0,
    "access": 1,
    "events": 1,
    "selectors": 2,
    "services": 3,
    "forms": 4,
    "tables": 4,
    "views": 5,
}


def modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            yield name, ast.parse(path.read_text(), filename=str(path))


def imports(tree):
    """(imported module, names, line) for every import, at any depth."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module, [alias.name for alias in node.names], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno


def _layer(module: str):
    parts = module.split(".")
    return LAYERS.get(parts[1]) if parts[0] == "cases" and len(parts) > 1 else None


def test_no_private_names_across_modules():
    offenders = [
        f"{name}:{line} imports {target}.{private}"
        for name, tree in modules()
        for target, names, line in imports(tree)
        for private in names
        if private.startswith("_") and not private.startswith("__")
    ]
    assert offenders == []


def test_other_apps_use_only_the_public_cases_modules():
    offenders = [
        f"{name}:{line} imports {target}"
        for name, tree in modules()
        if not name.startswith("cases")
        for target, _names, line in imports(tree)
        if target.split(".")[0] == "cases" and target not in CASES_PUBLIC
    ]
    assert offenders == []


def test_imports_inside_cases_flow_one_way():
    offenders = [
        f"{name}:{line} imports {target}"
        for name, tree in modules()
        if _layer(name) is not None
        for target, _names, line in imports(tree)
        if _layer(target) is not None and _layer(target) > _layer(name)
    ]
    assert offenders == []


def test_the_rules_are_checked_against_real_imports():
    """The walk finds the project's modules and their imports (an empty walk passes anything)."""
    found = dict(modules())
    assert {"cases.access", "cases.services.lifecycle", "nav_ot.demo"} <= found.keys()
    assert ("cases.access", ["case_access"]) in [
        (target, names) for target, names, _line in imports(found["nav_ot.demo"])
    ]
