"""A layout a newcomer can read: dependencies that run one way without
circles (the import-linter contracts in pyproject.toml), modules none too
long to hold in mind, imports at the top of files, and templates filed by
app or area."""

import ast
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = ["home", "news", "programs", "wpa_site"]
SKIPPED_DIRECTORIES = {"migrations", "tests", "__pycache__", "node_modules", "staticfiles", "media"}
MAX_LINES = 500
DELIBERATE = "# noqa: PLC0415"
# Django looks these up by name at the top of the templates directory.
TOP_LEVEL_TEMPLATES = {"base.html", "400.html", "403.html", "404.html", "429.html", "500.html", "503.html"}


def python_files(top):
    """Every hand-written Python file under `top`: no migrations, no virtualenv."""
    for directory, subdirectories, files in os.walk(top):
        subdirectories[:] = sorted(
            name for name in subdirectories if not name.startswith(".") and name not in SKIPPED_DIRECTORIES - {"tests"}
        )
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(directory) / name


def project_modules():
    """Dotted name → path of each module of the project's packages (no migrations or tests)."""
    modules = {}
    for package in PACKAGES:
        for directory, subdirectories, files in os.walk(ROOT / package):
            subdirectories[:] = sorted(name for name in subdirectories if name not in SKIPPED_DIRECTORIES)
            for name in files:
                if not name.endswith(".py"):
                    continue
                path = Path(directory) / name
                parts = list(path.relative_to(ROOT).with_suffix("").parts)
                if parts[-1] == "__init__":
                    parts.pop()
                modules[".".join(parts)] = path
    return modules


def is_package(path):
    return path.name == "__init__.py"


def imported_modules(node, module, path, modules):
    """The project modules an import statement names, resolved like Python would."""
    if isinstance(node, ast.Import):
        candidates = [alias.name for alias in node.names]
    else:
        if node.level:
            package = module.split(".") if is_package(path) else module.split(".")[:-1]
            base = package[: len(package) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        # `from package import module` imports that module.
        candidates = [
            f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target for alias in node.names
        ]
    found = set()
    for candidate in candidates:
        parts = candidate.split(".")
        while parts and ".".join(parts) not in modules:
            parts.pop()
        if parts:
            found.add(".".join(parts))
    return found


def imports_in(path):
    """Each import statement of a file, with whether it sits inside a function."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.append((child, in_function))
            visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    visit(tree, False)
    return found


def import_graph():
    modules = project_modules()
    graph = {}
    for module, path in modules.items():
        graph[module] = set()
        for node, _ in imports_in(path):
            graph[module] |= imported_modules(node, module, path, modules) - {module}
    return graph


def test_the_import_graph_has_edges_where_the_code_imports():
    graph = import_graph()
    # A re-exporting package is a module of its own, and `from . import x` is an edge to x.
    assert "home.models.connect" in graph["home.models"]
    assert "home.models" in graph["home.newsletter.views"]
    assert "wpa_site.cache.invalidation" in graph["wpa_site.cache.apps"], "function-level imports count too"
    assert not [module for module in graph if ".migrations" in module or module.startswith("tests")]


def test_the_import_contracts_hold():
    """pyproject.toml's [tool.importlinter] contracts: the machinery imports no
    content app, news and programs stay apart, and no circles."""
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_hand_written_module_is_over_500_lines():
    too_long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in python_files(ROOT)
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert not too_long, f"Modules over {MAX_LINES} lines:\n" + "\n".join(too_long)


def test_project_modules_are_imported_at_the_top_of_files_unless_marked_deliberate():
    modules = project_modules()
    hidden = []
    for module, path in modules.items():
        lines = path.read_text().splitlines()
        for node, in_function in imports_in(path):
            if not in_function or not imported_modules(node, module, path, modules):
                continue
            statement = lines[node.lineno - 1 : node.end_lineno]
            if not any(DELIBERATE in line for line in statement):
                hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}: {statement[0].strip()}")
    assert not hidden, (
        f"Imports of the project's modules inside functions, without a '{DELIBERATE}' comment "
        "saying why:\n" + "\n".join(hidden)
    )


def test_templates_are_filed_by_app_or_area():
    templates = ROOT / "templates"
    loose = sorted(
        path.name for path in templates.iterdir() if path.is_file() and path.name not in TOP_LEVEL_TEMPLATES
    )
    assert not loose, f"Templates outside templates/<app-or-area>/: {loose}"


def test_the_import_contracts_cover_the_machinery_and_run_with_the_linters():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contracts = {contract["id"]: contract for contract in config["contracts"]}
    assert set(config["root_packages"]) == set(PACKAGES)
    assert contracts["machinery"]["type"] == "forbidden"
    assert contracts["machinery"]["source_modules"] == ["wpa_site"]
    assert set(contracts["machinery"]["forbidden_modules"]) == {"home", "news", "programs"}
    assert set(contracts["acyclic"]["ancestors"]) == set(PACKAGES)
    lint = re.search(r"^lint:.*?(?=^\S)", (ROOT / "Makefile").read_text(), flags=re.M | re.S).group(0)
    assert "$(BIN)/lint-imports" in lint
