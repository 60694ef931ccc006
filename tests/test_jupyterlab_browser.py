"""A notebook in JupyterLab, in a real browser: ``jupyter lab`` on a loopback port (token set
here), notebook 07 opened, all cells run, and its precondition figure appears with marks that
lead to the evidence listed under it. The network is cut except for loopback.

The notebook is a copy in a temporary folder (JupyterLab's autosave never touches
``notebooks/``), and its figures go to a temporary folder too. Skips without Chromium.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser_support import chromium, chromium_path, cut_network

from korea_notes.paths import NOTEBOOKS_DIR, PROJECT_DIR

NOTEBOOK = "07_preconditions.ipynb"
FIGURE = "07_precondition_sequence"
START_TIMEOUT = 90
RUN_TIMEOUT = int(os.environ.get("KOREA_NOTES_LAB_TIMEOUT_MS", 300_000))
"""Milliseconds to wait for the figure (the notebook codes the whole corpus)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A running JupyterLab serving a copy of the notebook: (base URL, token, root folder)."""
    chromium_path()  # skip before starting a server that no browser would open
    root = tmp_path_factory.mktemp("lab")
    shutil.copy2(NOTEBOOKS_DIR / NOTEBOOK, root / NOTEBOOK)
    port, token = free_port(), secrets.token_hex(16)
    state = tmp_path_factory.mktemp("jupyter-state")
    env = dict(os.environ, PYTHONHASHSEED="0", JUPYTER_PLATFORM_DIRS="1",
               PYTHONPATH=os.pathsep.join(p for p in (str(PROJECT_DIR),
                                                      os.environ.get("PYTHONPATH", "")) if p),
               KOREA_NOTES_FIGURES_DIR=str(tmp_path_factory.mktemp("lab-figures")),
               JUPYTER_RUNTIME_DIR=str(state / "runtime"),
               JUPYTER_CONFIG_DIR=str(state / "config"),
               JUPYTERLAB_SETTINGS_DIR=str(state / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(state / "workspaces"))
    env.pop("KOREA_NOTES_REPORT", None)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               "--LabApp.news_url=", "--LabApp.check_for_updates_class="
               "jupyterlab.NeverCheckForUpdate"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(state / "lab.log", "w", encoding="utf-8")  # closed when the server stops
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                              cwd=root)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("jupyter lab did not start:\n"
                                + (state / "lab.log").read_text(encoding="utf-8")[-3000:])
                time.sleep(0.5)
        yield base, token, root
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_a_notebook_run_in_jupyterlab_shows_its_figure_with_links(lab, tmp_path):
    base, token, _root = lab
    with chromium(tmp_path / "profile") as context:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        traffic = cut_network(context)
        page = context.new_page()
        page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        choose = page.locator(".jp-Dialog").get_by_role("button", name="Select", exact=True)
        try:  # the stored notebooks name no kernel: JupyterLab asks for one
            choose.wait_for(timeout=20_000)
            choose.click()
        except PlaywrightTimeout:
            pass
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               timeout=60_000)
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        figure = page.locator(f'.jp-OutputArea-output [data-figure="{FIGURE}"]')
        try:
            figure.locator("svg").wait_for(timeout=RUN_TIMEOUT)
        except Exception:
            shot = Path(os.environ.get("KOREA_NOTES_LAB_SCREENSHOT", tmp_path / "lab.png"))
            page.screenshot(path=str(shot))
            raise AssertionError(f"no figure appeared; the page as it was: {shot}") from None
        marks = figure.locator("svg a:has(> path)")  # a box, not a line of text
        assert marks.count() > 0
        href = marks.first.evaluate(
            "a => a.getAttributeNS('http://www.w3.org/1999/xlink', 'href')")
        assert href.startswith(f"#kn-{FIGURE}-")
        marks.first.click()
        entry = page.locator(f"[id='{href[1:]}']")
        entry.wait_for(state="visible", timeout=10_000)
        assert entry.evaluate("e => e.closest('details').open")
        assert entry.locator("li").count() >= 1
        if os.environ.get("KOREA_NOTES_LAB_SCREENSHOT"):  # to look at it by hand
            page.screenshot(path=os.environ["KOREA_NOTES_LAB_SCREENSHOT"])
        assert traffic.failed == [] and traffic.blocked == []
