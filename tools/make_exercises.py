"""Generate the exercise notebooks from the solution notebooks.

    python -m tools.make_exercises           rewrite exercises/<lang>/ from solutions/<lang>/
    python -m tools.make_exercises --check   exit 1, naming each file, if any exercise is stale

The solutions are the only hand-edited copies. Their answer regions use
nbgrader's markers, so an instructor can also load them into nbgrader:

    ### BEGIN SOLUTION / ### END SOLUTION
        In a code cell outside any function, the region is replaced by
        `name = ...` (Ellipsis) for every name it binds, which every check
        reports as "not answered yet"; a region that binds no name inside a
        block (the body of a `with FlopCounterMode(...)`, say) becomes `...`,
        a statement that does nothing. Inside a function body the region
        becomes nbgrader's `raise NotImplementedError()`, which the function
        checks also report as "not answered yet". So, unlike nbgrader's own
        student copies, an exercise notebook runs from top to bottom without
        an error. In a markdown cell the region becomes "YOUR ANSWER HERE".
    ### BEGIN HIDDEN TESTS / ### END HIDDEN TESTS
        Removed, markers included. The solutions use them for the asserts
        that grade an answer (`assert feedback.ok`).

Every output and execution count is cleared, since outputs would reveal the
answers. Cell ids and metadata are kept, so a generated exercise is the same
on every run and its cells match the solution's for nbgrader.
"""

from __future__ import annotations

import argparse
import ast
import sys
import textwrap
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
LANGUAGES = ("en", "zh")

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
CODE_PROMPT = "# YOUR CODE HERE"
MARKDOWN_PROMPT = "YOUR ANSWER HERE"


class SolutionFormatError(ValueError):
    """A solution notebook whose markers cannot be turned into an exercise."""


class BoundNames(ast.NodeVisitor):
    """Collect the names a piece of code binds in its own scope, in order.

    Functions, lambdas, classes and comprehensions have scopes of their own,
    so the names bound inside them are skipped. So is the target of
    `with ... as name`: it is a helper the learner writes along with the
    `with` statement (`counter` of FlopCounterMode), not an answer a check reads.
    """

    def __init__(self) -> None:
        self.names: list[str] = []

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store) and node.id not in self.names:
            self.names.append(node.id)

    def skip(self, node: ast.AST) -> None:
        return None

    def visit_withitem(self, node: ast.withitem) -> None:
        self.visit(node.context_expr)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = visit_ClassDef = skip
    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = skip


def assigned_names(region: str, where: str, required: bool = True) -> list[str]:
    """The names a solution region outside any function binds, in order of first binding.

    The region may be indented (the body of a block); it is dedented first.
    Raises SolutionFormatError when `required` and the region binds no name,
    since then no placeholder could stand for the learner's answer.
    """
    try:
        tree = ast.parse(textwrap.dedent(region))
    except SyntaxError as error:
        raise SolutionFormatError(
            f"{where}: the solution region is not valid Python: {error}"
        ) from error
    collector = BoundNames()
    collector.visit(tree)
    if required and not collector.names:
        raise SolutionFormatError(
            f"{where}: the top-level solution region binds no name; assign the answer "
            "to a name that the check cell reads"
        )
    return collector.names


def in_function(previous_lines: list[str], indent: str) -> bool:
    """Return whether a line indented by `indent` after `previous_lines` is in a function body.

    The enclosing blocks are the earlier lines with less indentation, each
    less indented than the one found before it.
    """
    width = len(indent)
    for line in reversed(previous_lines):
        stripped = line.lstrip()
        depth = len(line) - len(stripped)
        if not stripped or stripped.startswith("#") or depth >= width:
            continue
        if stripped.startswith(("def ", "async def ")):
            return True
        width = depth
    return False


def code_placeholder(
    region_lines: list[str], indent: str, previous_lines: list[str], where: str
) -> list[str]:
    """Return the lines that replace one code solution region."""
    if indent and in_function(previous_lines, indent):
        return [f"{indent}{CODE_PROMPT}", f"{indent}raise NotImplementedError()"]
    names = assigned_names("\n".join(region_lines), where, required=not indent)
    placeholders = [f"{name} = ..." for name in names] or ["..."]
    return [f"{indent}{line}" for line in (CODE_PROMPT, *placeholders)]


def strip_regions(source: str, cell_type: str, where: str) -> str:
    """Replace solution regions and drop hidden-test regions in one cell's source."""
    output: list[str] = []
    region: list[str] | None = None
    region_kind = ""
    region_indent = ""

    for number, line in enumerate(source.splitlines(), start=1):
        marker = line.strip()
        if region is None:
            if marker in (BEGIN_SOLUTION, BEGIN_HIDDEN):
                region, region_kind = [], marker
                region_indent = line[: len(line) - len(line.lstrip())]
            elif marker in (END_SOLUTION, END_HIDDEN):
                raise SolutionFormatError(f"{where}: line {number}: {marker} without a BEGIN")
            else:
                output.append(line)
            continue

        if marker in (BEGIN_SOLUTION, BEGIN_HIDDEN):
            raise SolutionFormatError(f"{where}: line {number}: {marker} inside another region")
        expected_end = END_SOLUTION if region_kind == BEGIN_SOLUTION else END_HIDDEN
        if marker == expected_end:
            if region_kind == BEGIN_SOLUTION:
                if cell_type == "markdown":
                    output.append(MARKDOWN_PROMPT)
                else:
                    output.extend(code_placeholder(region, region_indent, output, where))
            region = None
            continue
        region.append(line)

    if region is not None:
        raise SolutionFormatError(f"{where}: {region_kind} is never closed")
    return "\n".join(output).rstrip("\n")


def make_exercise(solution: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """Return the exercise version of one solution notebook (the input is not changed)."""
    exercise = nbformat.from_dict(solution)
    for index, cell in enumerate(exercise.cells):
        where = f"{name}, cell {index}"
        cell.source = strip_regions(cell.source, cell.cell_type, where)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return exercise


def render(notebook: nbformat.NotebookNode) -> str:
    """Serialise a notebook exactly as the committed files are written."""
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def planned_exercises() -> dict[Path, str]:
    """Map every exercise path to the text it should have, from the solutions."""
    planned: dict[Path, str] = {}
    for language in LANGUAGES:
        for source in sorted((SOLUTIONS / language).glob("*.ipynb")):
            solution = nbformat.read(source, as_version=4)
            name = str(source.relative_to(ROOT))
            planned[EXERCISES / language / source.name] = render(make_exercise(solution, name))
    return planned


def stale_exercises(planned: dict[Path, str]) -> list[str]:
    """Describe each exercise that is missing, different, or has no solution."""
    problems = []
    for path, text in planned.items():
        shown = path.relative_to(ROOT)
        if not path.exists():
            problems.append(f"{shown} is missing")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{shown} differs from what its solution generates")
    for language in LANGUAGES:
        for path in sorted((EXERCISES / language).glob("*.ipynb")):
            if path not in planned:
                problems.append(f"{path.relative_to(ROOT)} has no solution notebook")
    return problems


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if an exercise differs from what would be generated",
    )
    options = parser.parse_args(arguments)

    try:
        planned = planned_exercises()
    except SolutionFormatError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    if options.check:
        problems = stale_exercises(planned)
        for problem in problems:
            print(f"stale: {problem}", file=sys.stderr)
        if problems:
            print("Run `python3 run.py exercises` to regenerate them.", file=sys.stderr)
            return 1
        print(f"{len(planned)} exercise notebooks are up to date.")
        return 0

    for path, text in planned.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    for problem in stale_exercises(planned):
        # Only exercises without a solution can remain; they are not deleted blindly.
        print(f"warning: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
