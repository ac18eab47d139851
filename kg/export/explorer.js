// The kg network explorer. Article text reaches the page only as JSON data and is only ever put into
// the document through textContent, the canvas, or (a web address only) a link's href: nothing from an
// article is parsed as HTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const byId = (id) => document.getElementById(id);

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined && text !== null) el.textContent = String(text);
    return el;
  }

  // Canvas labels stay short so long names do not cover the picture; cards show them in full.
  function shortLabel(label) {
    const chars = Array.from(label);
    return chars.length > data.labelLength ? chars.slice(0, data.labelLength).join("") + "…" : label;
  }

  const nodeInfo = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeInfo = new Map(data.edges.map((e) => [e.id, e]));
  const visNode = (n, at) => ({
    id: n.id, label: shortLabel(n.label), size: n.size, shape: "dot", x: at ? at.x : undefined, y: at ? at.y : undefined,
    color: { background: n.color, border: n.color, highlight: { background: n.color, border: "#000" } },
  });
  const visEdge = (e) => ({
    id: e.id, from: e.from, to: e.to, color: { color: e.color, highlight: e.color, hover: e.color },
    dashes: data.dashes[e.status] || false, width: 2,
    smooth: e.curve ? { enabled: true, type: "curvedCW", roundness: e.curve } : false,
  });

  // What is drawn at first: the connected actors (in large-graph mode only the most connected ones);
  // actors with no interaction wait behind a toggle, the others of a large graph behind the search.
  const large = data.large;
  // Sorting only the connected actors keeps the start fast when most of a large graph's actors met no one.
  const ranked = data.nodes.filter((n) => n.degree > 0).sort((a, b) => b.degree - a.degree || (a.id < b.id ? -1 : 1));
  const byDegree = ranked.concat(data.nodes.filter((n) => n.degree === 0));
  const core = new Set((large ? ranked.slice(0, data.largeShown) : data.nodes).map((n) => n.id));
  const revealed = new Set();
  const isolated = byId("kg-isolated");
  byId("kg-isolated-toggle").hidden = large || !data.nodes.some((n) => n.degree === 0);
  function overviewIds() {
    return data.nodes.filter((n) => revealed.has(n.id) || (core.has(n.id) && (n.degree > 0 || isolated.checked)))
      .map((n) => n.id);
  }

  // Every filter starts open: the first picture is the overview's actors and all their interactions.
  const initial = new Set(overviewIds());
  const nodes = new vis.DataSet([...initial].map((id) => visNode(nodeInfo.get(id))));
  const edges = new vis.DataSet(data.edges.filter((e) => initial.has(e.from) && initial.has(e.to)).map(visEdge));

  const options = {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: !large },
    nodes: { font: { face: data.font, size: 14, color: "#222", strokeWidth: 3, strokeColor: "#fff" } },
    edges: { selectionWidth: 2, hoverWidth: 1.5 },
    physics: {
      solver: "barnesHut",
      // Large graphs draw only their most connected actors at first: the same layout suits both.
      barnesHut: { gravitationalConstant: -6000, springLength: 140, avoidOverlap: 0.2 },
      stabilization: { enabled: true, iterations: large ? data.largeIterations : 400, updateInterval: 50 },
    },
    interaction: { hover: true, tooltipDelay: 100, hideEdgesOnDrag: large, hideEdgesOnZoom: large },
  };
  const container = byId("kg-network");
  const network = new vis.Network(container, { nodes, edges }, options);
  const explorer = { network, nodes, edges, ready: false, large };
  window.kgExplorer = explorer;

  // Zoom so the given actors fill the view, but never so far out that labels cannot be read: then
  // centre on the most connected of them instead.
  function showReadable(ids) {
    if (!ids.length) return;
    network.fit({ nodes: ids, animation: false });
    if (network.getScale() >= data.readableScale) return;
    const hub = ids.reduce((best, id) => (nodeInfo.get(id).degree > nodeInfo.get(best).degree ? id : best));
    network.moveTo({ position: network.getPositions([hub])[hub], scale: data.readableScale, animation: false });
  }

  // Large graphs: a capped stabilisation gives a readable layout, then physics stops so dragging and
  // zooming stay fast.
  let laidOut = false;
  network.once("stabilizationIterationsDone", () => {
    laidOut = true;
    if (large) network.setOptions({ physics: { enabled: false } });
    showReadable(nodes.getIds());
    network.once("afterDrawing", () => { explorer.ready = true; });
    network.redraw();
  });

  // With no nodes there is nothing to lay out, and no stabilisation event will come.
  if (!nodes.length) network.once("afterDrawing", () => { laidOut = true; explorer.ready = true; });

  // Large graphs start from a short layout; refining runs more layout steps on demand.
  const relayout = byId("kg-relayout");
  relayout.hidden = !large;
  relayout.addEventListener("click", () => {
    relayout.disabled = true;
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });
      relayout.disabled = false;
    });
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(data.largeIterations);
  });

  // --- cards: the content of the tooltip and of the details panel -------------------------------
  function row(card, key, value, dir) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    const line = element("div", "kg-card-row");
    const name = element("span", "kg-card-key", key);
    name.dir = "rtl";
    line.append(name);
    const text = element("span", null, Array.isArray(value) ? value.join("، ") : value);
    if (dir) text.dir = dir;
    line.append(text);
    card.append(line);
  }

  function labelOf(actorId) {
    const actor = nodeInfo.get(actorId);
    return actor ? actor.label : actorId;
  }

  function nodeCard(id) {
    const n = nodeInfo.get(id);
    const card = element("div");
    card.append(element("div", "kg-card-title", n.label));
    row(card, "English", n.label_en, "ltr");
    row(card, "النوع · type", data.actorTypes[n.type] ? data.actorTypes[n.type].name : n.type);
    row(card, "أسماء أخرى · aliases", n.aliases);
    row(card, "الصفة · roles", n.roles);
    row(card, "الذكر · mentions", n.mentions);
    row(card, "التفاعلات · interactions", n.degree);
    row(card, "Wikidata", n.wikidata, "ltr");
    return card;
  }

  function edgeCard(id) {
    const e = edgeInfo.get(id);
    const card = element("div");
    card.append(element("div", "kg-card-title", labelOf(e.from) + " — " + labelOf(e.to)));
    row(card, "النوع · type", e.type);
    row(card, "الحالة · status", e.status);
    row(card, "التاريخ · date", e.date, "ltr");
    row(card, "المكان · place", e.place ? labelOf(e.place) : null);
    row(card, "الموضوع · topic", e.topic_phrases.length ? e.topic_phrases : e.topics);
    for (const sentence of e.evidence) card.append(element("div", "kg-card-evidence", sentence));
    return card;
  }

  // An article's title, date and address; only a web address becomes a link.
  function sourceLine(docId) {
    const source = data.sources[docId] || {};
    const line = element("div", "kg-source", [source.title || docId, source.date].filter(Boolean).join(" · "));
    if (source.url && /^https?:\/\//i.test(source.url)) {
      const link = element("a", null, source.url);
      link.href = source.url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      link.dir = "ltr";
      line.append(" ", link);
    }
    return line;
  }

  // One entry per interaction of ``actorId`` among the shown edges (an interaction of three actors is
  // two or three edges), earliest first, undated last.
  function interactionList(actorId, shownEdges) {
    const events = new Map();
    for (const e of shownEdges) {
      if (e.from !== actorId && e.to !== actorId) continue;
      const event = events.get(e.event_id) || { edge: e, others: new Set() };
      event.others.add(e.from === actorId ? e.to : e.from);
      events.set(e.event_id, event);
    }
    const ordered = [...events.values()].sort((a, b) => (a.edge.start || "\uffff").localeCompare(b.edge.start || "\uffff")
      || a.edge.event_id.localeCompare(b.edge.event_id));
    return ordered.map(({ edge, others }) => {
      const item = element("li", "kg-interaction");
      item.dataset.event = edge.event_id;
      const head = element("div", "kg-interaction-head");
      head.append(element("span", null, edge.date || "بلا تاريخ · undated"),
        " · " + edge.type + " · " + edge.status + " · ");
      for (const other of [...others].sort()) {
        const name = element("button", "kg-participant", labelOf(other));
        name.type = "button";
        name.addEventListener("click", () => focus(other));
        head.append(name, " ");
      }
      item.append(head);
      edge.evidence.forEach((sentence, i) => {
        item.append(element("div", "kg-card-evidence", sentence), sourceLine(edge.sources[i]));
      });
      return item;
    });
  }

  const tooltip = byId("kg-tooltip");
  function showTooltip(card, pointer) {
    tooltip.replaceChildren(card);
    tooltip.style.display = "block";
    const box = container.getBoundingClientRect();
    const x = Math.min(box.left + pointer.x + 14, window.innerWidth - tooltip.offsetWidth - 4);
    const y = Math.min(box.top + pointer.y + 14, window.innerHeight - tooltip.offsetHeight - 4);
    tooltip.style.left = Math.max(0, x) + "px";
    tooltip.style.top = Math.max(0, y) + "px";
  }
  function hideTooltip() { tooltip.style.display = "none"; }

  network.on("hoverNode", (p) => showTooltip(nodeCard(p.node), p.pointer.DOM));
  network.on("hoverEdge", (p) => showTooltip(edgeCard(p.edge), p.pointer.DOM));
  // Whatever moves the view under a still pointer (dragging, zooming, a search, a new focus) leaves the
  // card pointing at something else: hide it.
  for (const name of ["blurNode", "blurEdge", "dragStart", "zoom", "animationFinished"]) network.on(name, hideTooltip);

  const details = byId("kg-details");
  const interactions = byId("kg-interactions");
  network.on("click", (p) => {
    if (p.nodes.length) focus(p.nodes[0]);
    else if (p.edges.length) {
      details.replaceChildren(edgeCard(p.edges[0]));
      interactions.replaceChildren();
    }
  });

  // --- legend and filters ------------------------------------------------------------------------
  for (const [type, style] of Object.entries(data.actorTypes)) {
    const entry = element("div", "kg-legend-row");
    const dot = element("span", "kg-dot");
    dot.style.background = style.color;
    entry.append(dot, element("span", null, style.name + " (" + style.count + ")"));
    byId("kg-legend-actors").append(entry);
  }

  const shown = { type: new Set(Object.keys(data.interactionTypes)), status: new Set(Object.keys(data.statuses)) };
  function legendFilter(parent, kind, key, color, line, text) {
    const entry = element("label", "kg-legend-row");
    const box = element("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.kind = kind;
    box.value = key;
    box.addEventListener("change", () => {
      if (box.checked) shown[kind].add(key); else shown[kind].delete(key);
      applyFilters();
    });
    const swatch = element("span", "kg-line");
    swatch.style.borderTopColor = color;
    swatch.style.borderTopStyle = line;
    entry.append(box, swatch, element("span", null, text));
    parent.append(entry);
  }
  for (const [type, style] of Object.entries(data.interactionTypes)) {
    legendFilter(byId("kg-legend-types"), "type", type, style.color, "solid", type + " (" + style.count + ")");
  }
  for (const [status, style] of Object.entries(data.statuses)) {
    legendFilter(byId("kg-legend-statuses"), "status", status, "#555", style.line, status + " (" + style.count + ")");
  }

  // --- dates: two date boxes and two sliders over the days the interactions cover -----------------
  const dateFrom = byId("kg-date-from"), dateTo = byId("kg-date-to"), undated = byId("kg-undated");
  const sliderFrom = byId("kg-slider-from"), sliderTo = byId("kg-slider-to");
  const dated = data.edges.filter((e) => e.start);
  const DAY = 86400000;
  const firstDay = dated.length ? Date.parse(dated.reduce((m, e) => (e.start < m ? e.start : m), dated[0].start)) : 0;
  const lastDay = dated.length ? Date.parse(dated.reduce((m, e) => (e.end > m ? e.end : m), dated[0].end)) : 0;
  const dayOf = (offset) => new Date(firstDay + offset * DAY).toISOString().slice(0, 10);
  const offsetOf = (day) => Math.round((Date.parse(day) - firstDay) / DAY);
  byId("kg-date-sliders").hidden = !dated.length;
  for (const slider of [sliderFrom, sliderTo]) slider.max = String(Math.round((lastDay - firstDay) / DAY));
  sliderTo.value = sliderTo.max;
  dateFrom.min = dateTo.min = dated.length ? dayOf(0) : "";
  dateFrom.max = dateTo.max = dated.length ? dayOf(Number(sliderTo.max)) : "";
  function slid(moved) {
    // The two ends never cross: the one not moved gives way.
    if (Number(sliderFrom.value) > Number(sliderTo.value)) (moved === sliderFrom ? sliderTo : sliderFrom).value = moved.value;
    dateFrom.value = sliderFrom.value === "0" ? "" : dayOf(Number(sliderFrom.value));
    dateTo.value = sliderTo.value === sliderTo.max ? "" : dayOf(Number(sliderTo.value));
    applyFilters();
  }
  sliderFrom.addEventListener("input", () => slid(sliderFrom));
  sliderTo.addEventListener("input", () => slid(sliderTo));
  function typed() {
    sliderFrom.value = dateFrom.value ? String(offsetOf(dateFrom.value)) : "0";
    sliderTo.value = dateTo.value ? String(offsetOf(dateTo.value)) : sliderTo.max;
    applyFilters();
  }
  for (const input of [dateFrom, dateTo]) input.addEventListener("change", typed);
  undated.addEventListener("change", applyFilters);
  isolated.addEventListener("change", applyFilters);

  // Edge dates are intervals (a month, a year): keep an edge whose interval overlaps the chosen range.
  function edgeShown(e) {
    if (!shown.type.has(e.type) || !shown.status.has(e.status)) return false;
    if (!e.start) return undated.checked;
    return !(dateFrom.value && e.end < dateFrom.value) && !(dateTo.value && e.start > dateTo.value);
  }

  // --- what is drawn: the overview, or one actor's own network -------------------------------------
  let focused = null;
  const overviewPlaces = new Map();
  const overviewButton = byId("kg-overview");

  // A newly drawn actor goes beside an actor already placed that it interacts with, else near the centre;
  // the n-th one drawn at once on a sunflower spiral (golden angle, radius growing as the root of n), so
  // many actors drawn together do not pile up.
  function placeNear(id, placed, index) {
    const angle = index * 2.399963, radius = 90 * Math.sqrt(index + 1);
    const anchor = [...(neighbours.get(id) || [])].map((other) => placed.get(other)).find(Boolean) || { x: 0, y: 0 };
    return { x: anchor.x + radius * Math.cos(angle), y: anchor.y + radius * Math.sin(angle) };
  }

  // The focused actor in the middle, its partners around it (the closest ties first, from the top).
  function egoPlaces(center, ids, shownEdges) {
    const ties = new Map();
    for (const e of shownEdges) {
      if (e.from === center || e.to === center) {
        const other = e.from === center ? e.to : e.from;
        ties.set(other, (ties.get(other) || 0) + 1);
      }
    }
    const others = ids.filter((id) => id !== center).sort((a, b) => ties.get(b) - ties.get(a) || (a < b ? -1 : 1));
    const radius = Math.max(220, (others.length * 70) / (2 * Math.PI));
    const places = new Map([[center, { x: 0, y: 0 }]]);
    others.forEach((id, i) => {
      const angle = (2 * Math.PI * i) / others.length - Math.PI / 2;
      places.set(id, { x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
    });
    return places;
  }

  const neighbours = new Map();
  for (const e of data.edges) {
    for (const [one, other] of [[e.from, e.to], [e.to, e.from]]) {
      if (!neighbours.has(one)) neighbours.set(one, new Set());
      neighbours.get(one).add(other);
    }
  }

  function sync() {
    hideTooltip();
    const shownEdges = data.edges.filter(edgeShown);
    let ids;
    if (focused) {
      const partners = new Set([focused]);
      for (const e of shownEdges) if (e.from === focused) partners.add(e.to); else if (e.to === focused) partners.add(e.from);
      ids = [...partners];
    } else {
      ids = overviewIds();
    }
    const keep = new Set(ids);
    if (laidOut && !focused) {
      for (const [id, place] of Object.entries(network.getPositions())) if (keep.has(id)) overviewPlaces.set(id, place);
    }
    const places = focused ? egoPlaces(focused, ids, shownEdges) : overviewPlaces;
    nodes.remove(nodes.getIds().filter((id) => !keep.has(id)));
    let added = 0;
    const update = [];
    for (const id of ids) {
      if (laidOut && !places.has(id)) places.set(id, placeNear(id, places, added++));
      const place = places.get(id);
      if (nodes.get(id)) { if (focused && place) update.push({ id, x: place.x, y: place.y }); }
      else update.push(visNode(nodeInfo.get(id), place));
    }
    nodes.update(update);
    const drawn = shownEdges.filter((e) => keep.has(e.from) && keep.has(e.to));
    const drawnIds = new Set(drawn.map((e) => e.id));
    edges.remove(edges.getIds().filter((id) => !drawnIds.has(id)));
    edges.add(drawn.filter((e) => !edges.get(e.id)).map(visEdge));
    byId("kg-counts").textContent = ids.length + "/" + data.nodes.length + " فاعل · actors، "
      + drawn.length + "/" + data.edges.length + " تفاعل · interactions";
    overviewButton.hidden = !focused;
    relayout.hidden = !large || Boolean(focused);
    if (focused) interactions.replaceChildren(...interactionList(focused, shownEdges));
    return drawn.length;
  }
  function applyFilters() {
    const drawn = sync();
    // A new set of actors lays out again while physics runs (small graphs, overview only).
    if (laidOut && !focused && !large) network.stabilize(100);
    return drawn;
  }

  // One actor's own network: it, its partners and their interactions, laid out around it; the details
  // panel lists its interactions in date order.
  function focus(id) {
    if (!nodeInfo.has(id)) return;
    if (!focused && laidOut) {
      for (const [other, place] of Object.entries(network.getPositions())) overviewPlaces.set(other, place);
    }
    focused = id;
    revealed.add(id);
    network.setOptions({ physics: { enabled: false } });
    sync();
    network.selectNodes([id]);
    details.replaceChildren(nodeCard(id));
    showReadable(nodes.getIds());
  }

  function overview() {
    if (!focused) return;
    const last = focused;
    focused = null;
    sync();
    nodes.update(nodes.getIds().filter((id) => overviewPlaces.has(id))
      .map((id) => ({ id, x: overviewPlaces.get(id).x, y: overviewPlaces.get(id).y })));
    if (!large) network.setOptions({ physics: { enabled: true } });
    interactions.replaceChildren();
    network.selectNodes([last]);
    showReadable(nodes.getIds());
  }
  overviewButton.addEventListener("click", overview);
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") overview(); });
  explorer.applyFilters = applyFilters;
  explorer.focus = focus;
  explorer.overview = overview;
  sync();

  // --- search ------------------------------------------------------------------------------------
  // The same matching key as kg.arabic.normalise_arabic: the letter map comes from Python.
  function searchKey(text) {
    let key = "";
    for (const ch of text.toLowerCase()) key += Object.hasOwn(data.letterMap, ch) ? data.letterMap[ch] : ch;
    return key.split(/\s+/).filter(Boolean).join(" ");
  }
  // Suggestions follow the typing: the names of the most connected actors that match what is typed. A
  // list of every name would make the browser slow on a large graph.
  const aliasList = byId("kg-aliases");
  let names = null;  // every name of every actor, gathered at the first keystroke rather than at start-up
  function isName(text) {
    if (!names) {
      names = new Set();
      for (const n of data.nodes) for (const name of [n.label, n.label_en, ...n.aliases]) if (name) names.add(name);
    }
    return names.has(text);
  }
  function matching(key) { return (n) => n.keys.some((k) => k.includes(key)); }
  function suggest(text) {
    const key = searchKey(text);
    const options = new Set();
    if (Array.from(key).length >= 2) {
      for (const n of byDegree) {
        if (options.size >= data.suggestions) break;
        if (matching(key)(n)) for (const name of [n.label, ...n.aliases, n.label_en]) if (name) options.add(name);
      }
    }
    aliasList.replaceChildren(...[...options].slice(0, data.suggestions).map((name) => {
      const option = element("option");
      option.value = name;
      return option;
    }));
  }
  // Finding an actor opens its own network; in large-graph mode it also stays drawn in the overview.
  function search(query) {
    const key = searchKey(query);
    if (!key) return null;
    const exact = data.nodes.find((n) => n.keys.includes(key));
    const found = exact || byDegree.find(matching(key));
    byId("kg-search-status").textContent = found ? "" : "لا نتيجة · not found";
    hideTooltip();
    if (!found) return null;
    focus(found.id);
    return found.id;
  }
  const searchBox = byId("kg-search");
  searchBox.addEventListener("keydown", (event) => { if (event.key === "Enter") search(searchBox.value); });
  // Picking a name from the suggestions (or typing one in full) goes straight to the actor.
  searchBox.addEventListener("input", () => {
    if (isName(searchBox.value)) search(searchBox.value); else suggest(searchBox.value);
  });
  explorer.search = search;
})();
