"""Reading a challenge's hidden tests without running them: which tests exist and what skill each measures.

The hidden-test plugin (the grading app's hidden/plugin.py) enforces the same markers at run time; checking
them here with `ast` refuses a package at load time, before any candidate is graded with it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from assay.challenges.skills import SKILLS


@dataclass(frozen=True)
class HiddenCheck:
    """One hidden test function: ``id`` is ``test_file.py::test_name`` (or ``::Class::test_name``)."""

    id: str
    skill: str
    weight: float


@dataclass(frozen=True)
class MarkerProblem:
    test: str
    message: str


def _mark_call(node: ast.expr, name: str) -> ast.Call | None:
    """The ``pytest.mark.<name>(...)`` call in ``node``, if that is what it is."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == name:
        owner = func.value
        if isinstance(owner, ast.Attribute) and owner.attr == "mark":
            return node
    return None


def _marks(nodes: list[ast.expr], name: str) -> list[ast.Call]:
    return [call for node in nodes if (call := _mark_call(node, name)) is not None]


def _pytestmark(body: list[ast.stmt]) -> list[ast.expr]:
    """The marks of a module- or class-level ``pytestmark = ...`` (a single mark or a list)."""
    for stmt in body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in stmt.targets):
            value = stmt.value
            return list(value.elts) if isinstance(value, ast.List | ast.Tuple) else [value]
    return []


def _literal(call: ast.Call) -> object:
    if not call.args:
        return None
    try:
        return ast.literal_eval(call.args[0])
    except ValueError:
        return None


def _check(test_id: str, marks: list[ast.expr]) -> HiddenCheck | MarkerProblem:
    # The innermost mark wins, as in pytest's get_closest_marker: marks are listed innermost first.
    skills = _marks(marks, "skill")
    if not skills:
        return MarkerProblem(test_id, "has no @pytest.mark.skill(...) marker")
    skill = _literal(skills[0])
    if skill not in SKILLS:
        return MarkerProblem(test_id, f"has unknown skill {skill!r}; expected one of {', '.join(SKILLS)}")
    weights = _marks(marks, "weight")
    weight = _literal(weights[0]) if weights else 1
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
        return MarkerProblem(test_id, f"has an invalid weight {weight!r}; expected a positive number literal")
    return HiddenCheck(test_id, str(skill), float(weight))


def _is_test(node: ast.stmt) -> bool:
    return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")


def scan_module(path: Path) -> list[HiddenCheck | MarkerProblem]:
    """Every test in one hidden test file, or why it is not gradable. Raises SyntaxError."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module_marks = _pytestmark(tree.body)
    found: list[HiddenCheck | MarkerProblem] = []
    for node in tree.body:
        if _is_test(node):
            assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            found.append(_check(f"{path.name}::{node.name}", [*reversed(node.decorator_list), *module_marks]))
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            class_marks = [*reversed(node.decorator_list), *_pytestmark(node.body)]
            for method in node.body:
                if _is_test(method):
                    assert isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef)
                    marks = [*reversed(method.decorator_list), *class_marks, *module_marks]
                    found.append(_check(f"{path.name}::{node.name}::{method.name}", marks))
    return found


def base_id(check_id: str) -> str:
    """``test_x.py::test_y[case]`` -> ``test_x.py::test_y``: a parametrized case belongs to its function."""
    return check_id.split("[", 1)[0]
