"""The web console of `sealane serve`, in a real headless Chromium (Debian's
chromium, driven by Playwright for Python; no browser is downloaded).

The statements the console shows are run by the official connector; what the
console does (cancel, run a query) is checked against what the *server*
reports afterwards, through the connector and the Query History API.

Set SEALANE_CONSOLE_SCREENSHOTS=<dir> to save screenshots of the main pages
(docs/console-*.png in the repository come from there).
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from pathlib import Path
from typing import Iterator, Optional

import pytest
from databricks.sql.backend.types import CommandState

from conftest import SealaneServer, make_connection, start_server, stop_server, wait_for

playwright_sync = pytest.importorskip("playwright.sync_api")

LONG_SQL = "SELECT count(*) FROM range(1000000000000)"
# Chromium as the machine notes say it runs here: no network chatter to
# Google's hosts (refused on this machine), no GPU, no first-run UI.
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
TIMEOUT_MS = 15_000


def chromium_path() -> Optional[str]:
    return os.environ.get("SEALANE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def console_server() -> Iterator[SealaneServer]:
    """A server of its own, so that its history holds only this module's statements."""
    srv = start_server()
    yield srv
    stop_server(srv)


@pytest.fixture(scope="module")
def browser():
    exe = chromium_path()
    if not exe:
        pytest.skip("no Chromium on this machine: `make browser` installs Debian's chromium (needs root or sudo)")
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, console_server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.set_default_timeout(TIMEOUT_MS)
    pg = ctx.new_page()
    errors: list = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield pg
    ctx.close()
    # A CSP violation or a script error shows up here.
    assert not [e for e in errors if "401" not in e], errors


@pytest.fixture
def conn(console_server):
    c = make_connection(console_server)
    yield c
    c.close()


def screenshot(pg, name: str) -> None:
    out = os.environ.get("SEALANE_CONSOLE_SCREENSHOTS")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(out) / f"console-{name}.png"))


def sign_in(pg, srv: SealaneServer, token: Optional[str] = None) -> None:
    pg.goto(srv.url + "/")
    pg.fill("#token", token or srv.token)
    pg.click("#login-submit")


def history(srv: SealaneServer, **query: str) -> dict:
    """The server's Query History, straight from the API."""
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    req = urllib.request.Request(
        f"{srv.url}/api/2.0/sql/history/queries?{qs}", headers={"Authorization": f"Bearer {srv.token}"}
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.load(resp)


def test_sign_in_keeps_the_token_out_of_urls(page, console_server):
    sign_in(page, console_server, token="dapi-wrong")
    playwright_sync.expect(page.locator("#login-error")).to_contain_text("does not accept")
    sign_in(page, console_server)
    playwright_sync.expect(page.locator("#view-history")).to_be_visible()
    assert console_server.token not in page.url
    assert page.evaluate("sessionStorage.getItem('sealane.token')") == console_server.token
    assert page.evaluate("localStorage.length") == 0
    assert console_server.token not in console_server.stderr_text(), "the token reached the request log"


def test_history_lists_a_connector_statement_with_sql_and_timings(page, console_server, conn):
    marker = "console-list-marker"
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, '{marker}' AS tag FROM range(4)")
        assert len(cur.fetchall()) == 4
        statement_id = cur.query_id
    sign_in(page, console_server)
    row = page.locator(f"tr[data-query-id='{statement_id}']")
    playwright_sync.expect(row).to_be_visible()
    playwright_sync.expect(row.locator(".badge")).to_have_text("FINISHED")
    playwright_sync.expect(row).to_contain_text(marker)
    playwright_sync.expect(row).to_contain_text("PyDatabricksSqlConnector")
    playwright_sync.expect(row.locator("td").nth(6)).to_have_text("4")

    row.locator("a.sql-snippet").click()
    playwright_sync.expect(page.locator("#q-id")).to_have_text(statement_id)
    playwright_sync.expect(page.locator("#q-sql")).to_have_text(f"SELECT id, '{marker}' AS tag FROM range(4)")
    for fact in ("submitted", "execution-start", "ended", "total", "execution"):
        playwright_sync.expect(page.locator(f"[data-fact='{fact}']")).not_to_be_empty()
    playwright_sync.expect(page.locator("[data-fact='rows']")).to_have_text("4")
    playwright_sync.expect(page.locator("#q-columns tbody tr")).to_have_count(2)
    playwright_sync.expect(page.locator("#q-chunks tbody tr")).to_have_count(1)
    screenshot(page, "statement")


def test_cancel_button_cancels_a_running_statement(page, console_server, conn):
    cur = conn.cursor()
    cur.execute_async(LONG_SQL)
    statement_id = cur.query_id
    sign_in(page, console_server)
    row = page.locator(f"tr[data-query-id='{statement_id}']")
    playwright_sync.expect(row.locator(".badge")).to_have_text("RUNNING")
    row.locator("button[data-cancel]").click()
    playwright_sync.expect(row.locator(".badge")).to_have_text("CANCELED")
    # The server says so too: to the connector, and in Query History.
    assert wait_for(lambda: cur.get_query_state() == CommandState.CANCELLED, timeout=5), cur.get_query_state()
    h = history(console_server, **{"filter_by.statement_ids": statement_id})
    assert [q["status"] for q in h["res"]] == ["CANCELED"]
    cur.close()


def test_editor_runs_a_query_into_the_grid(page, console_server):
    sign_in(page, console_server)
    page.click("#nav a[data-view='editor']")
    page.fill("#sql", "SELECT id, id * 2 AS twice, CASE WHEN id = 1 THEN NULL ELSE 'x' END AS maybe FROM range(3) ORDER BY id")
    page.click("#run")
    rows = page.locator("#results tbody tr")
    playwright_sync.expect(rows).to_have_count(3)
    playwright_sync.expect(page.locator("#results thead th")).to_have_text(["id", "twice", "maybe"])
    playwright_sync.expect(rows.nth(2).locator("td")).to_have_text(["2", "4", "x"])
    playwright_sync.expect(rows.nth(1).locator("td.null")).to_have_text("NULL")
    screenshot(page, "editor")
    statement_id = page.locator("#ed-status [data-statement-id]").get_attribute("data-statement-id")
    # The server ran it (and the console released it after reading).
    h = history(console_server, **{"filter_by.statement_ids": statement_id})
    assert [(q["status"], q["rows_produced"]) for q in h["res"]] == [("FINISHED", 3)]
    assert "Mozilla" in h["res"][0]["user_agent"]


def test_catalog_browser_describes_a_table(page, console_server, conn):
    with conn.cursor() as cur:
        cur.execute("CREATE OR REPLACE TABLE main.default.console_trips AS SELECT 1 AS trip_id, 'Amsterdam' AS city")
    sign_in(page, console_server)
    page.click("#nav a[data-view='catalog']")
    page.click("[data-node='catalog:main']")
    page.click("[data-node='schema:default']")
    page.click("[data-node='table:console_trips']")
    detail = page.locator("#describe tbody tr")
    playwright_sync.expect(detail).to_have_count(2)
    playwright_sync.expect(detail.nth(0)).to_contain_text("trip_id")
    playwright_sync.expect(detail.nth(1)).to_contain_text("city")
    screenshot(page, "catalog")


def test_history_filters_by_status(page, console_server, conn):
    """Runs last: its screenshot shows the history the tests above left."""
    with conn.cursor() as cur:
        with pytest.raises(Exception):
            cur.execute("SELECT no_such_column FROM range(1)")
    sign_in(page, console_server)
    rows = page.locator("#history-table tbody tr[data-query-id]")
    playwright_sync.expect(rows.first).to_be_visible()
    total = rows.count()
    page.check("#status-filter input[value='FAILED']")
    playwright_sync.expect(rows).to_have_count(1)
    playwright_sync.expect(rows.first).to_contain_text("no_such_column")
    page.uncheck("#status-filter input[value='FAILED']")
    playwright_sync.expect(rows).to_have_count(total)
    screenshot(page, "history")
