#!/usr/bin/env python3
"""Set up, open, test and rebuild the course with one command each.

    python3 run.py lab         create or update .venv, then open JupyterLab
    python3 run.py test        create or update .venv, then run every test
    python3 run.py notebooks   re-execute every lesson notebook in place
    python3 run.py exercises   regenerate exercises/ from solutions/ (--check: only compare)
    python3 run.py setup       only create or update .venv

The virtual environment lives in .venv beside this file. It is reinstalled
whenever pyproject.toml changes, so a fresh clone and an old one end up with the
same packages. This script uses only the standard library; the course needs
Python 3.11 or newer.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "course-install.sha256"
LAB_SETTINGS = ROOT / "jupyter" / "overrides.json"


def venv_python() -> Path:
    """Return the virtual environment's Python, on Linux, macOS or Windows."""
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def install_fingerprint() -> str:
    """Hash what decides the installed packages, so a change triggers a reinstall."""
    digest = hashlib.sha256()
    for path in (ROOT / "pyproject.toml", LAB_SETTINGS):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def run(command: list[str | Path], **options) -> None:
    """Run a command, echo it, and stop with its exit status if it fails."""
    printable = " ".join(str(part) for part in command)
    print(f"+ {printable}", flush=True)
    result = subprocess.run([str(part) for part in command], cwd=ROOT, **options)
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_environment() -> Path:
    """Create .venv and install the course into it, unless it is already current."""
    python = venv_python()
    fingerprint = install_fingerprint()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == fingerprint:
        return python

    if not python.exists():
        print(f"Creating the virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing the course and its pinned packages (about a minute) ...", flush=True)
    run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([python, "-m", "pip", "install", "--quiet", "-e", ".[test]"])

    # JupyterLab reads overrides.json from its application directory in the environment.
    settings_dir = VENV / "share" / "jupyter" / "lab" / "settings"
    settings_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(LAB_SETTINGS, settings_dir / "overrides.json")

    # Prepare the Chinese plot font once, so no lesson waits for it.
    run([python, "-m", "course_lib.fonts"])

    STAMP.write_text(fingerprint + "\n")
    return python


def open_lab(python: Path) -> None:
    """Start JupyterLab on localhost, token on, at the course's top folder."""
    command = [
        python,
        "-m",
        "jupyter",
        "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={ROOT}",
    ]
    # JupyterLab exits when started as root, unless --allow-root is given.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    run(command)


def run_tests(python: Path, pytest_arguments: list[str]) -> None:
    """Lint and format-check the code and notebooks, then run pytest with nbval."""
    run([python, "-m", "ruff", "check", "."])
    run([python, "-m", "ruff", "format", "--check", "."])
    workers = "2" if (os.cpu_count() or 1) >= 2 else "1"
    run([python, "-m", "pytest", "-n", workers, *pytest_arguments])


def main() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (run.py starts before any venv exists)
        found = ".".join(str(part) for part in sys.version_info[:3])
        sys.exit(
            f"error: the course needs Python 3.11 or newer, but this is Python {found}; "
            "run this script with a newer python3 (for example python3.11 run.py ...)"
        )
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["lab", "test", "notebooks", "exercises", "setup"])
    parser.add_argument(
        "extra",
        nargs=argparse.REMAINDER,
        help="passed on to pytest (test), the notebook tool or the exercise tool",
    )
    arguments = parser.parse_args()

    python = ensure_environment()
    if arguments.command == "lab":
        open_lab(python)
    elif arguments.command == "test":
        run_tests(python, arguments.extra)
    elif arguments.command == "notebooks":
        run([python, "-m", "tools.execute_notebooks", *arguments.extra])
    elif arguments.command == "exercises":
        run([python, "-m", "tools.make_exercises", *arguments.extra])


if __name__ == "__main__":
    main()
