"""Headless Chromium helpers for the HTML explorer tests: open a page offline and watch what it does."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.export.explorer import CHROMIUM_ARGS, CHROMIUM_PATH


def launch(playwright):
    """Start Debian's Chromium headless with no network (no browser download)."""
    return playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)


@dataclass
class PageWatch:
    """What a page tried to do: every URL it requested, every dialog it opened, every script error."""

    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def wait_until_ready(page, timeout_ms: float = 60_000) -> None:
    """Wait until the explorer has laid out and drawn the network. Polls from Python because
    Playwright's wait_for_function needs eval, which the page's Content-Security-Policy forbids."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate("() => Boolean(window.kgExplorer && window.kgExplorer.ready)"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the explorer was not ready after {timeout_ms / 1000:.0f} s")
        page.wait_for_timeout(50)


def open_explorer(browser, html_path: Path, *, timeout_ms: float = 60_000, viewport=(1200, 800),
                  bypass_csp: bool = True):
    """Open an explorer page with every request recorded (and any request leaving file:// refused),
    dialogs dismissed and recorded, script errors and console errors collected, and wait until the
    network is drawn. Returns (page, watch).

    By default the page's Content-Security-Policy is bypassed, so that the tests show that escaping
    alone keeps article text inert (the policy is a second, separate line of defence)."""
    watch = PageWatch()
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]}, bypass_csp=bypass_csp)
    page.on("request", lambda request: watch.requests.append(request.url))
    page.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on("console", lambda message: watch.errors.append(message.text) if message.type == "error" else None)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else route.abort())
    page.goto(html_path.resolve().as_uri())
    wait_until_ready(page, timeout_ms)
    return page, watch


def node_point(page, node_id: str) -> tuple[float, float]:
    """Return the page coordinates of a node's centre."""
    return page.evaluate(
        """(id) => {
            const net = window.kgExplorer.network;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.getElementById('kg-network').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""", node_id)


def edge_point(page, edge_id: str) -> tuple[float, float]:
    """Return page coordinates of a point on an edge (straight edges only) where no node sits."""
    return page.evaluate(
        """(id) => {
            const kg = window.kgExplorer, net = kg.network, edge = kg.edges.get(id);
            const pos = net.getPositions([edge.from, edge.to]);
            const a = net.canvasToDOM(pos[edge.from]), b = net.canvasToDOM(pos[edge.to]);
            const box = document.getElementById('kg-network').getBoundingClientRect();
            for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
                const p = { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) };
                if (net.getEdgeAt(p) === id && net.getNodeAt(p) === undefined) return [box.left + p.x, box.top + p.y];
            }
            return null;
        }""", edge_id)
