"""The house a newcomer walks into (issue 20), read from the imports themselves.

portal/core/ is the shared ground and imports no feature; no two packages import each other,
however indirectly; no feature reaches into another's views; only a handful of modules stand
loose at the top of portal/; tables, forms and blueprints live in the files named for them;
and no test module borrows from another (shared helpers live in helpers modules)."""

import ast
import itertools
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PORTAL = ROOT / "portal"
SHARED = {"core", "config"}  # what every package may stand on
NOT_FEATURES = {"core", "ops", "demo", "static", "templates"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every portal module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from portal.core import db` imports the module portal.core.db.
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in ("portal", "tests")}


def package_of(module: str) -> str:
    """The package a portal module belongs to: `portal.placements.views.jobs` -> placements;
    a module loose at the top (`portal.config`) is its own."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "portal"


def existing(module: str) -> bool:
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def portal_imports() -> dict[str, set[str]]:
    return {
        module_name(path): {m for m in imported_modules(path) if existing(m)}
        for path in PORTAL.rglob("*.py")
    }


def package_edges() -> dict[tuple[str, str], list[str]]:
    edges = defaultdict(list)
    for module, imports in portal_imports().items():
        for target in imports:
            if target.startswith("portal.") and package_of(module) != package_of(target):
                edges[package_of(module), package_of(target)].append(f"{module} -> {target}")
    return edges


def test_the_shared_ground_imports_no_feature():
    wrong = [
        why
        for (source, target), whys in package_edges().items()
        if source == "core" and target not in SHARED
        for why in whys
    ]
    assert wrong == [], "portal/core/ imports a feature:\n" + "\n".join(wrong)


def test_no_two_packages_import_each_other_even_through_others():
    edges = package_edges()
    graph = defaultdict(set)
    for source, target in edges:
        if source != "portal":  # create_app names every feature; nothing imports it back
            graph[source].add(target)

    def reaches(start: str, goal: str) -> list[str] | None:
        stack, seen = [[start]], set()
        while stack:
            path = stack.pop()
            for nxt in sorted(graph[path[-1]]):
                if nxt == goal:
                    return [*path, nxt]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append([*path, nxt])
        return None

    loops = {tuple(loop) for package in list(graph) if (loop := reaches(package, package))}
    details = [
        " -> ".join(loop)
        + "\n    "
        + "\n    ".join(edges[a, b][0] for a, b in itertools.pairwise(loop))
        for loop in sorted(loops)
    ]
    assert not loops, "import loops between packages:\n" + "\n".join(details)


def is_views_module(module: str) -> bool:
    last = module.split(".")[-1]
    return last.endswith("views") or ".views." in module


def test_no_feature_imports_another_features_views():
    wrong = [
        f"{module} -> {target}"
        for module, imports in portal_imports().items()
        for target in imports
        if is_views_module(target) and package_of(module) not in ("portal", package_of(target))
    ]
    assert wrong == []


def test_at_most_six_modules_stand_loose_at_the_top_of_portal():
    loose = sorted(path.name for path in PORTAL.glob("*.py"))
    assert len(loose) <= 6, loose


def defined_classes(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text())
    return [
        (node.name, [ast.unparse(base) for base in node.bases])
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    ]


def feature_modules():
    for path in PORTAL.rglob("*.py"):
        package = path.relative_to(PORTAL).parts[0]
        if package not in NOT_FEATURES and len(path.relative_to(PORTAL).parts) > 1:
            yield path


@pytest.mark.parametrize(
    ("role", "bases", "file_named"),
    [
        ("tables", {"Base"}, lambda m: m.split(".")[-1] == "models"),
        ("forms", {"PortalForm", "FlaskForm"}, lambda m: m.split(".")[-1] == "forms"),
    ],
)
def test_features_keep_tables_and_forms_in_the_files_named_for_them(role, bases, file_named):
    wrong = [
        f"{module_name(path)}.{name}"
        for path in feature_modules()
        for name, class_bases in defined_classes(path)
        if bases & set(class_bases) and not file_named(module_name(path))
    ]
    assert wrong == [], f"{role} outside their file: {wrong}"


def test_blueprints_are_made_in_views_modules_only():
    wrong = [
        module_name(path)
        for path in PORTAL.rglob("*.py")
        if "Blueprint(" in path.read_text() and not is_views_module(module_name(path))
    ]
    assert wrong == []


def test_no_test_module_is_imported_by_another_module():
    wrong = [
        f"{module_name(path)} -> {target}"
        for path in (ROOT / "tests").rglob("*.py")
        for target in imported_modules(path)
        if target.split(".")[-1].startswith("test_") and existing(target)
    ]
    assert wrong == [], "shared test helpers belong in a helpers module:\n" + "\n".join(wrong)
