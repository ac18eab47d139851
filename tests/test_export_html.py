"""The HTML explorer: one offline file, drawn and driven in a real headless Chromium."""

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from _export_browser import edge_point, launch, node_point, open_explorer
from _export_synthetic import synthetic_graph
from conftest import HOSTILE
from kg.export import screenshot_html, write_html
from kg.export.explorer import LARGE_GRAPH_NODES, LARGE_GRAPH_SHOWN, READABLE_SCALE, explorer_data, render_html
from kg.model import KnowledgeGraph

CALL_EDGE = "e-call/hostile-name/jake-sullivan"
MEETING_EDGE = "e-meeting/jake-sullivan/ron-dermer"


def _embedded_data(page_html: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page_html, re.S)
    return json.loads(match[1])


def test_page_is_one_deterministic_file_with_inert_text(sample_graph, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = write_html(sample_graph, tmp_path / "a.html", title="<i>title</i>")
    second = write_html(sample_graph, tmp_path / "b.html", title="<i>title</i>")
    page = first.read_text(encoding="utf-8")
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html"]  # no lib/, no temp files left
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    assert "<script>window.__pwned" not in page and "<i>title" not in page
    assert '<html lang="ar" dir="rtl">' in page
    data = _embedded_data(page)
    hostile = next(n for n in data["nodes"] if n["id"] == "hostile-name")
    assert hostile["label"] == HOSTILE
    assert {n["id"]: n["degree"] for n in data["nodes"]}["jake-sullivan"] == 2


def test_search_keys_and_large_mode():
    small = explorer_data(synthetic_graph(20, 10))
    assert not small["large"]
    assert explorer_data(synthetic_graph(LARGE_GRAPH_NODES + 1, 10))["large"]
    # The page's letter map reproduces kg.arabic.normalise_arabic on single letters.
    assert small["letterMap"]["أ"] == "ا" and small["letterMap"]["\u064e"] == ""


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    with playwright_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def sample_page(browser, sample_graph, tmp_path):
    page, watch = open_explorer(browser, write_html(sample_graph, tmp_path / "sample.html"))
    yield page, watch
    assert all(url.startswith(("file:", "data:")) for url in watch.requests), watch.requests
    assert not watch.errors
    page.close()


@pytest.mark.slow
def test_canvas_is_drawn_and_a_click_selects_a_node(sample_page):
    page, _ = sample_page
    painted = page.evaluate("""() => {
        const canvas = document.querySelector('#kg-network canvas');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1;
        return painted;
    }""")
    assert painted > 1000
    labels = page.evaluate("window.kgExplorer.nodes.get().map(n => n.label)")
    assert {"جيك سوليفان", "رون ديرمر"} < set(labels) and len(labels) == 3  # the state and the city met no one
    page.mouse.click(*node_point(page, "ron-dermer"))
    assert page.evaluate("window.kgExplorer.network.getSelectedNodes()") == ["ron-dermer"]
    assert "Ron Dermer" in page.text_content("#kg-details")


@pytest.mark.slow
def test_hostile_text_never_runs_even_on_hover(sample_page):
    page, watch = sample_page
    page.mouse.move(*node_point(page, "hostile-name"))
    page.wait_for_selector("#kg-tooltip", state="visible")
    assert HOSTILE in page.text_content("#kg-tooltip")
    assert page.evaluate("document.querySelectorAll('#kg-tooltip script, #kg-tooltip img').length") == 0
    page.mouse.move(1, 1)
    point = edge_point(page, CALL_EDGE)
    assert point is not None
    page.mouse.move(*point)
    page.wait_for_function("document.getElementById('kg-tooltip').textContent.includes('2024-10')")
    tooltip = page.text_content("#kg-tooltip")
    assert HOSTILE in tooltip and "planned" in tooltip
    page.mouse.click(*point)
    assert HOSTILE in page.text_content("#kg-details")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert watch.dialogs == []
    assert page.evaluate("document.querySelectorAll('script').length") == 3


@pytest.mark.slow
def test_page_runs_under_its_own_content_security_policy(browser, sample_graph, tmp_path):
    # The policy allows exactly the page's two scripts (by hash): if either changed without the policy,
    # users would get a blank page.
    page, watch = open_explorer(browser, write_html(sample_graph, tmp_path / "sample.html"), bypass_csp=False)
    assert page.evaluate("() => window.kgExplorer.nodes.length") == 3
    page.mouse.click(*node_point(page, "ron-dermer"))
    assert page.evaluate("() => window.kgExplorer.nodes.length") == 2
    assert not watch.errors and page.evaluate("() => typeof window.__pwned") == "undefined"
    page.close()


@pytest.mark.slow
def test_an_empty_graph_still_gives_a_working_page(browser, tmp_path):
    page, watch = open_explorer(browser, write_html(KnowledgeGraph(), tmp_path / "empty.html"))
    assert page.evaluate("() => window.kgExplorer.nodes.length") == 0 and not watch.errors
    page.close()


@pytest.mark.slow
def test_search_box_finds_an_actor_by_any_spelling(sample_page):
    page, _ = sample_page
    # An alias typed with a different alef and a diacritic still matches.
    page.fill("#kg-search", "جايك سَاليفان")
    page.press("#kg-search", "Enter")
    assert page.evaluate("window.kgExplorer.network.getSelectedNodes()") == ["jake-sullivan"]
    page.fill("#kg-search", "dermer")
    page.press("#kg-search", "Enter")
    assert page.evaluate("window.kgExplorer.network.getSelectedNodes()") == ["ron-dermer"]
    # Suggestions follow the typing (a list of every name would slow a large graph's page down).
    page.fill("#kg-search", "ديرم")
    assert "رون ديرمر" in page.evaluate("[...document.querySelectorAll('#kg-aliases option')].map(o => o.value)")
    page.fill("#kg-search", "لا أحد")
    page.press("#kg-search", "Enter")
    assert page.text_content("#kg-search-status") != ""


@pytest.mark.slow
def test_type_status_and_date_filters_hide_edges(sample_page):
    page, _ = sample_page
    hidden = "(id) => window.kgExplorer.edges.get(id) === null"
    page.uncheck('#kg-legend-types input[value="call"]')
    assert page.evaluate(hidden, CALL_EDGE) and not page.evaluate(hidden, MEETING_EDGE)
    assert "1/2" in page.text_content("#kg-counts")
    page.check('#kg-legend-types input[value="call"]')
    page.uncheck('#kg-legend-statuses input[value="held"]')
    assert page.evaluate(hidden, MEETING_EDGE) and not page.evaluate(hidden, CALL_EDGE)
    page.check('#kg-legend-statuses input[value="held"]')
    # The call is dated 2024-10 (a month): a range starting mid-October still overlaps it.
    page.fill("#kg-date-from", "2024-10-15")
    page.dispatch_event("#kg-date-from", "change")
    assert page.evaluate(hidden, MEETING_EDGE) and not page.evaluate(hidden, CALL_EDGE)


DRAWN = "window.kgExplorer.nodes.getIds().sort()"


def _in_view(page, node_id: str) -> bool:
    x, y = node_point(page, node_id)
    box = page.evaluate("(() => { const b = document.getElementById('kg-network').getBoundingClientRect(); "
                        "return [b.left, b.top, b.right, b.bottom]; })()")
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


@pytest.mark.slow
def test_first_view_shows_the_connected_actors_readably_and_the_others_on_demand(browser, tmp_path):
    # 300 actors of whom most have no interaction: fitting them all would shrink the labels to dots.
    graph = synthetic_graph(300, 60, seed=3)
    data = explorer_data(graph)
    connected = sorted(n["id"] for n in data["nodes"] if n["degree"])
    page, watch = open_explorer(browser, write_html(graph, tmp_path / "page.html"))
    assert page.evaluate(DRAWN) == connected
    assert page.evaluate("window.kgExplorer.network.getScale()") >= READABLE_SCALE
    hub = max(data["nodes"], key=lambda n: (n["degree"], n["id"]))
    assert _in_view(page, hub["id"])
    page.check("#kg-isolated")
    assert len(page.evaluate(DRAWN)) == 300
    page.uncheck("#kg-isolated")
    assert page.evaluate(DRAWN) == connected
    assert not watch.errors
    page.close()


@pytest.mark.slow
def test_clicking_an_actor_shows_its_network_and_its_interactions_in_date_order(sample_page):
    page, _ = sample_page
    page.mouse.click(*node_point(page, "ron-dermer"))
    assert page.evaluate(DRAWN) == ["jake-sullivan", "ron-dermer"]
    assert page.is_visible("#kg-overview")
    # From the list, on to the partner's own network: the meeting (2023-11-14) before the call (2024-10).
    page.click("#kg-interactions .kg-participant")
    assert page.evaluate(DRAWN) == ["hostile-name", "jake-sullivan", "ron-dermer"]
    items = page.query_selector_all("#kg-interactions .kg-interaction")
    assert [item.get_attribute("data-event") for item in items] == ["e-meeting", "e-call"]
    meeting, call = (item.text_content() for item in items)
    assert "2023-11-14" in meeting and "أجرى محادثات مع رون ديرمر" in meeting
    assert "مباحثات أمريكية إسرائيلية" in meeting  # the article's title
    assert "2024-10" in call and HOSTILE in call  # the evidence sentence and the article title, as text
    links = page.evaluate("[...document.querySelectorAll('#kg-interactions a')].map(a => a.href)")
    assert links == ["https://example.org/a?b=1&c=%3Cx%3E"]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.click("#kg-overview")
    assert page.evaluate(DRAWN) == ["hostile-name", "jake-sullivan", "ron-dermer"]
    assert not page.is_visible("#kg-overview") and page.text_content("#kg-interactions") == ""


@pytest.mark.slow
def test_only_a_web_address_becomes_a_link(browser, sample_graph, tmp_path):
    sample_graph.sources[0] = replace(sample_graph.sources[0], url="javascript:window.__pwned=5")
    page, watch = open_explorer(browser, write_html(sample_graph, tmp_path / "page.html"))
    page.evaluate("window.kgExplorer.focus('ron-dermer')")
    assert "مباحثات أمريكية إسرائيلية" in page.text_content("#kg-interactions .kg-source")  # the article's title
    assert page.evaluate("document.querySelectorAll('#kg-interactions a').length") == 0
    page.click("#kg-interactions .kg-source")
    assert page.evaluate("typeof window.__pwned") == "undefined" and not watch.errors
    page.close()


@pytest.mark.slow
def test_an_actors_network_is_its_partners_and_the_list_is_ordered_by_date(browser, tmp_path):
    graph = synthetic_graph(40, 120, seed=5)
    data = explorer_data(graph)
    hub = max(data["nodes"], key=lambda n: (n["degree"], n["id"]))["id"]
    own = [e for e in data["edges"] if hub in (e["from"], e["to"])]
    page, _ = open_explorer(browser, write_html(graph, tmp_path / "page.html"))
    page.evaluate("(id) => window.kgExplorer.focus(id)", hub)
    assert page.evaluate(DRAWN) == sorted({e["from"] for e in own} | {e["to"] for e in own})
    assert page.evaluate("window.kgExplorer.network.getScale()") >= READABLE_SCALE - 1e-9
    events = page.evaluate("[...document.querySelectorAll('#kg-interactions .kg-interaction')].map(li => li.dataset.event)")
    assert sorted(events) == sorted({e["event_id"] for e in own})
    start = {e["event_id"]: e["start"] for e in own}
    dated = [start[event] for event in events if start[event]]
    assert dated == sorted(dated) and all(start[event] is None for event in events[len(dated):])
    page.close()


@pytest.mark.slow
def test_date_sliders_narrow_the_interactions(sample_page):
    page, _ = sample_page
    move = """([id, day]) => {
        const slider = document.getElementById(id);
        const first = Date.parse(document.getElementById('kg-date-from').min);
        slider.value = String(Math.round((Date.parse(day) - first) / 86400000));
        slider.dispatchEvent(new Event('input'));
    }"""
    drawn_edges = "window.kgExplorer.edges.getIds().sort()"
    assert page.evaluate(drawn_edges) == sorted([CALL_EDGE, MEETING_EDGE])
    page.evaluate(move, ["kg-slider-from", "2024-10-15"])
    assert page.input_value("#kg-date-from") == "2024-10-15"
    assert page.evaluate(drawn_edges) == [CALL_EDGE]  # the call's month overlaps; the meeting is earlier
    page.evaluate(move, ["kg-slider-from", "2023-11-14"])
    page.evaluate(move, ["kg-slider-to", "2023-11-30"])
    assert page.evaluate(drawn_edges) == [MEETING_EDGE]
    assert "1/2" in page.text_content("#kg-counts")


@pytest.mark.slow
def test_a_search_that_moves_the_view_hides_the_tooltip(sample_page):
    page, _ = sample_page
    page.mouse.move(*node_point(page, "hostile-name"))
    page.wait_for_selector("#kg-tooltip", state="visible")
    page.fill("#kg-search", "dermer")
    page.press("#kg-search", "Enter")
    assert page.evaluate("window.kgExplorer.network.getSelectedNodes()") == ["ron-dermer"]
    assert not page.is_visible("#kg-tooltip")


@pytest.mark.slow
def test_large_mode_stops_physics_and_can_refine_the_layout(browser, sample_graph, tmp_path):
    page, _ = open_explorer(browser, write_html(sample_graph, tmp_path / "large.html", large=True))
    physics = "window.kgExplorer.network.physics.options.enabled"
    assert page.evaluate("window.kgExplorer.large") and not page.evaluate(physics)
    before = page.evaluate("JSON.stringify(window.kgExplorer.network.getPositions())")
    page.click("#kg-relayout")
    page.wait_for_function("!document.getElementById('kg-relayout').disabled")
    assert not page.evaluate(physics)
    assert page.evaluate("JSON.stringify(window.kgExplorer.network.getPositions())") != before
    page.close()


@pytest.mark.slow
def test_large_mode_draws_the_most_connected_actors_and_search_reveals_the_others(browser, tmp_path):
    graph = synthetic_graph(5000, 6000, seed=1)
    data = explorer_data(graph)
    path = write_html(graph, tmp_path / "large.html")
    page, watch = open_explorer(browser, path, timeout_ms=120_000)
    assert page.evaluate("window.kgExplorer.large")
    drawn = set(page.evaluate("window.kgExplorer.nodes.getIds()"))
    assert len(drawn) == LARGE_GRAPH_SHOWN
    least_drawn = min(n["degree"] for n in data["nodes"] if n["id"] in drawn)
    assert all(n["degree"] <= least_drawn for n in data["nodes"] if n["id"] not in drawn)
    hidden = next(n for n in data["nodes"] if n["id"] not in drawn and n["degree"] > 0)
    page.fill("#kg-search", hidden["aliases"][0])
    page.press("#kg-search", "Enter")
    assert page.evaluate("window.kgExplorer.network.getSelectedNodes()") == [hidden["id"]]
    partners = {e["to"] if e["from"] == hidden["id"] else e["from"]
                for e in data["edges"] if hidden["id"] in (e["from"], e["to"])}
    assert set(page.evaluate("window.kgExplorer.nodes.getIds()")) == partners | {hidden["id"]}
    page.click("#kg-overview")
    assert set(page.evaluate("window.kgExplorer.nodes.getIds()")) == drawn | {hidden["id"]}
    assert all(url.startswith(("file:", "data:")) for url in watch.requests)
    page.close()


@pytest.mark.slow
def test_screenshot_html_writes_a_png(sample_graph, tmp_path):
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    html_path = write_html(sample_graph, tmp_path / "sample.html")
    png = screenshot_html(html_path, tmp_path / "shot.png", width=800, height=600)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 800 and int.from_bytes(data[20:24], "big") == 600


def test_render_html_refuses_nothing_from_the_graph(sample_graph):
    # Text that looks like template markers or script ends is data like any other.
    sample_graph.actors[0].label = "@@DATA@@ </script><script>window.__pwned=3</script>"
    page = render_html(sample_graph)
    assert page.count("</script>") == 3
    assert _embedded_data(page)["nodes"][0]["label"] == sample_graph.actors[0].label
