// The kg network explorer. Article text reaches the page only as JSON data and is only ever put into
// the document through textContent or the canvas: nothing from an article is parsed as HTML.
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

  const nodes = new vis.DataSet(data.nodes.map((n) => ({
    id: n.id, label: shortLabel(n.label), size: n.size, shape: "dot",
    color: { background: n.color, border: n.color, highlight: { background: n.color, border: "#000" } },
  })));
  const edges = new vis.DataSet(data.edges.map((e) => ({
    id: e.id, from: e.from, to: e.to, color: { color: e.color, highlight: e.color, hover: e.color },
    dashes: data.dashes[e.status] || false, width: 2,
    smooth: e.curve ? { enabled: true, type: "curvedCW", roundness: e.curve } : false,
  })));
  const nodeInfo = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeInfo = new Map(data.edges.map((e) => [e.id, e]));

  const large = data.large;
  const options = {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: !large },
    nodes: { font: { face: data.font, size: 14, color: "#222", strokeWidth: 3, strokeColor: "#fff" } },
    edges: { selectionWidth: 2, hoverWidth: 1.5 },
    physics: {
      solver: "barnesHut",
      // A coarser Barnes-Hut approximation (theta) makes each layout step about three times cheaper.
      barnesHut: {
        gravitationalConstant: -6000, springLength: 140, avoidOverlap: large ? 0 : 0.2, theta: large ? 0.9 : 0.5,
      },
      stabilization: { enabled: true, iterations: large ? data.largeIterations : 400, updateInterval: 50 },
    },
    interaction: { hover: true, tooltipDelay: 100, hideEdgesOnDrag: large, hideEdgesOnZoom: large },
  };
  const container = byId("kg-network");
  const network = new vis.Network(container, { nodes, edges }, options);
  const explorer = { network, nodes, edges, ready: false, large };
  window.kgExplorer = explorer;

  // Large graphs: a capped stabilisation gives a readable layout, then physics stops so dragging and
  // zooming stay fast.
  network.on("stabilizationIterationsDone", () => {
    if (large) network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    network.once("afterDrawing", () => { explorer.ready = true; });
    network.redraw();
  });

  // With no nodes there is nothing to lay out, and no stabilisation event will come.
  if (!data.nodes.length) network.once("afterDrawing", () => { explorer.ready = true; });

  // Large graphs start from a short layout; refining runs more layout steps on demand.
  const relayout = byId("kg-relayout");
  relayout.hidden = !large;
  relayout.addEventListener("click", () => {
    relayout.disabled = true;
    network.once("stabilizationIterationsDone", () => { relayout.disabled = false; });
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
  for (const name of ["blurNode", "blurEdge", "dragStart", "zoom"]) network.on(name, hideTooltip);

  const details = byId("kg-details");
  network.on("click", (p) => {
    if (p.nodes.length) details.replaceChildren(nodeCard(p.nodes[0]));
    else if (p.edges.length) details.replaceChildren(edgeCard(p.edges[0]));
    else details.replaceChildren();
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

  const dateFrom = byId("kg-date-from"), dateTo = byId("kg-date-to"), undated = byId("kg-undated");
  // Edge dates are intervals (a month, a year): keep an edge whose interval overlaps the chosen range.
  function edgeShown(e) {
    if (!shown.type.has(e.type) || !shown.status.has(e.status)) return false;
    if (!e.start) return undated.checked;
    return !(dateFrom.value && e.end < dateFrom.value) && !(dateTo.value && e.start > dateTo.value);
  }
  function applyFilters() {
    const changes = [];
    let visible = 0;
    for (const e of data.edges) {
      const hidden = !edgeShown(e);
      if (!hidden) visible += 1;
      if (edges.get(e.id).hidden !== hidden) changes.push({ id: e.id, hidden });
    }
    if (changes.length) edges.update(changes);
    byId("kg-counts").textContent =
      data.nodes.length + " فاعل · actors، " + visible + "/" + data.edges.length + " تفاعل · interactions";
    return visible;
  }
  for (const input of [dateFrom, dateTo, undated]) input.addEventListener("change", applyFilters);
  explorer.applyFilters = applyFilters;
  applyFilters();

  // --- search ------------------------------------------------------------------------------------
  // The same matching key as kg.arabic.normalise_arabic: the letter map comes from Python.
  function searchKey(text) {
    let key = "";
    for (const ch of text.toLowerCase()) key += Object.hasOwn(data.letterMap, ch) ? data.letterMap[ch] : ch;
    return key.split(/\s+/).filter(Boolean).join(" ");
  }
  const aliasList = byId("kg-aliases");
  const seen = new Set();
  for (const n of data.nodes) {
    for (const name of [n.label, n.label_en, ...n.aliases]) {
      if (!name || seen.has(name)) continue;
      seen.add(name);
      const option = element("option");
      option.value = name;
      aliasList.append(option);
    }
  }
  function search(query) {
    const key = searchKey(query);
    if (!key) return null;
    const exact = data.nodes.find((n) => n.keys.includes(key));
    const found = exact || data.nodes.find((n) => n.keys.some((k) => k.includes(key)));
    byId("kg-search-status").textContent = found ? "" : "لا نتيجة · not found";
    if (!found) return null;
    network.selectNodes([found.id]);
    network.focus(found.id, { scale: 1.4, animation: large ? false : { duration: 400 } });
    details.replaceChildren(nodeCard(found.id));
    return found.id;
  }
  const searchBox = byId("kg-search");
  searchBox.addEventListener("keydown", (event) => { if (event.key === "Enter") search(searchBox.value); });
  // Picking a name from the suggestions (or typing one in full) goes straight to the actor.
  searchBox.addEventListener("input", () => { if (seen.has(searchBox.value)) search(searchBox.value); });
  explorer.search = search;
})();
