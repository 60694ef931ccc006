"""Runs are quiet and offline: notebook kernels talk over local sockets (no warning about TCP
without encryption), and ``make lab`` starts JupyterLab with the project's settings (no news
pop-up, no update check)."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from korea_notes.paths import PROJECT_DIR
from korea_notes.reproduce import execute_notebook, kernel_connection

SETTINGS_DIR = PROJECT_DIR / "jupyter"
NOTIFICATIONS = "@jupyterlab/apputils-extension:notification"


def test_kernels_talk_over_local_sockets_on_posix():
    if os.name != "posix":
        pytest.skip("IPC transport needs Unix sockets")
    connection = kernel_connection()
    assert connection["transport"] == "ipc"
    assert Path(connection["ip"]).is_absolute()


def test_a_notebook_runs_without_the_tcp_warning(tmp_path, capfd):
    path = tmp_path / "01_hello.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")]),
                   path)
    executed = execute_notebook(path, timeout=60)
    assert executed.cells[0].outputs[0]["text"] == "42\n"
    captured = capfd.readouterr()
    assert "without encryption" not in captured.err + captured.out


def test_make_lab_points_jupyter_at_the_project_settings():
    result = subprocess.run(["make", "-s", "-n", "lab"], cwd=PROJECT_DIR, capture_output=True,
                            text=True, check=True)
    assert f"JUPYTER_CONFIG_PATH={SETTINGS_DIR}" in result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def test_jupyterlab_with_the_project_settings_neither_asks_for_news_nor_checks_for_updates(
        tmp_path):
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(SETTINGS_DIR),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "user-settings"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
         f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/lab/api/settings/{NOTIFICATIONS}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                settings = _get(url, token)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    properties = settings["schema"]["properties"]
    assert properties["fetchNews"]["default"] == "false"
    assert properties["checkForUpdates"]["default"] is False
