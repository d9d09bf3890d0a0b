"""Execute the course's notebooks in place, so their stored outputs are current.

    python -m tools.execute_notebooks                 every notebook under notebooks/ and solutions/
    python -m tools.execute_notebooks PATH [PATH ...]  only these notebooks or folders

Each notebook runs in a fresh python3 kernel whose working folder is the
notebook's own folder. The stored outputs are the oracle that nbval compares
against. After execution the tool therefore removes what changes on every run
without changing the lesson: execution timestamps, widget state, widget views
(their model ids are random) and the Python patch version. A notebook
whose cell fails is left unchanged on disk, and the tool exits with status 1
after naming the notebook and the cell.

A cell that is meant to fail starts with `# NBVAL_RAISES_EXCEPTION`; the tool
tags it "raises-exception", which both nbclient and nbval read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = ("notebooks", "solutions")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
RAISES_MARKER = "# NBVAL_RAISES_EXCEPTION"
RAISES_TAG = "raises-exception"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
# Keys of language_info that do not depend on the machine's Python patch version.
STABLE_LANGUAGE_INFO = ("name", "codemirror_mode", "file_extension", "mimetype", "pygments_lexer")


@dataclass(frozen=True)
class Outcome:
    """The result of executing one notebook: None for `failure` means success."""

    path: Path
    failure: str | None


def find_notebooks(paths: Iterable[str]) -> list[Path]:
    """Expand files and folders into a sorted list of .ipynb files.

    Checkpoint copies (.ipynb_checkpoints) are skipped. Raises SystemExit with
    a message for a path that does not exist or is not a notebook.
    """
    found: set[Path] = set()
    for name in paths:
        path = Path(name).resolve()
        if path.is_dir():
            found.update(
                notebook
                for notebook in path.rglob("*.ipynb")
                if ".ipynb_checkpoints" not in notebook.parts
            )
        elif path.is_file() and path.suffix == ".ipynb":
            found.add(path)
        else:
            raise SystemExit(
                f"error: {name} is not a notebook (.ipynb) or a folder; check the path"
            )
    return sorted(found)


def tag_expected_errors(notebook: nbformat.NotebookNode) -> None:
    """Tag every cell that starts with the nbval raises marker as allowed to fail."""
    for cell in notebook.cells:
        if cell.cell_type != "code" or not cell.source.lstrip().startswith(RAISES_MARKER):
            continue
        tags = cell.metadata.setdefault("tags", [])
        if RAISES_TAG not in tags:
            tags.append(RAISES_TAG)


def normalise(notebook: nbformat.NotebookNode) -> None:
    """Remove what differs between two runs of the same notebook.

    Widget views are dropped from outputs because their model ids are random.
    Without the stored widget state they could not be shown anyway, so only
    the text/plain or text/html fallback that the widget provides is kept.
    Consecutive stream outputs of one stream are merged into one, because the
    kernel splits printed text into chunks at times that vary between runs.
    """
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    language_info = notebook.metadata.get("language_info", {})
    notebook.metadata["language_info"] = {
        key: language_info[key] for key in STABLE_LANGUAGE_INFO if key in language_info
    }
    notebook.metadata.pop("widgets", None)

    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.outputs:
            data = output.get("data")
            if data is not None and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                if not data:
                    continue
            previous = kept[-1] if kept else None
            if (
                output.output_type == "stream"
                and previous is not None
                and previous.output_type == "stream"
                and previous.name == output.name
            ):
                previous.text += output.text
                continue
            kept.append(output)
        cell.outputs = kept


def describe_cell(notebook: nbformat.NotebookNode, index: int | None) -> str:
    """Name a cell by its position among all cells (from 0) and its first line."""
    if index is None:
        return "the kernel, before any cell,"
    lines = notebook.cells[index].source.strip().splitlines()
    first_line = lines[0] if lines else ""
    return f"cell {index} ({first_line!r})"


def execute_notebook(path: Path, timeout: int) -> Outcome:
    """Execute one notebook and write it back normalised, unless a cell fails."""
    notebook = nbformat.read(path, as_version=4)
    tag_expected_errors(notebook)
    current = {"index": None}

    def remember_cell(cell, cell_index, **_):
        current["index"] = cell_index

    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_start=remember_cell,
    )
    try:
        client.execute()
    except CellTimeoutError:
        return Outcome(
            path,
            f"{describe_cell(notebook, current['index'])} timed out after {timeout} s "
            "(raise the limit with --timeout)",
        )
    except CellExecutionError as error:
        return Outcome(path, f"{describe_cell(notebook, current['index'])} failed:\n{error}")

    normalise(notebook)
    nbformat.write(notebook, path)
    return Outcome(path, None)


def relative(path: Path) -> str:
    """Return `path` relative to the repository when it is inside it, for messages."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "paths",
        nargs="*",
        help="notebooks or folders to execute (default: notebooks/ and solutions/)",
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=600,
        help="seconds one cell may run before it times out (default: 600)",
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="notebooks executed at once (default: 2)"
    )
    arguments = parser.parse_args(argv)

    if arguments.paths:
        paths = arguments.paths
    else:
        paths = [str(ROOT / folder) for folder in DEFAULT_FOLDERS if (ROOT / folder).is_dir()]
    notebooks = find_notebooks(paths)
    if not notebooks:
        print("No notebooks found; nothing to execute.")
        return 0

    failures = []
    workers = max(1, min(arguments.workers, len(notebooks)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(execute_notebook, path, arguments.timeout) for path in notebooks]
        for future in futures:
            outcome = future.result()
            if outcome.failure is None:
                print(f"executed {relative(outcome.path)}", flush=True)
            else:
                failures.append(outcome)
                print(f"FAILED {relative(outcome.path)}: {outcome.failure}", flush=True)

    if failures:
        print(f"\n{len(failures)} of {len(notebooks)} notebooks failed and were left unchanged:")
        for outcome in failures:
            print(f"  {relative(outcome.path)}")
        return 1
    print(f"All {len(notebooks)} notebooks executed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
