"""The shape of the house: the features' import graph is a tree, and importing a module registers nothing.

Both read the source, so they hold for imports made inside functions too.
"""
import ast
from pathlib import Path

import portal

ROOT = Path(portal.__file__).parent
#: The application factory and the models' roll-call see every feature by design.
TOP = {"__init__", "models"}


def _unit(module: str) -> str:
    """The feature package (``stories``) or top-level module (``database``) that ``portal.x.y`` belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _sources() -> dict[str, ast.Module]:
    trees = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).with_suffix("")
        module = ".".join(["portal", *relative.parts]).removesuffix(".__init__")
        trees[module] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return trees


def _imported(module: str, tree: ast.Module) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("portal.")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "portal":  # from portal import stories, database
                found |= {f"portal.{alias.name}" for alias in node.names}
            elif node.module.startswith("portal."):
                found.add(node.module)
    return found


def import_graph() -> dict[str, set[str]]:
    """Unit → the other units it imports (packages and top-level modules of ``portal``)."""
    graph: dict[str, set[str]] = {}
    for module, tree in _sources().items():
        unit = _unit(module)
        if unit in TOP or not unit:
            continue
        targets = {_unit(name) for name in _imported(module, tree)} - {unit, ""} - TOP
        graph.setdefault(unit, set()).update(targets)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = "done"
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_feature_imports_one_that_imports_it_back():
    cycle = _cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


REGISTERING = {"append", "extend", "insert", "add", "update", "setdefault", "register", "listen"}


def _module_level_registrations(tree: ast.Module) -> list[str]:
    """Statements that run when the module is imported and fill something kept elsewhere."""
    imported = {alias.asname or alias.name.split(".")[0] for node in tree.body
                if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
    found = []
    for node in tree.body:
        calls = [node.value] if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) else []
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            calls = [d for d in node.decorator_list if isinstance(d, ast.Call)]
        for call in calls:
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else None
            registers = name in REGISTERING or name in {"listens_for", "filler"}
            if registers and (owner in imported or owner is None and name in imported):
                found.append(f"line {node.lineno}: {ast.unparse(call)[:80]}")
    return found


def test_importing_a_module_registers_nothing():
    found = {module: hits for module, tree in _sources().items() if (hits := _module_level_registrations(tree))}
    assert found == {}


def test_the_registration_finder_finds_one():
    tree = ast.parse("from portal.campaigns.tasks import HOOKS\nHOOKS.append(print)\n"
                     "from sqlalchemy import event\nevent.listen(1, 'x', print)\n")
    assert len(_module_level_registrations(tree)) == 2


def test_the_app_imports_in_a_fresh_process(tmp_path):
    """What gunicorn and `flask` do first: the test process's own order of imports can hide a cycle."""
    import os
    import subprocess
    import sys
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.db'}", SECRET_KEY="fresh")
    result = subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT.parent, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
