"""The exercise sets: generated copies are current, pair up, and run as handed out.

The solution notebooks themselves run under nbval (they are in pytest's
testpaths); their hidden asserts fail a check that does not report success.
Here each exercise notebook runs top to bottom in a fresh kernel and must
raise no error, with every check reporting "not answered yet".
"""

from __future__ import annotations

import io
import itertools
import os
import re
import tokenize
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tools.make_exercises import (
    assigned_names,
    planned_exercises,
    stale_exercises,
    strip_regions,
)

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "zh")
STATUS = re.compile(r'class="course-check" data-status="(\w+)"')


def notebook_names(folder: str, language: str) -> set[str]:
    return {path.name for path in (ROOT / folder / language).glob("*.ipynb")}


def solution_names() -> list[str]:
    return sorted(notebook_names("solutions", "en") | notebook_names("solutions", "zh"))


def read(folder: str, language: str, name: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / folder / language / name, as_version=4)


def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def check_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade")]


def check_statuses(cell) -> list[str]:
    """The status of every check feedback a cell displayed."""
    statuses = []
    for output in cell.get("outputs", []):
        shown = output.get("data", {}).get("text/html", "")
        statuses += STATUS.findall(shown)
    return statuses


def code_without_text(source: str) -> list[tuple[int, str]]:
    """The tokens of `source` with comments and string literals removed.

    Twins differ only in their language: comments, messages and the
    LANGUAGE string. Everything else must be identical.
    """
    ignored = {tokenize.COMMENT, tokenize.STRING, tokenize.NL, tokenize.NEWLINE}
    ignored |= {
        getattr(tokenize, name)
        for name in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
        if hasattr(tokenize, name)
    }
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [(token.type, token.string) for token in tokens if token.type not in ignored]


def test_exercises_are_current():
    problems = stale_exercises(planned_exercises())

    assert problems == [], "run `python3 run.py exercises`: " + "; ".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_lesson_has_a_set(language):
    lessons = notebook_names("notebooks", language)

    assert lessons, f"no lesson notebooks in notebooks/{language}"
    assert notebook_names("solutions", language) == lessons
    assert notebook_names("exercises", language) == lessons


@pytest.mark.parametrize("folder", ["solutions", "exercises"])
def test_languages_have_same_sets(folder):
    assert notebook_names(folder, "en") == notebook_names(folder, "zh")


@pytest.mark.parametrize("name", solution_names())
def test_twins_have_same_code(name):
    english = read("solutions", "en", name)
    chinese = read("solutions", "zh", name)

    assert [cell.cell_type for cell in english.cells] == [cell.cell_type for cell in chinese.cells]
    for english_cell, chinese_cell in zip(english.cells, chinese.cells, strict=True):
        assert english_cell.metadata.get("nbgrader") == chinese_cell.metadata.get("nbgrader")
        if english_cell.cell_type == "code":
            assert code_without_text(english_cell.source) == code_without_text(
                chinese_cell.source
            ), f"{name}: code differs between en and zh in cell {english_cell.get('id')}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", solution_names())
def test_solution_set_shape(name, language):
    notebook = read("solutions", language, name)
    answers = [
        grade_id(cell) for cell in notebook.cells if grade_id(cell) and "answer" in grade_id(cell)
    ]
    checks = [grade_id(cell) for cell in check_cells(notebook)]

    assert 6 <= len(checks) <= 10, f"{name} has {len(checks)} tasks; a set has six to ten"
    assert [answer.replace("answer", "check") for answer in answers] == checks
    for cell in notebook.cells:
        if grade_id(cell) and "answer" in grade_id(cell):
            assert "### BEGIN SOLUTION" in cell.source


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", solution_names())
def test_solution_checks_stored_correct(name, language):
    notebook = read("solutions", language, name)

    for cell in check_cells(notebook):
        statuses = check_statuses(cell)
        assert statuses, f"{name} {grade_id(cell)} has no stored check output; execute it"
        assert set(statuses) == {"correct"}, f"{name} {grade_id(cell)}: {statuses}"


def execute(path: Path) -> nbformat.NotebookNode | str:
    """Run one notebook in a fresh kernel; return it, or the error as text."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except Exception as error:  # reported by the test of this notebook
        return f"{type(error).__name__}: {error}"
    return notebook


@pytest.fixture(scope="module")
def executed_exercises() -> dict[Path, nbformat.NotebookNode | str]:
    """Every exercise notebook, run once, several kernels at a time.

    pytest-xdist keeps a test file on one worker, so the notebooks run in
    threads here (each in its own kernel process) to keep the test quick.
    """
    paths = sorted((ROOT / "exercises").glob("*/*.ipynb"))
    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(paths, pool.map(execute, paths), strict=True))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", solution_names())
def test_exercise_runs_unanswered(name, language, executed_exercises):
    path = ROOT / "exercises" / language / name
    notebook = executed_exercises[path]

    assert not isinstance(notebook, str), f"{path.relative_to(ROOT)} failed: {notebook}"
    checks = check_cells(notebook)
    assert checks
    for cell in checks:
        statuses = check_statuses(cell)
        assert statuses, f"{name} {grade_id(cell)} displayed no feedback"
        assert set(statuses) == {"unanswered"}, f"{name} {grade_id(cell)}: {statuses}"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            errors = [output for output in cell.outputs if output.output_type == "error"]
            assert errors == []


def test_with_target_is_not_a_placeholder():
    region = (
        "layer = nn.Conv2d(3, 6, 3)\n"
        "with FlopCounterMode(display=False) as counter:\n"
        "    layer(x)\n"
        "torch_flops = counter.get_total_flops()\n"
    )

    assert assigned_names(region, "test") == ["layer", "torch_flops"]


def test_block_body_region_keeps_the_block():
    # The FlopCounterMode tasks leave the with-statement in the exercise and ask for
    # its body only, which must become a statement that runs, not an error.
    solution = (
        "### BEGIN SOLUTION\n"
        "layer = nn.Conv2d(3, 6, 3)\n"
        "### END SOLUTION\n"
        "with FlopCounterMode(display=False) as counter:\n"
        "    # Run the layer here.\n"
        "    ### BEGIN SOLUTION\n"
        "    layer(x)\n"
        "    ### END SOLUTION\n"
        "### BEGIN SOLUTION\n"
        "torch_flops = counter.get_total_flops()\n"
        "### END SOLUTION"
    )

    exercise = strip_regions(solution, "code", "test")

    assert exercise == (
        "# YOUR CODE HERE\n"
        "layer = ...\n"
        "with FlopCounterMode(display=False) as counter:\n"
        "    # Run the layer here.\n"
        "    # YOUR CODE HERE\n"
        "    ...\n"
        "# YOUR CODE HERE\n"
        "torch_flops = ..."
    )


def test_function_body_region_raises_not_implemented():
    solution = (
        "def output_length(size, kernel_size):\n"
        "    if size:\n"
        "        ### BEGIN SOLUTION\n"
        "        return size - kernel_size + 1\n"
        "        ### END SOLUTION\n"
        "    return 0"
    )

    exercise = strip_regions(solution, "code", "test")

    assert "        raise NotImplementedError()" in exercise


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", solution_names())
def test_flop_counter_block_is_in_the_exercise(name, language):
    # A task that measures FLOPs gives the learner the with-statement to run the layer in.
    solution = read("solutions", language, name)
    exercise = read("exercises", language, name)
    measured = [
        index
        for index, cell in enumerate(solution.cells)
        if cell.cell_type == "code" and "get_total_flops" in cell.source
    ]

    for index in measured:
        assert "with FlopCounterMode(display=False) as counter:" in exercise.cells[index].source


CJK = re.compile(r"[\u4e00-\u9fff，。；：、（）“”]")


@pytest.mark.parametrize("folder", ["solutions", "exercises"])
@pytest.mark.parametrize("name", solution_names())
def test_chinese_paragraphs_have_no_hard_line_breaks(folder, name):
    # A line break inside a Chinese paragraph renders as a stray space.
    notebook = read(folder, "zh", name)

    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.splitlines()
        for line, following in itertools.pairwise(lines):
            if not line.strip() or not following.strip() or line.lstrip().startswith("#"):
                continue
            if re.match(r"\s*(\d+\.|[-*])\s", following):
                continue
            assert not (CJK.search(line[-1]) or CJK.search(following[0])), (
                f"{name} cell {cell.get('id')}: line break inside a paragraph: {line[-10:]!r}"
            )


def run_with_answers(path: Path, answers: dict[str, str]) -> nbformat.NotebookNode:
    """Run an exercise with some answer cells replaced, letting cells fail as a learner's would."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


def cell_by_grade(notebook, grade: str):
    return next(cell for cell in notebook.cells if grade_id(cell) == grade)


def errors_in(cell) -> list:
    return [output for output in cell.outputs if output.output_type == "error"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_failing_answer_cells_give_feedback(language):
    # Set 3, task 6: the channels swapped (64 -> 32 with groups=32), so the forward pass on
    # the 32-channel input raises a RuntimeError inside torch after the parameter count
    # (576, the same as the right layer's) is computed. Task 7: an unquoted slip name.
    swapped = (
        "layer = nn.Conv2d(64, 32, kernel_size=3, stride=2, padding=1, groups=32, bias=False)\n"
        "torch_params = sum(p.numel() for p in layer.parameters())\n"
        "with FlopCounterMode(display=False) as counter, torch.no_grad():\n"
        "    layer(torch.zeros(1, 32, 112, 112))\n"
        "torch_flops = counter.get_total_flops()\n"
    )
    unquoted = "sheet_slip = groups_divided_twice\nsheet_params_corrected = 576\n"
    path = ROOT / "exercises" / language / "03_depthwise_convolution.ipynb"

    notebook = run_with_answers(path, {"task6-answer": swapped, "task7-answer": unquoted})

    assert errors_in(cell_by_grade(notebook, "task6-answer"))
    assert errors_in(cell_by_grade(notebook, "task7-answer"))
    task6 = cell_by_grade(notebook, "task6-check")
    task7 = cell_by_grade(notebook, "task7-check")
    assert errors_in(task6) == []
    assert errors_in(task7) == []
    assert set(check_statuses(task6)) == {"not_run"}
    assert set(check_statuses(task7)) == {"not_run"}
    shown = "".join(output.get("data", {}).get("text/plain", "") for output in task7.outputs)
    assert "NameError" in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_wrong_layer_with_coinciding_count_is_not_correct(language):
    # 64 -> 32 with groups=32 run on a 64-channel input raises nothing, and its 576
    # parameters equal the right layer's; the layer check catches it first.
    wrong_layer = (
        "layer = nn.Conv2d(64, 32, kernel_size=3, stride=2, padding=1, groups=32, bias=False)\n"
        "torch_params = sum(p.numel() for p in layer.parameters())\n"
        "with FlopCounterMode(display=False) as counter, torch.no_grad():\n"
        "    layer(torch.zeros(1, 64, 112, 112))\n"
        "torch_flops = counter.get_total_flops()\n"
    )
    path = ROOT / "exercises" / language / "03_depthwise_convolution.ipynb"

    notebook = run_with_answers(path, {"task6-answer": wrong_layer})

    statuses = check_statuses(cell_by_grade(notebook, "task6-check"))
    assert statuses == ["wrong_value", "blocked", "blocked"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_later_tasks_do_not_give_away_task_one(language):
    # Task 1 of set 1 asks which convention PyTorch counts (2 x MACs); no other
    # task text may tie PyTorch to that convention.
    notebook = read("exercises", language, "01_standard_convolution.ipynb")
    texts = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    task_one = next(index for index, text in enumerate(texts) if "FlopCounterMode" in text)

    for text in texts[task_one + 1 :]:
        assert not ("PyTorch" in text and "2 x MACs" in text), text
