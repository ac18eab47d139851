"""The offline network explorer: one self-contained HTML page (vis-network inlined from the pyvis
package) to browse actors and their interactions, with Arabic labels right to left, a legend, search by
any alias, filters by interaction type, status and date, each actor's own network with its interactions
in date order, and a large-graph mode.

Article text goes into the page only as JSON inside a ``<script type="application/json">`` block and
is only put into the document with ``textContent``; a Content-Security-Policy with script hashes also
forbids any other script and any network access.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from importlib.resources import files
from pathlib import Path

from kg.arabic import normalise_arabic
from kg.atomic import atomic_path, atomic_write_text
from kg.export.network import to_networkx
from kg.export.style import (ACTOR_TYPE_NAMES, STATUS_LINES, actor_colour, interaction_colours,
                             node_size)
from kg.model import STATUSES, KnowledgeGraph

#: Above this many actors the page starts in large-graph mode (capped layout, then physics off).
LARGE_GRAPH_NODES = 1000
#: Actors drawn first in large-graph mode: the most connected ones; search reveals the others.
LARGE_GRAPH_SHOWN = 150
#: Names the search box suggests as one types.
SUGGESTIONS = 30
#: Smallest zoom at which the first view opens, so that labels are drawn at 14 px x 0.85, about 12 px.
READABLE_SCALE = 0.85
#: Layout iterations in large-graph mode, at first and at each "refine layout" click.
LARGE_GRAPH_ITERATIONS = 150
#: Longest node label drawn on the canvas, in characters (hover cards show the whole name).
LABEL_LENGTH = 40
#: Fonts with Arabic coverage, best first, for the page and the canvas labels.
FONT_STACK = ('"Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Scheherazade New", "Segoe UI", Tahoma, '
              '"Geeza Pro", "DejaVu Sans", Arial, sans-serif')
#: Canvas dash patterns per line style.
_DASHES = {"solid": False, "dashed": [8, 6], "dotted": [2, 5]}
#: Debian's Chromium and the flags that let it run headless, as root, with no network.
CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

_MARKER = re.compile(r"@@([A-Z_]+)@@")
# Characters that could end the JSON's <script> block or confuse an HTML parser, as JSON escapes.
_JSON_IN_HTML = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
# Every character kg.arabic.normalise_arabic changes on its own: the Arabic block and invisible marks.
_SEARCH_CHARACTERS = [chr(c) for c in [*range(0x0600, 0x0700), *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                                       *range(0x2066, 0x206A), 0xFEFF]]


def _letter_map() -> dict[str, str]:
    return {ch: normalise_arabic(ch) for ch in _SEARCH_CHARACTERS if normalise_arabic(ch) != ch}


def _search_keys(*names: str) -> list[str]:
    return list(dict.fromkeys(normalise_arabic(name).lower() for name in names if name))


def explorer_data(kg: KnowledgeGraph, *, large: bool | None = None) -> dict:
    """Return the JSON-ready data the explorer page draws: nodes, edges, legend entries and settings.
    ``large`` forces large-graph mode on or off; by default it is on above ``LARGE_GRAPH_NODES`` actors.

    >>> from kg.model import Actor, KnowledgeGraph
    >>> explorer_data(KnowledgeGraph(actors=[Actor("a", "PER", "أحمد", "Ahmad")]))["nodes"][0]["keys"]
    ['احمد', 'ahmad']
    """
    graph = to_networkx(kg)
    edge_colours = interaction_colours(t for _, _, t in graph.edges(data="type"))
    nodes = []
    for node, attrs in graph.nodes(data=True):
        degree = graph.degree(node)
        nodes.append({"id": node, "label": attrs["label"], "label_en": attrs["label_en"], "type": attrs["type"],
                      "aliases": attrs["aliases"], "roles": attrs["roles"], "mentions": attrs["mentions"],
                      "wikidata": attrs["wikidata"], "degree": degree, "size": node_size(degree),
                      "color": actor_colour(attrs["type"]),
                      "keys": _search_keys(attrs["label"], attrs["label_en"], *attrs["aliases"])})
    edges = []
    parallel: Counter[frozenset[str]] = Counter()
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        pair = frozenset((source, target))
        # Edges between the same two actors bend by growing amounts so each stays visible and hoverable.
        curve = round(0.2 * parallel[pair], 2)
        parallel[pair] += 1
        edges.append({"id": f"{key}/{source}/{target}", "from": source, "to": target, "event_id": key,
                      "type": attrs["type"], "status": attrs["status"], "date": attrs["date"],
                      "start": attrs["date_start"], "end": attrs["date_end"], "place": attrs["place"],
                      "topics": attrs["topics"], "topic_phrases": attrs["topic_phrases"],
                      "evidence": attrs["evidence"], "sources": attrs["sources"],
                      "color": edge_colours[attrs["type"]], "curve": curve})
    cited = {doc_id for edge in edges for doc_id in edge["sources"]}
    actor_counts = Counter(n["type"] for n in nodes)
    type_counts = Counter(e["type"] for e in edges)
    status_counts = Counter(e["status"] for e in edges)
    statuses = [s for s in STATUSES if s in status_counts] + sorted(set(status_counts) - set(STATUSES))
    return {
        "nodes": nodes,
        "edges": edges,
        "actorTypes": {t: {"color": actor_colour(t), "name": ACTOR_TYPE_NAMES.get(t, t), "count": actor_counts[t]}
                       for t in sorted(actor_counts)},
        "interactionTypes": {t: {"color": c, "count": type_counts[t]} for t, c in edge_colours.items()},
        "statuses": {s: {"line": STATUS_LINES.get(s, "solid"), "count": status_counts[s]} for s in statuses},
        "dashes": {s: _DASHES[STATUS_LINES.get(s, "solid")] for s in statuses},
        "sources": {s.doc_id: {"title": s.title, "date": s.date, "url": s.url}
                    for s in sorted(kg.sources, key=lambda s: s.doc_id) if s.doc_id in cited},
        "large": len(nodes) > LARGE_GRAPH_NODES if large is None else large,
        "largeIterations": LARGE_GRAPH_ITERATIONS,
        "largeShown": LARGE_GRAPH_SHOWN,
        "readableScale": READABLE_SCALE,
        "suggestions": SUGGESTIONS,
        "font": FONT_STACK,
        "labelLength": LABEL_LENGTH,
        "letterMap": _letter_map(),
    }


def _script_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def render_html(kg: KnowledgeGraph, *, title: str = "شبكة الفاعلين · Actor network", large: bool | None = None) -> str:
    """Return the explorer page for ``kg`` as a string (see :func:`write_html`).

    >>> from kg.model import KnowledgeGraph
    >>> render_html(KnowledgeGraph(), title="<b>") .count("&lt;b&gt;")
    2
    """
    data = json.dumps(explorer_data(kg, large=large), ensure_ascii=False, separators=(",", ":"))
    # One str.replace per character rather than str.translate, which looks up every character of the
    # page's JSON in a dict (ten times slower); no escape contains a character escaped after it.
    for character, escaped in _JSON_IN_HTML.items():
        data = data.replace(character, escaped)
    vis_network = (files("pyvis") / "templates/lib/vis-9.1.2/vis-network.min.js").read_text(encoding="utf-8")
    explorer = (files("kg.export") / "explorer.js").read_text(encoding="utf-8")
    for name, script in (("vis-network", vis_network), ("explorer", explorer)):
        if "</script" in script.lower():
            raise ValueError(f"{name} script cannot be inlined: it contains '</script'")
    policy = ("default-src 'none'; script-src " + _script_hash(vis_network) + " " + _script_hash(explorer)
              + "; style-src 'unsafe-inline'; img-src data:; font-src data:")
    parts = {"TITLE": html.escape(title), "CSP": policy, "DATA": data, "VIS_NETWORK": vis_network,
             "EXPLORER": explorer}
    template = (files("kg.export") / "explorer.html").read_text(encoding="utf-8")
    # One pass over the template: text inserted for one marker is never scanned for another.
    return _MARKER.sub(lambda m: parts[m[1]], template)


def write_html(kg: KnowledgeGraph, path: str | os.PathLike[str], *, title: str = "شبكة الفاعلين · Actor network",
               large: bool | None = None) -> Path:
    """Write the interactive explorer of ``kg`` to ``path``: one HTML file that works offline.

    Actors are dots coloured by type and sized by their number of interactions, labelled in Arabic;
    interactions are lines coloured by type, dashed when planned and dotted when cancelled; hovering
    shows the date, status, place, topic and evidence sentence. The page has a search box (any alias,
    spelling-insensitive), type/status filters, a date range with sliders, and a toggle for the actors
    with no interaction (hidden at first, so the first view shows the connected actors at a readable
    zoom). Clicking an actor (or finding it) shows its own network and its interactions in date order,
    each with its evidence sentences and their articles. Above ``LARGE_GRAPH_NODES`` actors (or with
    ``large=True``) the page is in large-graph mode: only the ``LARGE_GRAPH_SHOWN`` most connected
    actors are drawn at first, search reveals the others, the layout is capped and physics then stops.
    In the browser, ``window.kgExplorer`` exposes ``network``, ``nodes`` and ``edges`` (the vis data
    sets of what is drawn), ``search(text)``, ``focus(id)`` and ``overview()``.

    >>> from kg.model import KnowledgeGraph
    >>> write_html(KnowledgeGraph(), "/tmp/kg-example.html").name
    'kg-example.html'
    """
    atomic_write_text(path, render_html(kg, title=title, large=large))
    return Path(path)


def _capture(url: str, width: int, height: int, timeout_s: float, executable_path: str) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(url)
            # Polled from here: Playwright's wait_for_function needs eval, which the page's policy forbids.
            deadline = time.monotonic() + timeout_s
            while not page.evaluate("() => Boolean(window.kgExplorer && window.kgExplorer.ready)"):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} was not drawn within {timeout_s:.0f} s")
                page.wait_for_timeout(50)
            return page.screenshot(full_page=False)
        finally:
            browser.close()


def screenshot_html(html_path: str | os.PathLike[str], png_path: str | os.PathLike[str], *,
                    width: int = 1400, height: int = 900, timeout_s: float = 120.0,
                    executable_path: str = CHROMIUM_PATH) -> Path:
    """Open an explorer page in headless Chromium (Playwright, no network), wait until the layout is
    drawn, and save a PNG screenshot to ``png_path``.

    >>> screenshot_html("exports/graph.html", "docs/screenshot.png")  # doctest: +SKIP
    PosixPath('docs/screenshot.png')
    """
    # Playwright's sync API refuses to run where an event loop is running (Jupyter, or another sync
    # Playwright session): a worker thread has none.
    with ThreadPoolExecutor(max_workers=1) as worker:
        png = worker.submit(_capture, Path(html_path).resolve().as_uri(), width, height, timeout_s,
                            executable_path).result()
    with atomic_path(png_path) as temporary:
        temporary.write_bytes(png)
    return Path(png_path)
