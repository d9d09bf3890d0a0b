"""Fixtures for the browser tests: one JupyterLab server and one Chromium per test module.

Without Chromium or Playwright the tests skip with the reason, except in CI
(CI=true), where .ci/run installs both and a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from lab_browser import ROOT, chromium_browser, find_chromium, installed_settings_problem
from lab_browser import jupyter_lab as start_jupyter_lab

ARTIFACTS = ROOT / "artifacts" / "browser"
VIEWPORT = {"width": 1400, "height": 1000}


def in_ci() -> bool:
    """True on a CI run, where .ci/run sets CI=true."""
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def skip_or_fail(reason: str) -> None:
    """Skip with `reason` on a developer's machine; fail with it in CI."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so the browser test must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The path of Debian's Chromium, which Playwright drives."""
    executable = find_chromium()
    if executable is None:
        skip_or_fail(
            "Chromium is not installed (no /usr/bin/chromium or chromium on PATH); "
            "install it with `bash tools/install_browser.sh`"
        )
    return executable


@pytest.fixture(scope="session")
def sync_playwright_module():
    """Playwright's synchronous API, from the test extra of pyproject.toml."""
    try:
        from playwright import sync_api
    except ImportError as error:
        skip_or_fail(
            f"the Playwright package is missing ({error}); "
            "`python3 run.py setup` installs it with the test extra"
        )
    return sync_api


@pytest.fixture(scope="module")
def notebook_root(tmp_path_factory) -> Path:
    """A copy of notebooks/ for JupyterLab to serve, so runs never rewrite the lessons."""
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    return root


@pytest.fixture(scope="module")
def lab_server(notebook_root, chromium_executable, sync_playwright_module):
    """JupyterLab from this environment, on 127.0.0.1, serving `notebook_root`."""
    problem = installed_settings_problem(Path(sys.executable))
    if problem is not None:
        pytest.fail(problem, pytrace=False)
    with start_jupyter_lab(notebook_root, python=Path(sys.executable)) as server:
        yield server


@pytest.fixture(scope="module")
def browser(chromium_executable, sync_playwright_module):
    """A headless Chromium connected to Playwright, stopped by its process group at the end."""
    with sync_playwright_module.sync_playwright() as playwright:
        with chromium_browser(playwright, chromium_executable) as connected:
            yield connected


@pytest.fixture
def page(browser):
    """A fresh browser context and page, closed after the test."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.set_default_timeout(30_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The folder for screenshots (artifacts/ is ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
