"""The structure the code promises: no import cycles, a registry that imports no domain code, run-time
modules apart from training and build code, layers that only import downwards."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "marsad"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Each marsad module and the marsad modules it imports (anywhere in it, lazily or not)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = set()
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            else:
                continue
            found.update(t for t in targets if t in modules and t != name)
        graph[name] = found
    return graph


GRAPH = imports()


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def without_packages(graph):
    """Imports of a package's `__init__` re-exports are not cycles of their own: drop package nodes
    that only re-export their submodules."""
    return {k: {w for w in v if not (PACKAGE / Path(*w.split(".")[1:]) / "__init__.py").exists() or w == "marsad"}
            for k, v in graph.items()}


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles():
    assert cycles(GRAPH) == []


def test_the_registries_import_no_domain_code():
    for registry in ("marsad.pipeline.registry", "marsad.ingest.registry", "marsad.config", "marsad.lexicon"):
        assert GRAPH[registry] <= {"marsad.errors", "marsad.ingest.document"}, (registry, GRAPH[registry])


def runtime_modules():
    return [m for m in GRAPH if not m.startswith(("marsad.train", "marsad.build", "marsad.cli", "marsad.eval",
                                                    "marsad.bench")) and not m.endswith(".evaluate")]


@pytest.mark.parametrize("module", runtime_modules())
def test_run_time_code_does_not_import_training_or_build_code(module):
    assert not {m for m in GRAPH[module] if m.startswith(("marsad.train", "marsad.build", "marsad.cli"))}


def test_layers_import_downwards():
    """The store knows nothing of the API or pages; the API's routes know nothing of the pages, and the
    pages share the API's dependencies, not its routes. Only the app (`api.app`) puts the two together."""
    below_web = {m for m in GRAPH if m.startswith(("marsad.store", "marsad.api")) and m != "marsad.api.app"}
    for module in below_web:
        assert not {m for m in GRAPH[module] if m.startswith("marsad.web")}, module
    for module in (m for m in GRAPH if m.startswith("marsad.web")):
        assert not GRAPH[module] & {"marsad.api.routes", "marsad.api.app"}, module
    for module in (m for m in GRAPH if m.startswith("marsad.store")):
        assert not {m for m in GRAPH[module] if m.startswith(("marsad.api", "marsad.web"))}, module


def test_every_data_file_is_installed():
    """Each file of the package that is not Python (models, word lists, data) matches a package-data
    pattern of pyproject.toml, so a plain `pip install .` ships it (a model left out would be missing
    only outside editable checkouts)."""
    import fnmatch
    import subprocess
    import tomllib

    root = PACKAGE.parent
    patterns = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["marsad"]
    tracked = subprocess.run(["git", "ls-files", "marsad"], cwd=root, capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    files = [Path(p).relative_to("marsad").as_posix() for p in tracked.stdout.split()
             if not p.endswith((".py", ".typed")) and "__pycache__" not in p]

    def installed(f: str) -> bool:  # `*` within a folder; `**/` any folders, none included
        return any(fnmatch.fnmatch(f, p) if "**" in p else fnmatch.fnmatch(f, p) and p.count("/") == f.count("/")
                   for p in patterns for p in {p, p.replace("**/", "")})

    assert files and [f for f in files if not installed(f)] == []


def test_no_class_is_over_300_lines():
    long = [f"{path.relative_to(PACKAGE.parent)}:{node.name}" for path in PACKAGE.rglob("*.py")
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > 300]
    assert long == []
