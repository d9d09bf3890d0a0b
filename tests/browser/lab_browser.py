"""Start JupyterLab and Debian's Chromium for the browser tests, and stop both by process id.

The browser tests and `bench/widget_latency.py` share this module. JupyterLab runs
from the course's .venv on 127.0.0.1 with a free port and a random token, in a
temporary root folder that holds copies of the notebooks, so that running the
cells in the browser never rewrites the notebooks in the repository. Chromium is
Debian's package, started here with the flags a machine with a closed network
needs, and Playwright connects to it over the Chrome DevTools Protocol.

Both programs are started in their own process group. `stop_process_group`
ends the whole group (JupyterLab's kernels, Chromium's renderers) by the
group's id, first with SIGTERM and then with SIGKILL.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_SETTINGS = ROOT / "jupyter" / "overrides.json"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
# Flags for a headless Chromium on a machine whose network is closed: without the
# background-networking flags Chromium keeps trying to reach Google's services.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
WINDOW_SIZE = (1400, 1000)
SERVER_START_SECONDS = 90.0
BROWSER_START_SECONDS = 30.0
STOP_SECONDS = 10.0


def find_chromium() -> str | None:
    """Return the path of Debian's Chromium, or None when it is not installed."""
    configured = os.environ.get("COURSE_CHROMIUM")
    for candidate in (configured, *CHROMIUM_CANDIDATES):
        if not candidate:
            continue
        found = shutil.which(candidate)
        if found:
            return found
    return None


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that no program is listening on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_process_group(process: subprocess.Popen, name: str) -> None:
    """End `process` and every process in its group: SIGTERM, then SIGKILL after a wait.

    The process must have been started with start_new_session=True, so that its
    process id is also its group id.
    """
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            print(f"{name} (pid {process.pid}) ignored SIGTERM; sending SIGKILL", file=sys.stderr)

    # Children such as kernels or renderers may outlive the leader; end them too.
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        print(f"{name} (pid {process.pid}) did not exit after SIGKILL", file=sys.stderr)


def read_log_tail(path: Path, characters: int = 3000) -> str:
    """Return the end of a log file, for error messages."""
    try:
        return path.read_text(errors="replace")[-characters:]
    except OSError:
        return "(no log)"


def installed_settings_problem(python: Path) -> str | None:
    """Return why JupyterLab in `python`'s environment lacks the project's settings, or None.

    `python3 run.py setup` copies jupyter/overrides.json into the environment's
    share/jupyter/lab/settings folder, where JupyterLab reads it as its defaults.
    """
    prefix = python.parent.parent
    installed = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    if not installed.is_file():
        return f"{installed} is missing; run `python3 run.py setup` to install the lab settings"
    if installed.read_text() != PROJECT_SETTINGS.read_text():
        return (
            f"{installed} differs from {PROJECT_SETTINGS}; "
            "run `python3 run.py setup` to install the current lab settings"
        )
    return None


@dataclass
class LabServer:
    """A running JupyterLab: its process, address, token and root folder."""

    process: subprocess.Popen
    port: int
    token: str
    root: Path
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def notebook_url(self, relative_path: str) -> str:
        """The address that opens `relative_path` (relative to the root) in JupyterLab."""
        return f"{self.base_url}/lab/tree/{relative_path}?token={self.token}&reset"


def wait_for_server(server: LabServer, timeout: float) -> None:
    """Poll the server's status API until it answers, or raise RuntimeError."""
    status_url = f"{server.base_url}/api/status?token={server.token}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with status {server.process.returncode} while starting; "
                f"its log ends with:\n{read_log_tail(server.log)}"
            )
        try:
            with urllib.request.urlopen(status_url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(
        f"JupyterLab did not answer on {server.base_url} within {timeout:.0f} s; "
        f"its log ends with:\n{read_log_tail(server.log)}"
    )


@contextmanager
def jupyter_lab(notebook_root: Path, python: Path | None = None) -> Iterator[LabServer]:
    """Run JupyterLab on 127.0.0.1 serving `notebook_root`, and stop it on exit.

    JupyterLab's user settings, workspaces and runtime files go to a temporary
    folder, so that only the project's settings (overrides.json in the
    environment) apply, whatever the user has changed in their own lab.
    """
    python = python or Path(sys.executable)
    scratch = Path(tempfile.mkdtemp(prefix="course-lab-"))
    port = free_port()
    token = secrets.token_hex(16)
    log = scratch / "jupyterlab.log"
    environment = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(scratch / "config"),
        "JUPYTER_RUNTIME_DIR": str(scratch / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(scratch / "user-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(scratch / "workspaces"),
        "IPYTHONDIR": str(scratch / "ipython"),
        # The kernels run the course's plots without a display.
        "MPLBACKEND": "agg",
    }
    command = [
        str(python),
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={notebook_root}",
    ]
    # JupyterLab refuses to start as root unless told that it is deliberate.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")

    with log.open("w") as log_file:
        process = subprocess.Popen(
            command,
            cwd=notebook_root,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LabServer(process=process, port=port, token=token, root=notebook_root, log=log)
    try:
        wait_for_server(server, SERVER_START_SECONDS)
        yield server
    finally:
        stop_process_group(process, "JupyterLab")
        shutil.rmtree(scratch, ignore_errors=True)


def wait_for_devtools_port(process: subprocess.Popen, profile: Path, timeout: float) -> int:
    """Return the DevTools port that Chromium writes into its profile folder once it listens."""
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Chromium exited with status {process.returncode} while starting")
        if port_file.is_file():
            first_line = port_file.read_text().splitlines()[:1]
            if first_line and first_line[0].isdigit():
                return int(first_line[0])
        time.sleep(0.1)
    raise RuntimeError(f"Chromium did not open its DevTools port within {timeout:.0f} s")


@contextmanager
def chromium_browser(playwright, executable: str) -> Iterator[object]:
    """Start headless Chromium, yield a Playwright Browser connected to it, and stop it.

    Chromium is started here rather than by Playwright's launch(), so that its
    process id is known and its whole process group can be ended on any failure.
    """
    profile = Path(tempfile.mkdtemp(prefix="course-chromium-"))
    width, height = WINDOW_SIZE
    command = [
        executable,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0",
        f"--window-size={width},{height}",
        "--lang=en-US",
        "about:blank",
    ]
    log = profile.parent / f"{profile.name}.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    browser = None
    try:
        try:
            port = wait_for_devtools_port(process, profile, BROWSER_START_SECONDS)
        except RuntimeError as error:
            raise RuntimeError(f"{error}; its log ends with:\n{read_log_tail(log)}") from None
        browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
        yield browser
    finally:
        if browser is not None:
            try:
                browser.close()
            except Exception as error:  # the browser may already be gone; it is killed below
                print(f"Closing the Playwright connection failed: {error}", file=sys.stderr)
        stop_process_group(process, "Chromium")
        shutil.rmtree(profile, ignore_errors=True)
        log.unlink(missing_ok=True)
