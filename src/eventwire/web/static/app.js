// eventwire analyst app: map, timeline, table and event panel over /api.
// Article text and every stored field are untrusted: they reach the page only through textContent
// (the el() helper below) and links only when their URL is http(s); no HTML-parsing sink is used anywhere.
"use strict";

(function () {
  const TYPE_COLOURS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#1f77b4",
    "Riots": "#8c564b",
    "Strategic developments": "#2ca02c",
  };
  const OTHER_COLOUR = "#7f7f7f";
  const TABLE_COLUMNS = [
    ["event_date", "Date"], ["event_type", "Type"], ["sub_event_type", "Sub-type"], ["actor1", "Actor 1"],
    ["actor2", "Actor 2"], ["location", "Location"], ["admin1", "Admin1"], ["country", "Country"],
    ["fatalities", "Fatalities"],
  ];
  const PAGE_SIZE = 50;
  const MAP_LIMIT = 5000;
  const ADMIN1_MIN_ZOOM = 5; // province outlines appear from this zoom on

  const state = { sort: "event_date", order: "desc", offset: 0, total: 0, brush: null, selectedEvent: null, fitted: false };

  // -- DOM helpers ---------------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function safeUrl(url) {
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(url, text) {
    const href = url ? safeUrl(url) : null;
    if (!href) return el("span", {}, text || url || "");
    return el("a", { href: href, target: "_blank", rel: "noopener noreferrer nofollow" }, text || url);
  }

  function colour(type) { return TYPE_COLOURS[type] || OTHER_COLOUR; }

  function setStatus(id, message, isError) {
    const node = document.getElementById(id);
    node.textContent = message || "";
    node.classList.toggle("error", Boolean(isError));
  }

  async function getJson(url, options) {
    const response = await fetch(url, options);
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail || body);
      throw new Error(`${response.status}: ${detail}`);
    }
    return body;
  }

  // -- filters -------------------------------------------------------------------------------------

  function filterParams(includeBrush) {
    const params = new URLSearchParams();
    const form = new FormData(document.getElementById("filters"));
    for (const [key, value] of form.entries()) if (value) params.set(key, value);
    if (includeBrush && state.brush) {
      params.set("date_from", state.brush[0]);
      params.set("date_to", state.brush[1]);
    }
    return params;
  }

  async function loadFacets() {
    const facets = await getJson("/api/facets");
    fillSelect("f-country", facets.countries);
    fillSelect("f-event-type", facets.event_types);
    fillSelect("f-sub-event-type", facets.sub_event_types);
  }

  function fillSelect(id, values) {
    const select = document.getElementById(id);
    for (const value of values) select.append(el("option", { value: value }, value));
  }

  // -- map -----------------------------------------------------------------------------------------

  let map, clusters;

  function initMap() {
    map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([25, 20], 2);
    map.attributionControl.addAttribution("Outlines: Natural Earth (public domain)");
    // Own panes below the overlay pane (400), so the outlines stay under the event markers whatever
    // order the fetches finish in: countries (filled) first, admin1 lines over them.
    map.createPane("countries").style.zIndex = "250";
    map.createPane("admin1").style.zIndex = "260";
    fetch("/api/basemap/countries").then((r) => r.json()).then((countries) => {
      L.geoJSON(countries, {
        pane: "countries",
        style: { color: "#8a8a80", weight: 0.6, fillColor: "#efeee6", fillOpacity: 1 },
        interactive: false,
      }).addTo(map);
    });
    fetch("/api/basemap/admin1").then((r) => r.json()).then((admin1) => {
      const lines = L.geoJSON(admin1, {
        pane: "admin1",
        style: { color: "#9a9a8e", weight: 0.7, dashArray: "3 2" },
        interactive: false,
      });
      // Province lines only help once zoomed in; at world scale they are noise (and 9,000 paths to draw).
      const showWhenZoomedIn = () => {
        if (map.getZoom() >= ADMIN1_MIN_ZOOM) map.addLayer(lines);
        else map.removeLayer(lines);
      };
      map.on("zoomend", showWhenZoomedIn);
      showWhenZoomedIn();
    });
    clusters = L.markerClusterGroup({ maxClusterRadius: 40, chunkedLoading: true });
    map.addLayer(clusters);
  }

  function markerFor(feature) {
    const p = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const radius = 5 + Math.min(15, Math.sqrt(p.fatalities || 0) * 2);
    const marker = L.circleMarker([lat, lon], {
      radius: radius, color: "#333", weight: 1, fillColor: colour(p.event_type), fillOpacity: 0.85,
      className: "event-marker",
    });
    // A tooltip built from a DOM node: Leaflet would parse a string as HTML.
    marker.bindTooltip(el("span", {}, `${p.event_date || "?"} · ${p.event_type} · ${p.location || ""}`));
    marker.on("click", () => openEvent(p.id));
    return marker;
  }

  async function loadMap() {
    const params = filterParams(true);
    params.set("format", "geojson");
    params.set("limit", String(MAP_LIMIT));
    params.set("sort", "fatalities");
    params.set("order", "desc");
    const response = await fetch("/api/events?" + params);
    if (!response.ok) return;
    const collection = await response.json();
    clusters.clearLayers();
    clusters.addLayers(collection.features.map(markerFor));
    if (!state.fitted && collection.features.length) {
      map.fitBounds(clusters.getBounds(), { padding: [30, 30], maxZoom: 6 });
      state.fitted = true;
    }
    document.getElementById("map").dataset.markers = String(collection.features.length);
  }

  // -- timeline ------------------------------------------------------------------------------------

  const SVG_NS = "http://www.w3.org/2000/svg";
  let timelineDays = [];

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function dayNumber(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / 86400000); }
  function isoOfDay(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }

  async function loadTimeline() {
    const params = filterParams(false);
    params.set("interval", "day");
    const stats = await getJson("/api/stats?" + params);
    drawTimeline(stats.by_period.filter((row) => row.period));
    drawLegend(stats.by_type.map((row) => row.key));
  }

  function drawTimeline(rows) {
    const box = document.getElementById("timeline");
    box.replaceChildren();
    const width = box.clientWidth || 800, height = box.clientHeight || 130, bottom = 16;
    if (!rows.length) { box.append(svg("text", { x: 10, y: 20, class: "axis" }, "No dated events")); return; }
    const first = dayNumber(rows[0].period) - 1, last = dayNumber(rows[rows.length - 1].period) + 1;
    const span = Math.max(1, last - first);
    const totals = new Map();
    for (const row of rows) totals.set(row.period, (totals.get(row.period) || 0) + row.events);
    const peak = Math.max(...totals.values());
    const barWidth = Math.max(1, width / span - 1);
    const stacked = new Map();
    for (const row of rows) {
      const below = stacked.get(row.period) || 0;
      const x = ((dayNumber(row.period) - first) / span) * width;
      const h = (row.events / peak) * (height - bottom - 4);
      const y = height - bottom - below - h;
      const bar = svg("rect", { x: x, y: y, width: barWidth, height: h, fill: colour(row.event_type) });
      bar.append(svg("title", {}, `${row.period} ${row.event_type}: ${row.events}`));
      box.append(bar);
      stacked.set(row.period, below + h);
    }
    const ticks = Math.max(2, Math.min(8, Math.floor(width / 140)));
    for (let i = 0; i <= ticks; i++) {
      const anchor = i === 0 ? "start" : i === ticks ? "end" : "middle";
      const x = (i / ticks) * width;
      box.append(svg("line", { x1: x, x2: x, y1: height - bottom, y2: height - bottom + 3, stroke: "#888" }));
      box.append(svg("text", { x: x, y: height - 3, class: "axis", "text-anchor": anchor },
        isoOfDay(Math.round(first + (i / ticks) * span))));
    }
    timelineDays = [first, last, width];
    drawBrush();
  }

  function drawLegend(types) {
    const legend = document.getElementById("legend");
    legend.replaceChildren(...types.map((type) => {
      const swatch = el("span", { class: "swatch" });
      swatch.style.background = colour(type);  // CSSOM, not a style attribute: the CSP allows no inline style
      return el("span", {}, swatch, type);
    }));
  }

  function dayAt(x) {
    const [first, last, width] = timelineDays;
    return Math.round(first + (Math.max(0, Math.min(width, x)) / width) * (last - first));
  }

  function xOfDay(day) {
    const [first, last, width] = timelineDays;
    return ((day - first) / (last - first)) * width;
  }

  function drawBrush(x0, x1) {
    const box = document.getElementById("timeline");
    box.querySelectorAll(".brush").forEach((node) => node.remove());
    if (x0 === undefined && state.brush) {
      x0 = xOfDay(dayNumber(state.brush[0]));
      x1 = xOfDay(dayNumber(state.brush[1]) + 1);
    }
    if (x0 === undefined) return;
    box.append(svg("rect", { class: "brush", x: Math.min(x0, x1), y: 0, width: Math.abs(x1 - x0), height: box.clientHeight }));
  }

  function initBrush() {
    const box = document.getElementById("timeline");
    let start = null;
    const localX = (event) => event.clientX - box.getBoundingClientRect().left;
    box.addEventListener("mousedown", (event) => { if (timelineDays.length) { start = localX(event); event.preventDefault(); } });
    window.addEventListener("mousemove", (event) => { if (start !== null) drawBrush(start, localX(event)); });
    window.addEventListener("mouseup", (event) => {
      if (start === null) return;
      const end = localX(event);
      const from = dayAt(Math.min(start, end)), to = dayAt(Math.max(start, end));
      start = null;
      if (Math.abs(to - from) < 1) { clearBrush(); return; }
      state.brush = [isoOfDay(from), isoOfDay(to)];
      applyBrush();
    });
    box.addEventListener("dblclick", clearBrush);
  }

  function clearBrush() { state.brush = null; applyBrush(); }

  function applyBrush() {
    document.getElementById("brush-label").textContent = state.brush ? `Selected ${state.brush[0]} – ${state.brush[1]}` : "";
    drawBrush();
    state.offset = 0;
    loadMap();
    loadTable();
  }

  // -- table ---------------------------------------------------------------------------------------

  function initTable() {
    const head = document.querySelector("#events-table thead tr");
    for (const [key, label] of TABLE_COLUMNS) {
      head.append(el("th", { dataset: { sort: key }, onclick: () => sortBy(key) }, label));
    }
    document.getElementById("prev-page").addEventListener("click", () => page(-1));
    document.getElementById("next-page").addEventListener("click", () => page(1));
  }

  function sortBy(key) {
    state.order = state.sort === key && state.order === "asc" ? "desc" : "asc";
    state.sort = key;
    state.offset = 0;
    loadTable();
  }

  function page(step) {
    const next = state.offset + step * PAGE_SIZE;
    if (next < 0 || next >= state.total) return;
    state.offset = next;
    loadTable();
  }

  async function loadTable() {
    const params = filterParams(true);
    const csv = new URLSearchParams(params);
    csv.set("format", "csv");
    csv.set("sort", state.sort);
    csv.set("order", state.order);
    document.getElementById("download-csv").setAttribute("href", "/api/events?" + csv);
    params.set("sort", state.sort);
    params.set("order", state.order);
    params.set("limit", String(PAGE_SIZE));
    params.set("offset", String(state.offset));
    try {
      const page = await getJson("/api/events?" + params);
      state.total = page.total;
      renderTable(page.events);
      const last = Math.min(state.offset + PAGE_SIZE, page.total);
      document.getElementById("table-count").textContent =
        page.total ? `Events ${state.offset + 1}–${last} of ${page.total}` : "No events match";
      setStatus("status", "");
    } catch (error) {
      setStatus("status", error.message, true);
    }
  }

  function renderTable(events) {
    for (const th of document.querySelectorAll("#events-table th")) {
      th.classList.toggle("sorted-asc", th.dataset.sort === state.sort && state.order === "asc");
      th.classList.toggle("sorted-desc", th.dataset.sort === state.sort && state.order === "desc");
    }
    const rows = events.map((event) => el("tr", { dataset: { id: event.id }, onclick: () => openEvent(event.id) },
      TABLE_COLUMNS.map(([key]) => el("td", {}, event[key] === null ? "" : event[key]))));
    document.querySelector("#events-table tbody").replaceChildren(...rows);
  }

  // -- article text with spans -----------------------------------------------------------------------

  // Split each known segment at every span boundary; each piece is a text node inside <span>s whose
  // classes say which spans cover it. Offsets are the article's, so stored and live views share this.
  function renderArticle(container, view) {
    container.replaceChildren();
    let previousEnd = 0;
    for (const segment of view.segments) {
      if (segment.start > previousEnd) container.append(el("span", { class: "gap" }, previousEnd === 0 ? "[…] " : " […] "));
      const inside = view.spans.filter((s) => s.end > segment.start && s.start < segment.end);
      const cuts = new Set([segment.start, segment.end]);
      for (const s of inside) { cuts.add(Math.max(s.start, segment.start)); cuts.add(Math.min(s.end, segment.end)); }
      const points = [...cuts].sort((a, b) => a - b);
      for (let i = 0; i + 1 < points.length; i++) {
        const [a, b] = [points[i], points[i + 1]];
        let node = document.createTextNode(segment.text.slice(a - segment.start, b - segment.start));
        for (const s of inside.filter((s) => s.start <= a && s.end >= b)) {
          node = el("span", { class: `span-${s.kind}`, title: s.label, dataset: { ref: s.ref || "", fields: s.label } }, node);
        }
        container.append(node);
      }
      previousEnd = segment.end;
    }
    if (!view.complete) container.append(el("span", { class: "gap" }, " […]"));
  }

  function highlightEvidence(container, eventId, field) {
    for (const node of container.querySelectorAll(".span-evidence")) {
      const fields = node.dataset.fields.split(", ");
      const active = node.dataset.ref === eventId && (!field || fields.includes(field));
      node.classList.toggle("hl-active", active);
    }
    const first = container.querySelector(".hl-active");
    if (first) first.scrollIntoView({ block: "nearest" });
  }

  // -- event panel ---------------------------------------------------------------------------------

  const PANEL_FIELDS = [
    "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "country", "admin1", "admin2",
    "location", "latitude", "longitude", "geo_precision", "fatalities", "source", "notes", "confidence",
  ];

  async function openEvent(id) {
    const panel = document.getElementById("event-panel");
    const body = document.getElementById("event-panel-body");
    if (panel.hidden) { panel.hidden = false; map.invalidateSize(); }
    body.replaceChildren(el("p", { class: "muted" }, "Loading…"));
    try {
      const event = await getJson("/api/events/" + encodeURIComponent(id));
      const article = await getJson("/api/articles/" + encodeURIComponent(event.article_id));
      state.selectedEvent = id;
      renderPanel(body, event, article);
    } catch (error) {
      body.replaceChildren(el("p", { class: "warning" }, error.message));
    }
  }

  function renderPanel(body, event, article) {
    const text = el("div", { class: "article-text", id: "panel-article" });
    renderArticle(text, article);
    const rows = PANEL_FIELDS.map((field) => {
      const evidence = event.evidence[field];
      const row = el("tr", { class: evidence ? "has-evidence" : null, dataset: { field: field } },
        el("th", {}, field), el("td", {}, event[field] === null ? "" : event[field]));
      if (evidence) row.addEventListener("click", () => {
        body.querySelectorAll(".fields tr.selected").forEach((r) => r.classList.remove("selected"));
        row.classList.add("selected");
        highlightEvidence(text, event.id, field);
      });
      return row;
    });
    const meta = event.article || {};
    body.replaceChildren(
      el("h2", {}, `${event.event_type || "Event"} · ${event.location || ""} · ${event.event_date || ""}`),
      el("table", { class: "fields" }, el("tbody", {}, rows)),
      el("h3", {}, "Article"),
      el("p", {}, link(meta.url, meta.title || "(untitled)"), " — ", meta.source || "", " ", meta.published || ""),
      text,
      el("h3", {}, "Quotes"),
      list(event.quotes, (q) => [el("q", {}, q.text.replace(/^"|"$/g, "")), " — ", q.speaker || q.attribution]),
      el("h3", {}, "Sources (this article and its copies)"),
      list(event.sources, (s) => [link(s.url, s.title || s.item_key), ` (${s.source || "?"}, ${s.match})`]),
      el("h3", {}, "Other articles reporting this event"),
      list(event.related, (r) => [el("a", { href: "#", onclick: (e) => { e.preventDefault(); openEvent(r.id); } },
        r.title || r.article_id), ` (${r.source || "?"}, ${r.fatalities} fatalities)`]),
      el("h3", {}, "Warnings"),
      list(meta.warnings || [], (w) => el("span", { class: "warning" }, w)),
    );
    highlightEvidence(text, event.id, null);
  }

  function list(items, render) {
    if (!items || !items.length) return el("p", { class: "muted" }, "none");
    return el("ul", { class: "plain" }, items.map((item) => el("li", {}, render(item))));
  }

  // -- paste an article ----------------------------------------------------------------------------

  async function codeArticle(event) {
    event.preventDefault();
    const text = document.getElementById("extract-text").value;
    const published = document.getElementById("extract-published").value || null;
    setStatus("extract-status", "Coding…");
    document.getElementById("extract-submit").disabled = true;
    try {
      const started = performance.now();
      const result = await getJson("/api/extract", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: text, published: published }),
      });
      renderExtract(result);
      setStatus("extract-status", `${result.events.length} event(s) in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      setStatus("extract-status", error.message, true);
    } finally {
      document.getElementById("extract-submit").disabled = false;
    }
  }

  function renderExtract(result) {
    const text = document.getElementById("extract-article");
    renderArticle(text, result);
    const cards = result.events.map((event, index) => {
      const id = `new-${index}`;
      const card = el("div", { class: "extract-event", dataset: { id: id } },
        el("strong", {}, `${event.event_type} / ${event.sub_event_type}`),
        el("div", {}, `${event.event_date || "?"} · ${event.location || "?"}, ${event.country || "?"} · ${event.fatalities} fatalities`),
        el("div", {}, `${event.actor1 || "?"}${event.actor2 ? " vs " + event.actor2 : ""}`));
      card.addEventListener("click", () => {
        document.querySelectorAll(".extract-event").forEach((c) => c.classList.remove("selected"));
        card.classList.add("selected");
        highlightEvidence(text, id, null);
      });
      return card;
    });
    const warnings = result.warnings.map((w) => el("div", { class: "warning" }, w));
    document.getElementById("extract-events").replaceChildren(
      ...(cards.length ? cards : [el("p", { class: "muted" }, "No events found.")]), ...warnings);
  }

  // -- wiring --------------------------------------------------------------------------------------

  function showView(id) {
    for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== id;
    for (const tab of document.querySelectorAll(".tab")) tab.classList.toggle("active", tab.dataset.view === id);
    if (id === "explore-view" && map) map.invalidateSize();
  }

  function refreshAll() {
    state.offset = 0;
    loadMap();
    loadTimeline();
    loadTable();
  }

  document.addEventListener("DOMContentLoaded", async () => {
    for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", () => showView(tab.dataset.view));
    document.getElementById("filters").addEventListener("submit", (event) => { event.preventDefault(); refreshAll(); });
    document.getElementById("reset-filters").addEventListener("click", () => {
      document.getElementById("filters").reset();
      state.brush = null;
      document.getElementById("brush-label").textContent = "";
      refreshAll();
    });
    document.getElementById("close-panel").addEventListener("click", () => {
      document.getElementById("event-panel").hidden = true;
      map.invalidateSize();
    });
    document.getElementById("extract-form").addEventListener("submit", codeArticle);
    initMap();
    initTable();
    initBrush();
    try { await loadFacets(); } catch (error) { setStatus("status", error.message, true); }
    refreshAll();
  });
})();
