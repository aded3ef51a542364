"""The engine's layout: one package per stage, imports running one way, modules of one job.

Every import counts, at module level or inside a function; in ``index`` only those under
``TYPE_CHECKING`` do not, since they never run. In ``bot`` they count too: a task that names the
client in its hints is written against all of it, and the client imports the task.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INDEX = ROOT / "index"
STAGES = ["read", "embed", "store", "search", "ingest", "answer", "report", "feeds", "eval", "cli"]
LOOSE = {"engine", "settings", "errors", "text", "__init__"}
MAX_LINES = 300


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, hints: bool = False) -> set[str]:
    """Absolute names of the modules ``path`` imports, wherever in it; under TYPE_CHECKING only
    with ``hints``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for guard in ast.walk(tree)
        if not hints and isinstance(guard, ast.If) and "TYPE_CHECKING" in ast.unparse(guard.test)
        for statement in guard.body
        for node in ast.walk(statement)
    }
    package = _module(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}  # `from . import x`
    return found


def _part(module: str) -> str | None:
    """The stage package or loose module of ``index`` that ``module`` belongs to."""
    parts = module.split(".")
    return parts[1] if parts[0] == "index" and len(parts) > 1 else None


SOURCES = sorted(INDEX.rglob("*.py"))


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in SOURCES:
        here = _part(_module(path)) or "__init__"
        targets = {_part(m) for m in _imports(path)} - {None, here}
        graph.setdefault(here, set()).update(t for t in targets if (INDEX / t).exists() or t in LOOSE)
    return graph


def test_every_module_sits_in_a_stage_package_or_is_one_of_the_loose_four():
    top = {p.stem for p in INDEX.glob("*.py")} | {
        p.name for p in INDEX.iterdir() if p.is_dir() and (p / "__init__.py").exists()
    }
    assert top <= set(STAGES) | LOOSE


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """A cycle of ``graph`` (its nodes, the first repeated last), or [] when there is none."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return []
        for target in sorted(graph.get(node, ())):
            if found := visit(target, [*path, node]):
                return found
        done.add(node)
        return []

    return next((found for node in sorted(graph) if (found := visit(node, []))), [])


def test_no_import_cycle_between_the_engines_packages():
    graph = _graph()
    graph.pop("__init__", None)  # the package's re-exports sit above everything
    assert _cycle({node: targets - {"__init__"} for node, targets in graph.items()}) == []


def test_each_stage_imports_only_the_stages_before_it():
    graph = _graph()
    later = {stage: set(STAGES[n + 1 :]) for n, stage in enumerate(STAGES)}
    assert {stage: sorted(graph.get(stage, set()) & later[stage]) for stage in STAGES} == {
        stage: [] for stage in STAGES
    }


def test_no_import_cycle_between_the_bots_modules_type_hints_included():
    modules = {_module(p): p for p in sorted((ROOT / "bot").rglob("*.py"))}
    graph = {name: (_imports(path, hints=True) & set(modules)) - {name} for name, path in modules.items()}
    assert _cycle(graph) == []


def test_feeds_are_handed_what_they_use_and_import_nothing_of_the_engine():
    imported = set().union(*(_imports(p) for p in (INDEX / "feeds").glob("*.py")))
    assert not {m for m in imported if m == "index.engine" or m.startswith("index.engine.")}


def test_the_engine_imports_nothing_of_the_bot():
    imported = set().union(*(_imports(p) for p in SOURCES))
    assert not {m for m in imported if m == "bot" or m.startswith("bot.")}


@pytest.mark.parametrize("folder", ["index", "bot"])
def test_no_module_is_over_the_size_the_rest_keeps(folder):
    long = {
        str(p.relative_to(ROOT)): n
        for p in sorted((ROOT / folder).rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
