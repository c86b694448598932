"""The engine's import graph: acyclic, layered, and with every import at module level.

``grimp`` reads the imports of the installed sources (imports under ``TYPE_CHECKING`` excluded: they never run).
The engine is the package minus the front ends and integrations (``cli``, ``lab``, ``network``, ``report``).
"""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import grimp
import pytest

import diffsync_automation

PACKAGE = "diffsync_automation"
ENGINE_PRIVATE = f"{PACKAGE}._engine"
NOT_ENGINE = ("cli", "lab", "network", "report")
LEAVES = {f"{PACKAGE}.{name}" for name in ("diff", "enum", "exceptions", "utils")}
"""The public modules the private engine package may import (none of them imports the modules above it)."""

SOURCE_ROOT = Path(diffsync_automation.__file__).parent


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, exclude_type_checking_imports=True)


def _engine_modules(graph: grimp.ImportGraph) -> set[str]:
    return {
        module
        for module in graph.modules
        if module != PACKAGE and not any(module.startswith(f"{PACKAGE}.{name}") for name in NOT_ENGINE)
    }


def test_the_engine_import_graph_has_no_cycle(graph: grimp.ImportGraph) -> None:
    modules = _engine_modules(graph)
    assert f"{PACKAGE}.adapter" in modules and f"{ENGINE_PRIVATE}.lanes" in modules
    imports = {module: graph.find_modules_directly_imported_by(module) & modules for module in modules}
    sorter = TopologicalSorter(imports)
    try:
        sorter.prepare()
    except CycleError as error:
        pytest.fail(f"import cycle in the engine: {' -> '.join(error.args[1])}")


def test_the_private_engine_imports_only_itself_and_the_leaf_modules(graph: grimp.ImportGraph) -> None:
    """``_engine`` sits below adapter/helpers/model/store: it takes their classes as arguments instead."""
    private = {module for module in graph.modules if module.startswith(ENGINE_PRIVATE)}
    outside = {
        (module, imported)
        for module in private
        for imported in graph.find_modules_directly_imported_by(module)
        if not imported.startswith(ENGINE_PRIVATE) and imported not in LEAVES
    }
    assert outside == set()


def test_the_kernel_source_imports_only_the_private_engine_and_the_leaf_modules() -> None:
    """grimp does not read Cython: the kernel's imports are checked from its source."""
    source = (SOURCE_ROOT / "_engine" / "_speedups.pyx").read_text()
    imported = set(re.findall(rf"^from ({PACKAGE}\S*) import", source, flags=re.MULTILINE))
    assert imported, "the kernel source imports nothing from the package?"
    assert {name for name in imported if not name.startswith(ENGINE_PRIVATE) and name not in LEAVES} == set()


def _function_level_imports(path: Path) -> list[str]:
    """``module:line`` of every import of the package made inside a function body."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            names = []
            if isinstance(inner, ast.ImportFrom) and inner.module:
                names = [inner.module]
            elif isinstance(inner, ast.Import):
                names = [alias.name for alias in inner.names]
            if any(name == PACKAGE or name.startswith(f"{PACKAGE}.") for name in names):
                found.append(f"{path.relative_to(SOURCE_ROOT)}:{inner.lineno}")
    return found


def test_no_engine_module_imports_a_sibling_inside_a_function(graph: grimp.ImportGraph) -> None:
    """A late import is how a cycle hides; every engine import happens when its module loads."""
    paths = []
    for module in _engine_modules(graph):
        relative = Path(*module.split(".")[1:])
        package_init = SOURCE_ROOT / relative / "__init__.py"
        paths.append(package_init if package_init.exists() else (SOURCE_ROOT / relative).with_suffix(".py"))
    assert [hit for path in sorted(paths) for hit in _function_level_imports(path)] == []
