"""A layout a newcomer can read: modules that import one another without
cycles, none too long to hold in mind, imports at the top of files, and
templates filed by app or area."""

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def strongly_connected_components(graph):
    """Tarjan's algorithm, without recursion."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def a_cycle_through(component, graph):
    """One import path that leaves the first module of `component` and comes back to it."""
    start = min(component)
    paths = [[start]]
    seen = {start}
    while paths:
        path = paths.pop(0)
        for successor in sorted(graph[path[-1]] & component):
            if successor == start:
                return path + [start]
            if successor not in seen:
                seen.add(successor)
                paths.append(path + [successor])
    return [start]


def test_the_import_graph_has_edges_where_the_code_imports():
    graph = import_graph()
    # A re-exporting package is a module of its own, and `from . import x` is an edge to x.
    assert "home.models.connect" in graph["home.models"]
    assert "home.models" in graph["home.views"]
    assert "wpa_site.cache.invalidation" in graph["home.apps"], "function-level imports count too"
    assert not [module for module in graph if ".migrations" in module or module.startswith("tests")]


def test_the_project_modules_import_one_another_without_cycles():
    graph = import_graph()
    cycles = [component for component in strongly_connected_components(graph) if len(component) > 1]
    report = [
        " -> ".join(a_cycle_through(component, graph)) + f"   (modules in this cycle: {', '.join(sorted(component))})"
        for component in cycles
    ]
    assert not cycles, "Import cycles:\n" + "\n".join(report)


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


def test_the_cycle_finder_reports_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    cycles = [component for component in strongly_connected_components(graph) if len(component) > 1]
    assert cycles == [{"a", "b", "c"}]
    assert a_cycle_through(cycles[0], graph) == ["a", "b", "c", "a"]
