"""Drive one notebook in JupyterLab through Playwright, as a learner would.

Open a notebook, run all cells from the Run menu, save it, and read what the
page shows: cell prompts, error outputs and widget texts. The selectors are
JupyterLab 4.6's and ipywidgets 8.1's class names.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from lab_browser import LabServer

OPEN_SECONDS = 90.0
RUN_ALL_SECONDS = 240.0
SAVE_SECONDS = 30.0
RAISES_TAG = "raises-exception"

# True once the notebook's kernel has connected and is idle: the toolbar then
# names the kernel instead of "No Kernel", and the execution indicator shows idle.
KERNEL_READY_SCRIPT = """() => {
    const name = document.querySelector('.jp-NotebookPanel .jp-Toolbar-kernelName');
    const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
    return name !== null && !/No Kernel/.test(name.innerText)
        && indicator !== null && indicator.dataset.status === 'idle';
}"""

# True once the run has ended: the kernel is idle, no cell is queued ("[*]"), and
# either every code cell shows an execution count or a cell shows a traceback
# (Run All stops there, leaving the cells after it unrun).
RUN_ENDED_SCRIPT = """() => {
    const prompts = Array.from(document.querySelectorAll(
        '.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')).map(prompt => prompt.textContent.trim());
    const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
    if (prompts.length === 0 || indicator === null || indicator.dataset.status !== 'idle') {
        return false;
    }
    if (prompts.some(prompt => prompt === '[*]:')) {
        return false;
    }
    const tracebacks = Array.from(document.querySelectorAll(
        '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')).filter(
            output => output.textContent.includes('Traceback'));
    return prompts.every(prompt => /^\\[\\d+\\]:$/.test(prompt)) || tracebacks.length > 0;
}"""

# True once no code cell shows an output or an execution count.
CLEARED_SCRIPT = """() => Array.from(document.querySelectorAll(
    '.jp-Notebook .jp-CodeCell')).every(cell =>
        cell.querySelector('.jp-OutputArea-output') === null
        && cell.querySelector('.jp-InputArea-prompt').textContent.trim() === '[ ]:')"""

# For each code cell in order: the text of every stderr output (tracebacks included).
STDERR_TEXTS_SCRIPT = """() => Array.from(
    document.querySelectorAll('.jp-Notebook .jp-CodeCell')).map(cell => Array.from(
        cell.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')).map(
            output => output.textContent))"""


@dataclass(frozen=True)
class CellError:
    """An error that a code cell shows: its index among the code cells and the text."""

    code_cell: int
    text: str


def open_notebook(page, server: LabServer, relative_path: str) -> None:
    """Open a notebook in JupyterLab and wait until its kernel is ready."""
    page.goto(server.notebook_url(relative_path))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=OPEN_SECONDS * 1000)
    page.wait_for_function(KERNEL_READY_SCRIPT, timeout=OPEN_SECONDS * 1000)


def click_menu(page, menu: str, command: str) -> None:
    """Open a menu of JupyterLab's menu bar and click the item that runs `command`."""
    page.get_by_role("menuitem", name=menu, exact=True).click()
    page.click(f'li[data-command="{command}"]')


def run_all_cells(page, timeout: float = RUN_ALL_SECONDS) -> float:
    """Clear the stored outputs, run all cells, wait until the run ends, and return the seconds.

    The lessons are stored with outputs and execution counts from
    `python3 run.py notebooks`, so the outputs are cleared first: every count
    and output seen afterwards comes from this run.
    """
    click_menu(page, "Edit", "editmenu:clear-all")
    page.wait_for_function(CLEARED_SCRIPT, timeout=SAVE_SECONDS * 1000)

    started = time.monotonic()
    click_menu(page, "Run", "runmenu:run-all")
    page.wait_for_function(RUN_ENDED_SCRIPT, timeout=timeout * 1000, polling=250)
    return time.monotonic() - started


def save_notebook(page) -> None:
    """Save the notebook with Ctrl+S and wait until its tab is no longer marked as changed."""
    page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+s")
    page.wait_for_function(
        "() => document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty') === null",
        timeout=SAVE_SECONDS * 1000,
    )


def expected_error_cells(notebook_path: Path) -> set[int]:
    """Indices (among code cells) of the cells tagged to raise on purpose."""
    notebook = nbformat.read(notebook_path, as_version=4)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    return {
        index
        for index, cell in enumerate(code_cells)
        if RAISES_TAG in cell.get("metadata", {}).get("tags", [])
    }


def shown_errors(page, notebook_path: Path) -> list[CellError]:
    """Errors the page shows outside cells tagged to raise: tracebacks and failed widgets.

    JupyterLab renders an exception and a stderr stream alike, so a stderr
    output counts as an error when it holds a traceback. ipywidgets writes
    "Error displaying widget" in place of a widget it cannot render.
    """
    allowed = expected_error_cells(notebook_path)
    errors = []
    for index, texts in enumerate(page.evaluate(STDERR_TEXTS_SCRIPT)):
        if index in allowed:
            continue
        errors.extend(CellError(index, text) for text in texts if "Traceback" in text)

    widget_failures = page.locator(".jp-Notebook").get_by_text("Error displaying widget")
    errors.extend(CellError(-1, text) for text in widget_failures.all_text_contents())
    return errors


def saved_errors(notebook_path: Path) -> list[CellError]:
    """Error outputs that the saved notebook holds outside cells tagged to raise."""
    notebook = nbformat.read(notebook_path, as_version=4)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    errors = []
    for index, cell in enumerate(code_cells):
        if RAISES_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append(CellError(index, f"{output['ename']}: {output['evalue']}"))
    return errors


def stderr_texts(page) -> list[str]:
    """Every stderr output the page shows (warnings included), in cell order."""
    return [text for texts in page.evaluate(STDERR_TEXTS_SCRIPT) for text in texts]


def notification_toasts(page) -> list[str]:
    """Texts of the notification toasts JupyterLab shows, such as the news question."""
    return [text.strip() for text in page.locator(".Toastify__toast").all_inner_texts()]


def unrun_cells(page) -> list[int]:
    """Indices of the code cells that show no execution count after a run."""
    prompts = page.locator(".jp-Notebook .jp-CodeCell .jp-InputArea-prompt").all_text_contents()
    return [index for index, prompt in enumerate(prompts) if not prompt.strip()[1:-2].isdigit()]


def wait_for_all_code_cells(page, notebook_path: Path, timeout: float = OPEN_SECONDS) -> None:
    """Wait until the page holds as many code cells as the notebook file.

    JupyterLab adds the cells of a long notebook to the page in batches after
    opening it. Its default windowing mode ("contentVisibility") then keeps
    every cell in the page, so that the checks see all of them.
    """
    notebook = nbformat.read(notebook_path, as_version=4)
    expected = sum(1 for cell in notebook.cells if cell.cell_type == "code")
    page.wait_for_function(
        "expected => document.querySelectorAll('.jp-Notebook .jp-CodeCell').length === expected",
        arg=expected,
        timeout=timeout * 1000,
    )
