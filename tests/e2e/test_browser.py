"""End to end in a real browser: paste, review, resolve, reload, still resolved.

Starts `streamlit run` on 127.0.0.1 on a free port with a temporary GAPREVIEW_HOME, drives Debian's
Chromium through Playwright, and saves screenshots under test-output/ for people to look at.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from servers import free_port, stop_process

from app.web.launch import streamlit_command

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "e2e"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROPOSAL = """# Two-factor authentication for warehouse staff

We will enforce two-factor authentication for all 400 warehouse employees in Tilburg from 1 March.
The budget of EUR 20,000 is approved and we have already told the team leads.
Staff will use the Microsoft Authenticator app on their own phones.
We don't need IT for the rollout because the app is free and works on any phone.
Password-only sign-in on the scanners is switched off on Friday 27 February 2026, and from Monday 2 March 2026
every shift signs in with 2FA.

Untrusted text stays text: <script>document.title='pwned'</script> **not bold** :red[not red] $x^2$

Success: 2FA enforced on 100% of accounts by the end of March.
"""

if not CHROMIUM.exists():
    pytest.skip("Debian chromium is not installed at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("e2e-home")
    port = free_port()
    log = (home / "server.log").open("w")
    env = {**os.environ, "GAPREVIEW_HOME": str(home)}
    env.pop("GAPREVIEW_MODEL", None)
    _seed_knowledge_base(home)
    cmd = streamlit_command(["--server.port", str(port)])  # exactly what `gapreview app` runs
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/_stcore/health", proc)
        yield url
    finally:
        stop_process(proc)
        log.close()


def _seed_knowledge_base(home: Path) -> None:
    """The project's sample decision records, so the review cites precedents as it would in use."""
    from core.settings import Settings
    from knowledge.ingest import ingest_paths
    from knowledge.store import open_knowledge

    ingest_paths(open_knowledge(Settings(home=home)), [ROOT / "knowledge" / "samples"])


def _wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url}")


@pytest.fixture
def page(server: str) -> Iterator[Page]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        yield tab
        browser.close()


def _shot(page: Page, name: str, full: bool = False) -> None:
    page.wait_for_timeout(400)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def _choose(page: Page, selectbox: Locator, option: str, tries: int = 4) -> None:
    """Pick an option of a Streamlit selectbox. Its list can close again before it is seen: a rerun that
    redraws the widget while it opens, or a widget at the viewport's edge. So open it until the option
    shows, with a screenshot of each try that failed."""
    wanted = page.get_by_role("option", name=re.compile(option))
    for attempt in range(tries):
        selectbox.evaluate("e => e.scrollIntoView({block: 'center'})")
        selectbox.click()
        try:
            wanted.wait_for(state="visible", timeout=5_000)
        except sync_api.TimeoutError:
            _shot(page, f"05-list-not-open-{attempt}")
            page.keyboard.press("Escape")
            page.wait_for_timeout(1_000)
            continue
        wanted.click()
        return
    raise AssertionError(f"the list of {option!r} did not open in {tries} tries (see test-output/e2e)")


def _open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=re.compile(name)).click()
    page.wait_for_timeout(300)


def test_paste_review_resolve_reload(page: Page, server: str) -> None:
    page.goto(server)
    page.get_by_role("button", name="Review proposal").wait_for()
    _shot(page, "01-input-empty")
    page.locator("textarea").first.fill(PROPOSAL)
    page.locator("textarea").first.press("Control+Enter")
    page.get_by_text("Will review: the pasted text").wait_for()
    _shot(page, "02-input-pasted")
    page.get_by_role("button", name="Review proposal").click()
    page.get_by_text("Classified the commitment stage").first.wait_for(timeout=120_000)
    _shot(page, "03-running")

    page.wait_for_url(re.compile(r"review=[0-9a-f]+"), timeout=180_000)
    progress = page.get_by_text(re.compile(r"0 of \d+ resolved"))
    progress.wait_for(timeout=60_000)
    total = int(re.search(r"of (\d+)", progress.inner_text()).group(1))  # type: ignore[union-attr]
    assert total > 0
    assert page.title() != "pwned"
    _shot(page, "04-result-top")

    first = page.locator("[data-testid='stExpander']").first
    first.locator("summary").click()
    first.get_by_text("Status").wait_for()
    _shot(page, "05-finding-open")
    _choose(page, first.locator("[data-testid='stSelectbox']").first, "Answered")
    page.get_by_text(re.compile(r"1 of \d+ resolved")).wait_for()
    first.get_by_label("Owner").fill("Fatma (security officer)")
    first.get_by_label("Owner").press("Enter")
    page.get_by_text("Saved: Answered").last.wait_for()
    _shot(page, "06-resolved")

    for i, tab in enumerate(["IT vs business", "Definitions of done", "Proposal", "Precedents", "Export"]):
        _open_tab(page, tab)
        _shot(page, f"07-tab-{i}-{tab.split()[0].lower()}")
    _open_tab(page, "Cross-examination")
    page.get_by_text("IT asks, the business answers").first.wait_for()
    page.get_by_text("The business asks, IT answers").first.wait_for()
    assert page.get_by_text(re.compile("open|answered by the proposal")).count() >= 1
    _shot(page, "07-tab-exchange", full=True)
    _open_tab(page, "Coverage")
    page.get_by_text(re.compile(r"What was checked: \d+ open, \d+ covered")).wait_for()
    page.get_by_text(re.compile(r"Open concerns \(\d+\)")).first.click()
    _shot(page, "07-tab-coverage", full=True)
    _open_tab(page, "Proposal")
    assert page.get_by_text("<script>document.title='pwned'</script>", exact=False).count() >= 1
    assert page.locator("script:has-text('pwned')").count() == 0

    page.reload()
    page.get_by_text(re.compile(rf"1 of {total} resolved")).wait_for(timeout=60_000)
    reopened = page.locator("[data-testid='stExpander']").first
    assert "Answered" in reopened.locator("summary").inner_text()
    reopened.locator("summary").click()
    assert reopened.get_by_label("Owner").input_value() == "Fatma (security officer)"
    _shot(page, "08-after-reload")

    page.get_by_role("link", name=re.compile("History")).click()
    page.get_by_text("Review history").wait_for()
    page.get_by_text(re.compile(rf"1 of {total} resolved")).wait_for()
    _shot(page, "09-history")
    page.get_by_role("link", name=re.compile("Knowledge base")).click()
    page.get_by_label("Search past decisions").fill("authenticator app for warehouse staff")
    page.get_by_label("Search past decisions").press("Enter")
    page.get_by_text(re.compile("score 0")).first.wait_for()
    _shot(page, "10-knowledge-base")
