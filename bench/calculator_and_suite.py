"""Time the calculator's response and the test suite against their targets.

    .venv/bin/python bench/calculator_and_suite.py               both benchmarks
    .venv/bin/python bench/calculator_and_suite.py --skip-suite  the calculator only

1. Calculator: the wall time from starting `python -m course_lib count ... --json`
   in a fresh interpreter to its exit, median of --runs runs, against 0.2 s.
2. Test suite: the wall time of `python -m pytest -n WORKERS` (what
   `python3 run.py test` runs after ruff) against a floor. The floor is the
   least time nbval can take: every notebook pytest collects needs its own
   kernel, which must start and import what the notebooks import, and the
   workers share that work. So floor = notebooks x (kernel start + imports) / workers.
   The target is a suite no slower than 1.5 x the floor.

The script prints figures only; no test checks timings, because they depend
on the machine.
"""

from __future__ import annotations

import argparse
import ast
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALCULATOR_TARGET_SECONDS = 0.2
SUITE_TARGET_RATIO = 1.5

# The source article's layer: 227 x 227 x 3 input, 11 x 11 kernel, 6 filters, stride 4.
CALCULATOR_ARGUMENTS = [
    "-m", "course_lib", "count", "--in-channels", "3", "--out-channels", "6",
    "--kernel-size", "11", "--stride", "4", "--no-bias", "--input-size", "227,227", "--json",
]  # fmt: skip


def default_workers() -> int:
    """Return the number of pytest workers that `python3 run.py test` uses on this machine."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def time_command(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    """Run a command in the repository and return its wall time in seconds and its result."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, result


def bench_calculator(runs: int) -> None:
    """Print the median start-to-exit time of the calculator and its ratio to the target."""
    command = [sys.executable, *CALCULATOR_ARGUMENTS]
    times = []
    for _ in range(runs):
        seconds, result = time_command(command)
        if result.returncode != 0:
            sys.exit(f"the calculator failed with status {result.returncode}: {result.stderr}")
        times.append(seconds)

    median = statistics.median(times)
    print("calculator: python -m course_lib count ... --json, fresh interpreter each run")
    print(f"  runs: {runs}, min {min(times):.3f} s, median {median:.3f} s, max {max(times):.3f} s")
    print(
        f"  median / target {CALCULATOR_TARGET_SECONDS} s = "
        f"{median / CALCULATOR_TARGET_SECONDS:.2f} (at most 1 meets the target)"
    )


def collected_notebooks(python: str) -> list[Path]:
    """List the notebooks that pytest collects with the project's settings (nbval's share)."""
    result = subprocess.run(
        [python, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    notebooks = set()
    for line in result.stdout.splitlines():
        path = line.split("::")[0]
        if path.endswith(".ipynb"):
            notebooks.add(ROOT / path)
    return sorted(notebooks)


def notebook_imports(notebooks: list[Path]) -> list[str]:
    """Collect the distinct top-level import statements of the notebooks' code cells.

    Cells with IPython magics or shell lines are read without those lines; a
    cell that still does not parse as Python is skipped.
    """
    import nbformat

    statements: dict[str, None] = {}
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            lines = [
                line
                for line in cell.source.splitlines()
                if not line.lstrip().startswith(("%", "!"))
            ]
            try:
                tree = ast.parse("\n".join(lines))
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, ast.Import | ast.ImportFrom):
                    statements[ast.unparse(node)] = None
    return list(statements)


def time_kernel_with_imports(imports: list[str]) -> tuple[float, float]:
    """Start one python3 kernel and run `imports` in it.

    Returns the seconds until the kernel was ready and the seconds the imports took.
    """
    from jupyter_client.manager import start_new_kernel

    start = time.perf_counter()
    # The kernel's stderr only carries start-up warnings. A failed import shows in the reply.
    manager, client = start_new_kernel(
        kernel_name="python3", cwd=str(ROOT), stderr=subprocess.DEVNULL
    )
    ready = time.perf_counter()
    try:
        reply = client.execute_interactive("\n".join(imports), timeout=300, store_history=False)
        done = time.perf_counter()
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            sys.exit(f"the notebooks' imports failed in the kernel: {content.get('evalue')}")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return ready - start, done - ready


def bench_suite(workers: int, kernel_runs: int) -> None:
    """Print the test suite's wall time, its floor and their ratio."""
    python = sys.executable
    notebooks = collected_notebooks(python)
    imports = notebook_imports(notebooks)
    print(f"test suite: python -m pytest -n {workers}")
    print(f"  notebooks collected by pytest: {len(notebooks)}")
    print(f"  distinct import statements in them: {len(imports)}")
    for statement in imports:
        print(f"    {statement}")

    timings = [time_kernel_with_imports(imports) for _ in range(kernel_runs)]
    start_seconds = statistics.median(start for start, _ in timings)
    import_seconds = statistics.median(imported for _, imported in timings)
    kernel_seconds = statistics.median(start + imported for start, imported in timings)
    floor = len(notebooks) * kernel_seconds / workers
    print(
        f"  kernel start {start_seconds:.2f} s + imports {import_seconds:.2f} s: "
        f"median total {kernel_seconds:.2f} s of {kernel_runs} kernels"
    )
    print(f"  floor = {len(notebooks)} x {kernel_seconds:.2f} s / {workers} = {floor:.1f} s")

    seconds, result = time_command(
        [python, "-m", "pytest", "-n", str(workers), "-q", "--durations=8"]
    )
    lines = result.stdout.strip().splitlines()
    summary = lines[-1] if lines else "no output"
    slowest = [line for line in lines if line[:1].isdigit() and "s " in line and "::" in line]
    print("  slowest tests:")
    for line in slowest:
        print(f"    {line}")
    print(f"  suite wall time: {seconds:.1f} s (pytest exit status {result.returncode}: {summary})")
    if floor > 0:
        print(
            f"  suite / floor = {seconds / floor:.2f} "
            f"(at most {SUITE_TARGET_RATIO} meets the target)"
        )
    else:
        print("  suite / floor: no notebooks were collected, so there is no floor yet")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-suite", action="store_true", help="time only the calculator")
    parser.add_argument(
        "--runs", type=int, default=20, help="calculator runs to take the median of (default 20)"
    )
    parser.add_argument(
        "--kernel-runs",
        type=int,
        default=3,
        help="kernels to start for the floor's median kernel time (default 3)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="pytest workers, as run.py chooses them by default (default %(default)s here)",
    )
    arguments = parser.parse_args()

    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()} ({sys.executable})"
    )
    bench_calculator(arguments.runs)
    if not arguments.skip_suite:
        bench_suite(arguments.workers, arguments.kernel_runs)


if __name__ == "__main__":
    main()
