// newsevents explorer: filters in the URL, a map, a timeline, an actor network, the event list
// and an event page with its evidence. Plain JavaScript, no build step.
//
// Security rule for this file: every string that comes from the API (article text, titles,
// names, labels, URLs) reaches the page only as text (textContent, createTextNode, setAttribute
// of plain attributes) and never through innerHTML; the page's Content-Security-Policy forbids
// inline script besides.

const L = window.L;
const topojson = window.topojson;

const FILTERS = ["type", "actor", "country", "since", "until", "text"];
const BUCKETS = ["day", "week", "month"];
const MAX_MAP_EVENTS = 5000;
const LIST_PAGE = 50;

const TYPE_COLOURS = {
  ASSAULT: "#d7301f",
  COERCE: "#7a0177",
  THREATEN: "#ec7014",
  PROTEST: "#2171b5",
  MOBILIZE: "#41ab5d",
  SANCTION: "#8c6bb1",
  ACCUSE: "#b8860b",
  REJECT: "#a65628",
  REQUEST: "#4eb3d3",
  RETREAT: "#66c2a4",
  AID: "#1b9e77",
  COOPERATE: "#5aae61",
  CONCEDE: "#9ebcda",
  SUPPORT: "#74add1",
  CONSULT: "#969696",
  AGREE: "#4d9221",
};
const PLOVER_TYPES = Object.keys(TYPE_COLOURS).sort();

const KIND_COLOURS = {
  state: "#525252",
  military: "#386641",
  police: "#1d4e89",
  government: "#6a51a3",
  armed_group: "#c0392b",
  party: "#b15928",
  media: "#e6ab02",
  igo: "#1f78b4",
  ngo: "#33a02c",
  civilians: "#7f7f7f",
  religious: "#8e6c8a",
  person: "#e7298a",
  unknown: "#a6a6a6",
};

// Evidence fields, in the order of the legend; the colours are also in app.css (.f-NAME).
const FIELD_LABELS = {
  triggers: "event words",
  roles: "participants",
  places: "places",
  time: "time",
  killed: "killed",
  injured: "injured",
  arrested: "arrested",
  kidnapped: "kidnapped",
  instruments: "weapons",
  modality_cues: "modality",
  attribution: "attribution",
  claims: "claims",
  sentences: "sentences",
};

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Create an element; string and number children become text nodes, never markup. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

/** An http(s) link to an article, or plain text when the URL has another scheme. */
function safeLink(url, text) {
  try {
    const parsed = new URL(url, window.location.href);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") {
      return el("a", { href: parsed.href, target: "_blank", rel: "noopener noreferrer" }, text);
    }
  } catch {
    // not a URL: fall through
  }
  return el("span", {}, text);
}

function typeColour(type) {
  if (TYPE_COLOURS[type]) return TYPE_COLOURS[type];
  let hash = 0;
  for (const ch of String(type)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return `hsl(${hash % 360} 55% 45%)`;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function setState(node, state) {
  node.dataset.state = state;
}

function showStatus(message, isError = false) {
  const status = document.getElementById("status");
  status.textContent = message || "";
  status.classList.toggle("error", Boolean(isError && message));
}

class ApiError extends Error {}

/** GET an API path; resolve to the parsed JSON body, or throw ApiError with its message. */
async function api(path, params = {}, signal = undefined) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, value);
  }
  const url = `api/${path}${query.toString() ? `?${query}` : ""}`;
  let response;
  try {
    response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(`cannot reach the server (${error.message})`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok || !body || body.ok === false) {
    const message = body && body.error ? body.error : `HTTP ${response.status}`;
    throw new ApiError(message);
  }
  return body;
}

// ---------------------------------------------------------------------------------------------
// Dates (UTC days as YYYY-MM-DD strings)

const DAY_MS = 86400000;
function dayNumber(iso) {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}
function isoDay(dayNum) {
  return new Date(Math.round(dayNum) * DAY_MS).toISOString().slice(0, 10);
}
function isIsoDay(value) {
  return /^\d{4}-\d{2}-\d{2}$/.test(value || "");
}
/** The last day of the bucket that starts on `period`. */
function periodEnd(period, bucket) {
  const start = dayNumber(period);
  if (bucket === "day") return start;
  if (bucket === "week") return start + 6;
  const date = new Date(start * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY_MS - 1;
}

// ---------------------------------------------------------------------------------------------
// State in the URL: ?type=&actor=&country=&since=&until=&text=&bucket=&event=

function readState() {
  const params = new URLSearchParams(window.location.search);
  const state = { filters: {}, bucket: "week", event: null };
  for (const key of FILTERS) {
    const value = (params.get(key) || "").trim();
    if (value) state.filters[key] = value;
  }
  if (BUCKETS.includes(params.get("bucket"))) state.bucket = params.get("bucket");
  state.event = params.get("event") || null;
  return state;
}

function stateQuery(state) {
  const params = new URLSearchParams();
  for (const key of FILTERS) if (state.filters[key]) params.set(key, state.filters[key]);
  if (state.bucket !== "week") params.set("bucket", state.bucket);
  if (state.event) params.set("event", state.event);
  const query = params.toString();
  return query ? `?${query}` : window.location.pathname;
}

let current = readState();

/** Change the view: push a history entry (shareable URL) and redraw what changed. */
function navigate(change) {
  const next = {
    filters: { ...current.filters, ...(change.filters || {}) },
    bucket: change.bucket || current.bucket,
    event: "event" in change ? change.event : current.event,
  };
  if (change.replaceFilters) next.filters = { ...change.replaceFilters };
  for (const key of Object.keys(next.filters)) if (!next.filters[key]) delete next.filters[key];
  history.pushState(null, "", stateQuery(next));
  apply(next);
}

window.addEventListener("popstate", () => apply(readState()));

function sameFilters(a, b) {
  return FILTERS.every((key) => (a[key] || "") === (b[key] || ""));
}

let firstRender = true;
function apply(next) {
  const previous = current;
  current = next;
  writeForm(next);
  const filtersChanged = firstRender || !sameFilters(previous.filters, next.filters);
  const undated = { ...next.filters };
  delete undated.since;
  delete undated.until;
  const undatedPrevious = { ...previous.filters };
  delete undatedPrevious.since;
  delete undatedPrevious.until;
  if (filtersChanged) {
    showStatus("");
    loadMap(next.filters);
    loadList(next.filters);
    loadNetwork(next.filters);
  }
  if (firstRender || previous.bucket !== next.bucket || !sameFilters(undatedPrevious, undated)) {
    loadTimeline(undated, next.bucket);
  } else if (filtersChanged) {
    drawBrushSelection();
  }
  if (firstRender || previous.event !== next.event) showEvent(next.event);
  firstRender = false;
}

// ---------------------------------------------------------------------------------------------
// Filter bar

const form = document.getElementById("filters");

function writeForm(state) {
  for (const key of FILTERS) {
    const input = form.elements.namedItem(key);
    const value = state.filters[key] || "";
    if (input.tagName === "SELECT" && value && ![...input.options].some((o) => o.value === value)) {
      input.append(el("option", { value }, value));
    }
    input.value = value;
  }
  document.getElementById("f-bucket").value = state.bucket;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const filters = {};
  for (const key of FILTERS) filters[key] = form.elements.namedItem(key).value.trim();
  navigate({ replaceFilters: filters, event: current.event });
});
// Selects and dates apply at once; text boxes on Enter (submit) or when left.
for (const key of ["type", "since", "until", "actor", "country", "text"]) {
  form.elements.namedItem(key).addEventListener("change", () => form.requestSubmit());
}
document.getElementById("f-clear").addEventListener("click", () => {
  navigate({ replaceFilters: {}, event: null });
});
document.getElementById("f-bucket").addEventListener("change", (event) => {
  navigate({ bucket: event.target.value });
});
document.getElementById("clear-dates").addEventListener("click", () => {
  navigate({ filters: { since: "", until: "" } });
});

async function fillFilterOptions() {
  const typeSelect = document.getElementById("f-type");
  let byType = {};
  let byCountry = {};
  try {
    const stats = await api("stats", { bucket: "month" });
    byType = stats.by_type || {};
    byCountry = stats.by_country || {};
  } catch {
    // the options stay the plain PLOVER list
  }
  const types = [...new Set([...Object.keys(byType), ...PLOVER_TYPES])].sort();
  const chosen = typeSelect.value;
  typeSelect.replaceChildren(el("option", { value: "" }, "any"));
  for (const type of types) {
    const n = byType[type];
    typeSelect.append(el("option", { value: type }, n ? `${type} (${n})` : type));
  }
  typeSelect.value = chosen;
  const countries = document.getElementById("country-options");
  countries.replaceChildren(
    ...Object.keys(byCountry)
      .sort()
      .map((iso) => el("option", { value: iso }, `${iso} (${byCountry[iso]})`)),
  );
  drawLegend(Object.keys(byType));
}

let actorLookup = null;
document.getElementById("f-actor").addEventListener("input", (event) => {
  const q = event.target.value.trim();
  clearTimeout(actorLookup);
  if (q.length < 2) return;
  actorLookup = setTimeout(async () => {
    try {
      const body = await api("actors", { q, limit: 20 });
      document
        .getElementById("actor-options")
        .replaceChildren(...(body.actors || []).map((a) => el("option", { value: a.name }, `${a.name} (${a.n_events ?? 0})`)));
    } catch {
      // suggestions are optional
    }
  }, 250);
});

// One request generation per panel: a newer view cancels the older request.
const inflight = {};
function fresh(panel) {
  if (inflight[panel]) inflight[panel].abort();
  inflight[panel] = new AbortController();
  return inflight[panel].signal;
}

function panelError(panel, node, error) {
  if (error.name === "AbortError") return;
  setState(node, "error");
  showStatus(`${panel}: ${error.message}`, true);
}

// ---------------------------------------------------------------------------------------------
// Map: country outlines from world-atlas (no tiles), clustered markers coloured by type

const mapNode = document.getElementById("map");
const map = L.map(mapNode, {
  worldCopyJump: true,
  minZoom: 1,
  maxZoom: 12,
  zoomSnap: 0.5,
  attributionControl: true,
}).setView([15, 20], 2);
map.attributionControl.setPrefix(false);
map.attributionControl.addAttribution("Natural Earth via world-atlas");

fetch("static/vendor/world-atlas/countries-110m.json")
  .then((response) => response.json())
  .then((topology) => {
    const countries = topojson.feature(topology, topology.objects.countries);
    L.geoJSON(countries, {
      interactive: false,
      style: { color: "#8a8f94", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 },
    }).addTo(map);
    mapNode.dataset.countries = String(countries.features.length);
  })
  .catch((error) => showStatus(`map outlines: ${error.message}`, true));

function clusterIcon(cluster) {
  const counts = {};
  for (const marker of cluster.getAllChildMarkers()) {
    counts[marker.options.eventType] = (counts[marker.options.eventType] || 0) + 1;
  }
  const total = cluster.getChildCount();
  // A pie of the types in the cluster, as a conic gradient.
  let angle = 0;
  const stops = [];
  for (const [type, n] of Object.entries(counts).sort((a, b) => b[1] - a[1])) {
    const next = angle + (n / total) * 360;
    stops.push(`${typeColour(type)} ${angle}deg ${next}deg`);
    angle = next;
  }
  const size = total < 10 ? 30 : total < 100 ? 36 : 44;
  const disc = el("div", { class: "cluster-disc" }, el("span", {}, String(total)));
  disc.style.background = `conic-gradient(${stops.join(", ")})`;
  return L.divIcon({ html: disc, className: "cluster", iconSize: [size, size] });
}

const clusters = L.markerClusterGroup({
  iconCreateFunction: clusterIcon,
  showCoverageOnHover: false,
  maxClusterRadius: 40,
  spiderfyOnMaxZoom: true,
});
map.addLayer(clusters);

function eventMarker(ev) {
  const dot = el("div", { class: "dot" });
  dot.style.background = typeColour(ev.event_type);
  const marker = L.marker([ev.latitude, ev.longitude], {
    icon: L.divIcon({ html: dot, className: "event-marker", iconSize: [14, 14] }),
    eventType: ev.event_type,
    keyboard: true,
  });
  marker.bindTooltip(summaryLine(ev), { direction: "top", offset: [0, -6] });
  marker.on("click", () => navigate({ event: ev.id }));
  return marker;
}

/** One line for a tooltip: an element, so Leaflet does not parse it as HTML. */
function summaryLine(ev) {
  const where = ev.location || ev.country_iso3 || "";
  return el(
    "div",
    { class: "tip" },
    el("strong", {}, ev.event_type + (ev.mode ? `/${ev.mode}` : "")),
    ` ${ev.event_date || "undated"} ${where}`,
    el("br"),
    ev.title || "",
  );
}

async function loadMap(filters) {
  const signal = fresh("map");
  setState(mapNode, "loading");
  try {
    const events = [];
    let next = null;
    do {
      const body = await api("events", { ...filters, limit: 1000, next }, signal);
      events.push(...body.events);
      next = body.next;
    } while (next && events.length < MAX_MAP_EVENTS);
    const placed = events.filter((ev) => typeof ev.latitude === "number" && typeof ev.longitude === "number");
    clusters.clearLayers();
    clusters.addLayers(placed.map(eventMarker));
    if (placed.length) {
      const bounds = L.latLngBounds(placed.map((ev) => [ev.latitude, ev.longitude]));
      map.fitBounds(bounds.pad(0.3), { maxZoom: 4 });
    }
    const unplaced = events.length - placed.length;
    const note = document.getElementById("map-note");
    note.textContent =
      `${plural(placed.length, "event")} on the map` +
      (unplaced ? `, ${unplaced} without coordinates` : "") +
      (next ? ` (first ${events.length} only)` : "");
    mapNode.dataset.markers = String(placed.length);
    setState(mapNode, "ready");
  } catch (error) {
    panelError("map", mapNode, error);
  }
}

// The open event's place, ringed on the map (and brought into view).
let selectedRing = null;
function ringOnMap(lat, lon) {
  if (selectedRing) map.removeLayer(selectedRing);
  selectedRing = null;
  if (typeof lat !== "number" || typeof lon !== "number") return;
  selectedRing = L.circleMarker([lat, lon], {
    radius: 15,
    color: "#111",
    weight: 2.5,
    fill: false,
    interactive: false,
    className: "selected-event",
  }).addTo(map);
  if (!map.getBounds().contains([lat, lon])) map.panTo([lat, lon]);
}

function drawLegend(types) {
  const legend = document.getElementById("legend");
  const shown = [...new Set(types)].sort();
  legend.replaceChildren(
    ...shown.map((type) => {
      const swatch = el("span", { class: "swatch" });
      swatch.style.background = typeColour(type);
      return el(
        "button",
        { type: "button", class: "legend-item", title: `show only ${type}`, onclick: () => navigate({ filters: { type } }) },
        swatch,
        type,
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Timeline: counts per bucket from /api/stats, SVG bars, drag to select since/until

const timelineNode = document.getElementById("timeline");
let timeline = null; // {bars, bucket, x(day), day(x), first, last, width, height, svg}

async function loadTimeline(filters, bucket) {
  const signal = fresh("timeline");
  setState(timelineNode, "loading");
  try {
    const body = await api("stats", { ...filters, bucket }, signal);
    drawTimeline(body.timeline || [], bucket);
    setState(timelineNode, "ready");
  } catch (error) {
    panelError("timeline", timelineNode, error);
  }
}

function drawTimeline(periods, bucket) {
  const width = timelineNode.clientWidth || 400;
  const height = timelineNode.clientHeight || 120;
  const margin = { left: 30, right: 10, top: 8, bottom: 20 };
  const root = svg("svg", { width, height, class: "timeline-svg", role: "img", "aria-label": "events per period" });
  if (!periods.length) {
    root.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, "no dated events"));
    timelineNode.replaceChildren(root);
    timeline = null;
    return;
  }
  const first = dayNumber(periods[0].period);
  const last = Math.max(...periods.map((p) => periodEnd(p.period, bucket))) + 1;
  const span = Math.max(last - first, 1);
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const x = (day) => margin.left + ((day - first) / span) * plotW;
  const dayAt = (px) => first + ((px - margin.left) / plotW) * span;
  const maxCount = Math.max(...periods.map((p) => p.count), 1);
  const y = (n) => margin.top + plotH - (n / maxCount) * plotH;

  root.append(
    svg("line", { x1: margin.left, x2: width - margin.right, y1: y(0), y2: y(0), class: "axis" }),
    svg("text", { x: margin.left - 4, y: y(maxCount) + 4, "text-anchor": "end", class: "tick" }, String(maxCount)),
    svg("text", { x: margin.left - 4, y: y(0), "text-anchor": "end", class: "tick" }, "0"),
  );
  // Date ticks at bucket starts, at least 70 pixels apart.
  let lastTick = -Infinity;
  for (const p of periods) {
    const at = x(dayNumber(p.period));
    if (at - lastTick < 70) continue;
    const anchor = at + 62 > width ? "end" : "start";
    root.append(svg("text", { x: anchor === "end" ? width - 2 : at, y: height - 5, class: "tick", "text-anchor": anchor }, p.period));
    lastTick = at;
  }
  const bars = svg("g", { class: "bars" });
  for (const p of periods) {
    const start = dayNumber(p.period);
    const end = periodEnd(p.period, bucket) + 1;
    const barX = x(start) + 0.5;
    const barW = Math.max(x(end) - x(start) - 1, 1);
    bars.append(
      svg(
        "rect",
        { x: barX, y: y(p.count), width: barW, height: y(0) - y(p.count), class: "bar", "data-period": p.period },
        svg("title", {}, `${p.period}: ${plural(p.count, "event")}`),
      ),
    );
  }
  root.append(bars);
  const selection = svg("rect", { class: "brush", x: 0, y: margin.top, width: 0, height: plotH, visibility: "hidden" });
  root.append(selection);
  timelineNode.replaceChildren(root);
  timeline = { bucket, x, dayAt, first, last, margin, width, selection, root };
  drawBrushSelection();
  attachBrush(root);
}

function drawBrushSelection() {
  if (!timeline) return;
  const { since, until } = current.filters;
  const from = isIsoDay(since) ? Math.max(dayNumber(since), timeline.first) : timeline.first;
  const to = isIsoDay(until) ? Math.min(dayNumber(until) + 1, timeline.last) : timeline.last;
  // Bars wholly outside the selected dates are dimmed.
  for (const bar of timeline.root.querySelectorAll("rect.bar")) {
    const start = dayNumber(bar.dataset.period);
    const end = periodEnd(bar.dataset.period, timeline.bucket) + 1;
    bar.classList.toggle("out", end <= from || start >= to);
  }
  if (!isIsoDay(since) && !isIsoDay(until)) {
    timeline.selection.setAttribute("visibility", "hidden");
    return;
  }
  const x0 = timeline.x(from);
  const x1 = timeline.x(Math.max(to, from));
  timeline.selection.setAttribute("x", x0);
  timeline.selection.setAttribute("width", Math.max(x1 - x0, 1));
  timeline.selection.setAttribute("visibility", "visible");
}

function attachBrush(root) {
  let startX = null;
  const localX = (event) => {
    const box = root.getBoundingClientRect();
    const left = timeline.margin.left;
    const right = timeline.width - timeline.margin.right;
    return Math.min(Math.max(event.clientX - box.left, left), right);
  };
  root.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    startX = localX(event);
    root.setPointerCapture(event.pointerId);
    timeline.selection.setAttribute("x", startX);
    timeline.selection.setAttribute("width", 0);
    timeline.selection.setAttribute("visibility", "visible");
  });
  root.addEventListener("pointermove", (event) => {
    if (startX === null) return;
    const now = localX(event);
    timeline.selection.setAttribute("x", Math.min(startX, now));
    timeline.selection.setAttribute("width", Math.abs(now - startX));
  });
  const finish = (event) => {
    if (startX === null) return;
    const endX = localX(event);
    const x0 = Math.min(startX, endX);
    const x1 = Math.max(startX, endX);
    startX = null;
    let since;
    let until;
    if (x1 - x0 < 3) {
      // A click: select the bar under the pointer.
      const bar = document.elementFromPoint(event.clientX, event.clientY);
      const period = bar && bar.matches("rect.bar") ? bar.dataset.period : null;
      if (!period) {
        drawBrushSelection();
        return;
      }
      since = period;
      until = isoDay(periodEnd(period, timeline.bucket));
    } else {
      since = isoDay(Math.floor(timeline.dayAt(x0)));
      until = isoDay(Math.max(Math.ceil(timeline.dayAt(x1)) - 1, Math.floor(timeline.dayAt(x0))));
    }
    navigate({ filters: { since, until } });
  };
  root.addEventListener("pointerup", finish);
  root.addEventListener("pointercancel", () => {
    startX = null;
    drawBrushSelection();
  });
}

let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    const undated = { ...current.filters };
    delete undated.since;
    delete undated.until;
    loadTimeline(undated, current.bucket);
    loadNetwork(current.filters);
  }, 200);
});

// ---------------------------------------------------------------------------------------------
// Actor network: a small force layout of our own, drawn as SVG

const networkNode = document.getElementById("network");

async function loadNetwork(filters) {
  const signal = fresh("network");
  setState(networkNode, "loading");
  try {
    const body = await api("network", { ...filters, limit: 80 }, signal);
    drawNetwork(body.nodes || [], body.edges || []);
    setState(networkNode, "ready");
  } catch (error) {
    panelError("network", networkNode, error);
  }
}

/**
 * Lay out nodes with a force simulation: all pairs repel (Coulomb), edges pull like springs
 * (Hooke), everything drifts to the centre; the step shrinks as the layout cools. Runs a fixed
 * number of iterations from deterministic starting points, so one data set always gives one
 * picture.
 */
function forceLayout(nodes, links, width, height, iterations = 300) {
  const n = nodes.length;
  const area = width * height;
  const k = Math.sqrt(area / Math.max(n, 1)) * 0.75; // ideal edge length
  const cx = width / 2;
  const cy = height / 2;
  nodes.forEach((node, i) => {
    // Golden-angle spiral: spread, deterministic, no two nodes on one point.
    const radius = (Math.sqrt(i + 0.5) / Math.sqrt(n)) * Math.min(width, height) * 0.45;
    const angle = i * 2.399963;
    node.x = cx + radius * Math.cos(angle);
    node.y = cy + radius * Math.sin(angle);
  });
  // Gravity to the centre, stronger across the short side so the picture fills a wide box.
  // Repulsion stops at a few edge lengths, so that gravity keeps unconnected groups together.
  const gravity = 0.03;
  const reach2 = 9 * k * k;
  const gx = gravity * Math.min(height / width, 1);
  const gy = gravity * Math.min(width / height, 1);
  let temperature = Math.min(width, height) / 8;
  const cooling = temperature / (iterations + 1);
  for (let step = 0; step < iterations; step += 1) {
    for (const node of nodes) {
      node.dx = 0;
      node.dy = 0;
    }
    for (let i = 0; i < n; i += 1) {
      const a = nodes[i];
      for (let j = i + 1; j < n; j += 1) {
        const b = nodes[j];
        let dx = a.x - b.x;
        let dy = a.y - b.y;
        let dist2 = dx * dx + dy * dy;
        if (dist2 > reach2) continue;
        if (dist2 < 0.01) {
          dx = 0.1 * ((i % 3) - 1) + 0.05;
          dy = 0.1 * ((j % 3) - 1) + 0.05;
          dist2 = dx * dx + dy * dy;
        }
        const force = (k * k) / dist2; // repulsion / distance, applied to the unit vector
        a.dx += dx * force;
        a.dy += dy * force;
        b.dx -= dx * force;
        b.dy -= dy * force;
      }
    }
    for (const link of links) {
      const { source: a, target: b } = link;
      const dx = a.x - b.x;
      const dy = a.y - b.y;
      const dist = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const strength = link.kind === "parent" ? 1.5 : 1;
      const force = (dist / k) * strength;
      a.dx -= dx * force;
      a.dy -= dy * force;
      b.dx += dx * force;
      b.dy += dy * force;
    }
    for (const node of nodes) {
      node.dx += (cx - node.x) * gx * k;
      node.dy += (cy - node.y) * gy * k;
      const length = Math.sqrt(node.dx * node.dx + node.dy * node.dy) || 1;
      const move = Math.min(length, temperature);
      node.x += (node.dx / length) * move;
      node.y += (node.dy / length) * move;
    }
    temperature -= cooling;
  }
  // Fit into the box.
  const pad = 40;
  const xs = nodes.map((node) => node.x);
  const ys = nodes.map((node) => node.y);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  // Stretch each axis on its own (up to 3 times) so the picture fills the box; leave room on
  // the right for labels.
  const scaleX = Math.min((width - 2 * pad - 60) / Math.max(maxX - minX, 1), 3);
  const scaleY = Math.min((height - 2 * pad) / Math.max(maxY - minY, 1), 3);
  for (const node of nodes) {
    node.x = width / 2 - 30 + (node.x - (minX + maxX) / 2) * scaleX;
    node.y = height / 2 + (node.y - (minY + maxY) / 2) * scaleY;
  }
}

function drawNetwork(nodeData, edgeData) {
  const width = networkNode.clientWidth || 400;
  const height = networkNode.clientHeight || 200;
  const root = svg("svg", { width, height, class: "network-svg", role: "img", "aria-label": "actor network" });
  if (!nodeData.length) {
    root.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, "no actors"));
    networkNode.replaceChildren(root);
    return;
  }
  const nodes = nodeData.map((node) => ({ ...node }));
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const links = edgeData
    .filter((edge) => byId.has(edge.source) && byId.has(edge.target) && edge.source !== edge.target)
    .map((edge) => ({ ...edge, source: byId.get(edge.source), target: byId.get(edge.target) }));
  forceLayout(nodes, links, width, height);

  const defs = svg(
    "defs",
    {},
    svg(
      "marker",
      { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" },
      svg("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrowhead" }),
    ),
  );
  root.append(defs);
  const radius = (node) => 5 + Math.sqrt(node.n_events || 0) * 3;
  const edgeLayer = svg("g", { class: "edges" });
  for (const link of links) {
    const { source: a, target: b } = link;
    // Stop the line at the target's rim so the arrowhead shows.
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const dist = Math.sqrt(dx * dx + dy * dy) || 1;
    const rim = radius(b) + 2;
    edgeLayer.append(
      svg(
        "line",
        {
          x1: a.x,
          y1: a.y,
          x2: b.x - (dx / dist) * rim,
          y2: b.y - (dy / dist) * rim,
          class: `edge ${link.kind === "parent" ? "parent" : "event"}`,
          "stroke-width": link.kind === "parent" ? 1.2 : Math.min(1 + Math.log2(link.events || 1), 6),
          "marker-end": link.kind === "parent" ? null : "url(#arrow)",
        },
        svg(
          "title",
          {},
          link.kind === "parent"
            ? `${a.name} is part of ${b.name}`
            : `${a.name} → ${b.name}: ${plural(link.events || 1, "event")}`,
        ),
      ),
    );
  }
  root.append(edgeLayer);
  const selected = (current.filters.actor || "").toLowerCase();
  // Name only the busiest actors; every node names itself on hover.
  const labelled = new Set(
    [...nodes].sort((a, b) => (b.n_events || 0) - (a.n_events || 0)).slice(0, 25).map((node) => node.id),
  );
  const nodeLayer = svg("g", { class: "nodes" });
  for (const node of nodes) {
    const isSelected = selected && node.name.toLowerCase() === selected;
    const group = svg(
      "g",
      {
        class: `node${isSelected ? " selected" : ""}`,
        transform: `translate(${node.x.toFixed(1)},${node.y.toFixed(1)})`,
        tabindex: 0,
        role: "button",
        "data-id": node.id,
        "aria-label": `filter by ${node.name}`,
        onclick: () => navigate({ filters: { actor: node.name }, event: null }),
        onkeydown: (event) => {
          if (event.key === "Enter" || event.key === " ") navigate({ filters: { actor: node.name }, event: null });
        },
      },
      svg(
        "circle",
        { r: radius(node), fill: KIND_COLOURS[node.kind] || KIND_COLOURS.unknown },
        svg("title", {}, `${node.name} (${node.kind || "unknown"}): ${plural(node.n_events || 0, "event")}`),
      ),
      labelled.has(node.id) || isSelected ? svg("text", { x: radius(node) + 3, y: 4, class: "label" }, node.name) : null,
    );
    nodeLayer.append(group);
  }
  root.append(nodeLayer);
  networkNode.replaceChildren(root);
}

// ---------------------------------------------------------------------------------------------
// Event list with "more"

const listNode = document.getElementById("events");
const moreButton = document.getElementById("more");
let listNext = null;

async function loadList(filters, next = null) {
  const signal = fresh("list");
  setState(listNode, "loading");
  moreButton.disabled = true;
  try {
    const body = await api("events", { ...filters, limit: LIST_PAGE, next }, signal);
    if (!next) listNode.replaceChildren();
    for (const ev of body.events) listNode.append(eventItem(ev));
    if (!next) {
      document.getElementById("events-total").textContent =
        body.total === null || body.total === undefined ? "" : plural(body.total, "event");
      if (!body.events.length) listNode.append(el("li", { class: "empty" }, "No event matches these filters."));
    }
    listNext = body.next;
    moreButton.hidden = !listNext;
    moreButton.disabled = false;
    setState(listNode, "ready");
  } catch (error) {
    panelError("events", listNode, error);
  }
}
moreButton.addEventListener("click", () => {
  if (listNext) loadList(current.filters, listNext);
});

function eventItem(ev) {
  const badge = el("span", { class: "badge" }, ev.event_type + (ev.mode ? `/${ev.mode}` : ""));
  badge.style.background = typeColour(ev.event_type);
  const who = (ev.perpetrators || []).map((p) => p.name).join(", ");
  const whom = (ev.targets || []).map((t) => t.name).join(", ");
  const item = el(
    "li",
    { class: "event-item", "data-id": ev.id },
    el(
      "button",
      { type: "button", class: "event-open", onclick: () => navigate({ event: ev.id }) },
      el(
        "div",
        { class: "meta" },
        badge,
        el("span", { class: "date" }, ev.event_date || "undated"),
        ev.modality && ev.modality !== "asserted" ? el("span", { class: "modality" }, ev.modality) : null,
        el("span", { class: "where" }, [ev.location, ev.country_iso3].filter(Boolean).join(", ")),
        ev.fatalities != null ? el("span", { class: "dead" }, `${ev.fatalities} killed`) : null,
      ),
      el("div", { class: "title" }, ev.title || "(untitled)"),
      who || whom ? el("div", { class: "who" }, `${who || "?"} → ${whom || "?"}`) : null,
      el("div", { class: "outlet" }, ev.outlet || ""),
    ),
  );
  return item;
}

// ---------------------------------------------------------------------------------------------
// Event page: article text with evidence highlighted, attribution, claims, modality, incident

const detailNode = document.getElementById("detail");
const listView = document.getElementById("list-view");

async function showEvent(id) {
  if (!id) {
    detailNode.hidden = true;
    listView.hidden = false;
    detailNode.replaceChildren();
    setState(detailNode, "empty");
    ringOnMap(null, null);
    return;
  }
  const signal = fresh("detail");
  listView.hidden = true;
  detailNode.hidden = false;
  setState(detailNode, "loading");
  detailNode.replaceChildren(backButton(), el("p", { class: "hint" }, "loading…"));
  try {
    const body = await api(`events/${encodeURIComponent(id)}`, {}, signal);
    renderEvent(body);
    setState(detailNode, "ready");
    detailNode.scrollTop = 0;
  } catch (error) {
    if (error.name === "AbortError") return;
    detailNode.replaceChildren(backButton(), el("p", { class: "error" }, error.message));
    setState(detailNode, "error");
  }
}

function backButton() {
  return el("button", { type: "button", class: "back", onclick: () => navigate({ event: null }) }, "← all events");
}

/** Map each code-point offset (Python str index) of `text` to its UTF-16 offset (JS index). */
function codePointOffsets(text) {
  const offsets = new Uint32Array(text.length + 1);
  let cp = 0;
  let u16 = 0;
  for (const ch of text) {
    offsets[cp] = u16;
    cp += 1;
    u16 += ch.length;
  }
  offsets[cp] = u16;
  return { offsets: offsets.subarray(0, cp + 1), length: cp };
}

/**
 * The article text as nodes: plain text nodes between evidence spans, <mark> elements over
 * them. Overlapping spans are cut at every boundary; each piece shows the most specific
 * (shortest) span's field colour and lists every label covering it on hover.
 */
function highlightedText(text, evidence) {
  const { offsets, length } = codePointOffsets(text);
  const spans = [];
  for (const ev of evidence) {
    const start = Math.max(0, Math.min(Number(ev.start), length));
    const end = Math.max(0, Math.min(Number(ev.end), length));
    if (!(end > start)) continue;
    spans.push({ ...ev, from: offsets[start], to: offsets[end] });
  }
  const cuts = new Set([0, text.length]);
  for (const span of spans) {
    cuts.add(span.from);
    cuts.add(span.to);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i += 1) {
    const from = points[i];
    const to = points[i + 1];
    const piece = text.slice(from, to);
    const covering = spans.filter((span) => span.from <= from && span.to >= to);
    if (!covering.length) {
      fragment.append(document.createTextNode(piece));
      continue;
    }
    const marked = covering.filter((span) => span.field !== "sentences");
    if (!marked.length) {
      fragment.append(el("span", { class: "in-sentence" }, piece));
      continue;
    }
    marked.sort((a, b) => a.to - a.from - (b.to - b.from));
    const main = marked[0];
    const labels = [...new Set(marked.map((span) => span.label || span.field))];
    fragment.append(
      el(
        "mark",
        {
          class: `ev f-${main.field}`,
          "data-field": main.field,
          "data-fields": [...new Set(marked.map((span) => span.field))].join(" "),
          title: labels.join("\n"),
        },
        piece,
      ),
    );
  }
  return fragment;
}

function fieldLegend(evidence, textNode) {
  const fields = [...new Set(evidence.map((span) => span.field))];
  const known = Object.keys(FIELD_LABELS);
  fields.sort((a, b) => (known.indexOf(a) + 1 || 99) - (known.indexOf(b) + 1 || 99));
  return el(
    "div",
    { class: "field-legend", "aria-label": "evidence fields" },
    ...fields.map((field) =>
      el(
        "span",
        {
          class: `field-key f-${field}`,
          "data-field": field,
          onmouseenter: () => textNode.setAttribute("data-focus", field),
          onmouseleave: () => textNode.removeAttribute("data-focus"),
        },
        FIELD_LABELS[field] || field,
      ),
    ),
  );
}

function dl(pairs) {
  const list = el("dl", { class: "facts" });
  for (const [term, value] of pairs) {
    if (value === null || value === undefined || value === "") continue;
    list.append(el("dt", {}, term), el("dd", {}, value));
  }
  return list;
}

function countText(count) {
  if (!count) return null;
  const range =
    count.low != null && count.high != null && count.low !== count.high
      ? ` (${count.low}–${count.high})`
      : count.low != null && count.best != null && count.best !== count.low
        ? ` (at least ${count.low})`
        : "";
  return `${count.best ?? count.low ?? "?"}${range} — “${count.text}”`;
}

function renderEvent(body) {
  const { event: ev, article, evidence = [], incident } = body;
  const modality = ev.modality || "asserted";
  const badge = el("span", { class: "badge" }, ev.event_type + (ev.mode ? `/${ev.mode}` : ""));
  badge.style.background = typeColour(ev.event_type);
  const place = (ev.places || []).find((p) => p.is_event_location) || (ev.places || [])[0];
  const time = ev.time;
  const located = (ev.places || []).find((p) => p.is_event_location && typeof p.latitude === "number");
  ringOnMap(located?.latitude, located?.longitude);
  const parts = [backButton(), el("h2", {}, badge, " ", article.title || "(untitled)")];

  parts.push(
    dl([
      ["When", time ? `${time.start}${time.end !== time.start ? ` – ${time.end}` : ""} (${time.precision}, from ${time.basis === "expression" ? `“${time.text}”` : "publication date"})` : "undated"],
      ["Where", place ? [place.name || place.text, place.locality, place.admin2, place.admin1, place.country_iso3].filter(Boolean).join(", ") : null],
      ["Modality", el("span", { class: `modality m-${modality}` }, `${modality}${(ev.modality_cues || []).length ? ` — ${ev.modality_cues.map((c) => `“${c.text}”`).join(", ")}` : ""}`)],
      ["Killed", countText(ev.killed)],
      ["Injured", countText(ev.injured)],
      ["Arrested", countText(ev.arrested)],
      ["Kidnapped", countText(ev.kidnapped)],
      ["Weapons", (ev.instruments || []).map((i) => `${i.text} (${i.category})`).join(", ")],
      ["ACLED", [ev.acled_event_type, ev.acled_sub_event_type].filter(Boolean).join(" / ")],
      ["Confidence", typeof ev.confidence === "number" ? ev.confidence.toFixed(2) : null],
    ]),
  );

  const textNode = el("div", { class: "article-text", id: "article-text" });
  textNode.append(highlightedText(article.text || "", evidence));
  parts.push(
    el("h3", {}, "Article"),
    el(
      "p",
      { class: "article-meta" },
      article.outlet || "",
      article.published ? ` · ${article.published}` : "",
      article.url ? " · " : "",
      article.url ? safeLink(article.url, "source") : null,
    ),
    fieldLegend(evidence, textNode),
    textNode,
  );

  const roles = ev.roles || [];
  if (roles.length) {
    parts.push(
      el("h3", {}, "Participants"),
      el(
        "ul",
        { class: "roles" },
        ...roles.map((role) =>
          el(
            "li",
            {},
            el("span", { class: "role" }, role.role),
            " ",
            el(
              "button",
              { type: "button", class: "link", title: "filter by this actor", onclick: () => navigate({ filters: { actor: role.name }, event: null }) },
              role.name,
            ),
            role.kind && role.kind !== "unknown" ? ` (${role.kind.replace("_", " ")})` : "",
            role.affiliation ? `, part of ${role.affiliation}` : "",
            role.according_to ? `, according to ${role.according_to}` : "",
          ),
        ),
      ),
    );
  }

  parts.push(el("h3", {}, "Claim of responsibility"));
  const claims = ev.claims || [];
  parts.push(
    claims.length
      ? el(
          "ul",
          { class: "claims" },
          ...claims.map((claim) =>
            el("li", {}, el("strong", {}, claim.claimant), ` ${claim.stance} — “${claim.cue}”`, ` (confidence ${Number(claim.confidence).toFixed(2)})`),
          ),
        )
      : el("p", { class: "hint" }, "none in this article"),
  );

  const chain = ev.attribution || [];
  parts.push(el("h3", {}, "Attribution"));
  parts.push(
    chain.length
      ? el(
          "ol",
          { class: "attribution" },
          ...chain.map((link) =>
            el(
              "li",
              {},
              el("strong", {}, link.source),
              ` (${link.kind})`,
              link.cue ? ` ${link.cue}` : "",
              link.text && link.text !== link.source ? ` — “${link.text}”` : "",
            ),
          ),
        )
      : el("p", { class: "hint" }, "not attributed"),
  );

  if (incident) {
    const others = (incident.articles || []).filter((a) => a.id !== article.id);
    const counts =
      incident.fatalities_low != null && incident.fatalities_high != null && incident.fatalities_low !== incident.fatalities_high
        ? `${incident.fatalities ?? "?"} killed (${incident.fatalities_low}–${incident.fatalities_high})`
        : incident.fatalities != null
          ? `${incident.fatalities} killed`
          : "";
    parts.push(
      el("h3", {}, "Same incident"),
      el(
        "p",
        { class: "hint" },
        `incident ${incident.id}: ${plural(incident.n_sources ?? 0, "source")}, ${plural(incident.n_events ?? 0, "event")}`,
        incident.event_date ? `, ${incident.event_date}` : "",
        incident.location ? `, ${incident.location}` : "",
        counts ? `, ${counts}` : "",
      ),
      others.length
        ? el(
            "ul",
            { class: "incident-articles" },
            ...others.map((other) =>
              el(
                "li",
                {},
                (other.event_ids || []).length
                  ? el("button", { type: "button", class: "link", onclick: () => navigate({ event: other.event_ids[0] }) }, other.title || other.id)
                  : el("span", {}, other.title || other.id),
                ` — ${[other.outlet, other.published].filter(Boolean).join(", ")} `,
                other.url ? safeLink(other.url, "↗") : null,
              ),
            ),
          )
        : el("p", { class: "hint" }, "no other article reports it"),
    );
  }
  detailNode.replaceChildren(...parts);
}

// ---------------------------------------------------------------------------------------------
// Start

drawLegend(["ASSAULT", "COERCE", "THREATEN", "PROTEST"]);
fillFilterOptions();
history.replaceState(null, "", window.location.pathname + window.location.search);
apply(current);
window.__explorerReady = true;
