"""The server uses the core only through its public surface (public modules, names in ``__all__``)."""
from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import scenario_core
import scenario_lsp

SERVER = Path(scenario_lsp.__file__).parent


def core_imports() -> list[tuple[str, int, str, str]]:
    """(server file, line, core module, name) for every name the server imports from the core."""
    found = []
    for path in sorted(SERVER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "scenario_core":
                for alias in node.names:
                    found.append((path.name, node.lineno, node.module, alias.name))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("scenario_core"), f"{path.name}:{node.lineno} imports {alias.name}"
    return found


def _is_submodule(package: str, name: str) -> bool:
    return hasattr(importlib.import_module(package), "__path__") and importlib.util.find_spec(f"{package}.{name}") is not None


def test_every_public_core_module_declares_its_surface():
    for module in pkgutil.walk_packages(scenario_core.__path__, "scenario_core."):
        if not any(part.startswith("_") for part in module.name.split(".")):
            assert hasattr(importlib.import_module(module.name), "__all__"), module.name


def test_the_server_imports_only_public_names_of_public_core_modules():
    imports = core_imports()
    assert imports, "the server imports nothing from the core?"
    for file, line, module, name in imports:
        if module == "scenario_core" or _is_submodule(module, name):
            # `from scenario_core.checking import format`: a public module (or the version)
            assert name == "__version__" or not name.startswith("_"), f"{file}:{line}: {name}"
            continue
        assert not any(part.startswith("_") for part in module.split(".")), f"{file}:{line} imports the private module {module}"
        public = importlib.import_module(module).__all__
        assert name in public, f"{file}:{line} imports {name}, which {module}.__all__ does not list"
