// The coverage map page: MapLibre GL JS over an offline basemap, hexes of the
// chosen epoch coloured by coverage score, hotspots by status, an epoch
// timeline, and a hotspot's detail on click. Data shapes: oracle/src/api/map-data.ts.
// @ts-check

import * as maplibregl from "./vendor/maplibre-gl.mjs";

const API = document.querySelector('meta[name="hexpin-api"]')?.getAttribute("content") || "/v1";
/** How often the page asks for new epochs (ms); 0 turns it off. */
const REFRESH_MS = Number(document.querySelector('meta[name="hexpin-refresh"]')?.getAttribute("content") ?? 15000) || 0;

/** Coverage score stops (points per hex) and their colours, light to dark (ColorBrewer YlGnBu). */
/** @type {[number, string][]} */
const SCORE_STOPS = [
  [0, "#edf8b1"],
  [1, "#c7e9b4"],
  [2, "#7fcdbb"],
  [3.5, "#41b6c4"],
  [5, "#1d91c0"],
  [7, "#225ea8"],
  [10, "#0c2c84"],
];
const STATUS = {
  valid: { color: "#16a34a", label: "valid" },
  flagged: { color: "#f59e0b", label: "flagged" },
  rejected: { color: "#dc2626", label: "rejected" },
  inactive: { color: "#8a94a3", label: "inactive" },
};
const LAND = "#eef0f2";
const WATER = "#c4d7e6";

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @type {{ timeline: any, epoch: number | null, hotspots: any, coverage: any, detailKey: string | null, fitted: boolean, byView: boolean }} */
const state = { timeline: null, epoch: null, hotspots: null, coverage: null, detailKey: null, fitted: false, byView: false };

// ---------- formatting ----------

/** Base units (decimal string) → a readable token amount. */
function formatUnits(units, decimals, fraction = 2) {
  const v = BigInt(units);
  const scale = 10n ** BigInt(decimals);
  const whole = v / scale;
  let frac = (v % scale).toString().padStart(decimals, "0").slice(0, fraction).replace(/0+$/, "");
  if (whole === 0n && v > 0n && frac === "") frac = "0".repeat(Math.max(0, fraction - 1)) + "<1";
  const w = whole.toLocaleString("en-US");
  return frac ? `${w}.${frac}` : w;
}

/** A compact amount for tight places: 1.2M, 845k. */
function compactUnits(units, decimals) {
  const v = Number(BigInt(units) / 10n ** BigInt(Math.max(0, decimals - 2))) / 100;
  return Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(v);
}

const shortKey = (/** @type {string} */ k) => (k.length > 12 ? `${k.slice(0, 4)}…${k.slice(-4)}` : k);
const esc = (/** @type {unknown} */ s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (/** @type {number | null} */ bps) => (bps === null ? "—" : `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 1)}%`);

function statusPill(status) {
  const s = STATUS[status] ?? STATUS.inactive;
  return `<span class="status-pill"><span class="dot" style="background:${s.color}"></span>${esc(s.label)}</span>`;
}

function toast(message) {
  const t = $("toast");
  t.textContent = message;
  t.hidden = false;
  clearTimeout(/** @type {any} */ (t).timer);
  /** @type {any} */ (t).timer = setTimeout(() => (t.hidden = true), 6000);
}

// ---------- data ----------

async function api(path) {
  const res = await fetch(`${API}${path}`, { headers: { accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? `${path}: HTTP ${res.status}`);
  return body;
}

const basemapUrl = (/** @type {string} */ file) => new URL(`basemap/${file}`, document.baseURI).href;
const emptyCollection = () => ({ type: "FeatureCollection", features: [] });

// ---------- the map ----------

function scoreColor() {
  return ["interpolate", ["linear"], ["get", "score"], ...SCORE_STOPS.flat()];
}

const HOVER = ["boolean", ["feature-state", "hover"], false];

/** A zoom interpolation whose stop values are expressions (zoom must be the top-level input). */
function byZoom(stops, valueAt) {
  const out = ["interpolate", ["linear"], ["zoom"]];
  for (let i = 0; i < stops.length; i += 2) out.push(stops[i], valueAt(stops[i + 1]));
  return out;
}

function mapStyle() {
  return {
    version: 8,
    sources: {
      "water-world": { type: "geojson", data: basemapUrl("water-world.json"), tolerance: 0.6 },
      "water-detail": { type: "geojson", data: basemapUrl("water-detail.json"), tolerance: 0.3 },
      borders: { type: "geojson", data: basemapUrl("borders.json") },
      places: { type: "geojson", data: basemapUrl("places.json") },
      coverage: { type: "geojson", data: emptyCollection(), promoteId: "h3" },
      hotspots: { type: "geojson", data: emptyCollection(), promoteId: "key" },
    },
    layers: [
      { id: "land", type: "background", paint: { "background-color": LAND } },
      { id: "water-world", type: "fill", source: "water-world", paint: { "fill-color": WATER, "fill-outline-color": WATER } },
      { id: "water-detail", type: "fill", source: "water-detail", paint: { "fill-color": WATER, "fill-outline-color": WATER } },
      {
        id: "borders",
        type: "line",
        source: "borders",
        paint: { "line-color": "#9aa5b4", "line-width": ["interpolate", ["linear"], ["zoom"], 2, 0.6, 8, 1.4], "line-dasharray": [3, 2] },
      },
      {
        id: "hex-fill",
        type: "fill",
        source: "coverage",
        paint: {
          "fill-color": scoreColor(),
          "fill-opacity": byZoom([9, 0.72, 14, 0.55], (v) => ["case", HOVER, 0.9, v]),
        },
      },
      {
        id: "hex-outline",
        type: "line",
        source: "coverage",
        paint: { "line-color": "#ffffff", "line-opacity": 0.7, "line-width": ["interpolate", ["linear"], ["zoom"], 10, 0, 12, 0.6, 15, 1.2] },
      },
      {
        id: "hex-boost",
        type: "line",
        source: "coverage",
        filter: [">", ["get", "boost"], 1],
        paint: { "line-color": "#c026d3", "line-width": ["interpolate", ["linear"], ["zoom"], 8, 1.5, 11, 2.5, 14, 3.5] },
      },
      {
        id: "hex-boost-label",
        type: "symbol",
        source: "coverage",
        minzoom: 12,
        filter: [">", ["get", "boost"], 1],
        layout: { "text-field": ["concat", "×", ["to-string", ["get", "boost"]]], "text-font": ["sans-serif"], "text-size": 12 },
        paint: { "text-color": "#86198f", "text-halo-color": "#ffffff", "text-halo-width": 1.5 },
      },
      {
        id: "hex-hover",
        type: "line",
        source: "coverage",
        paint: { "line-color": "#0f172a", "line-width": ["case", HOVER, 1.8, 0] },
      },
      {
        id: "places",
        type: "symbol",
        source: "places",
        filter: [">=", ["get", "population"], ["step", ["zoom"], 3_000_000, 4, 1_000_000, 6, 250_000, 8, 60_000, 10, 15_000, 11.5, 0]],
        layout: {
          "text-field": ["get", "name"],
          "text-font": ["sans-serif"],
          "text-size": ["interpolate", ["linear"], ["get", "population"], 1000, 11, 1_000_000, 13, 10_000_000, 15],
          "symbol-sort-key": ["-", 0, ["get", "population"]],
          "text-padding": 6,
          "text-max-width": 8,
        },
        paint: { "text-color": "#4b5563", "text-halo-color": "rgba(255,255,255,0.92)", "text-halo-width": 1.6 },
      },
      {
        id: "hotspot-selected",
        type: "circle",
        source: "hotspots",
        filter: ["==", ["get", "key"], ""],
        paint: {
          "circle-radius": ["interpolate", ["linear"], ["zoom"], 8, 8, 14, 14],
          "circle-color": "rgba(29,145,192,0.18)",
          "circle-stroke-color": "#0c4a6e",
          "circle-stroke-width": 2.5,
        },
      },
      {
        id: "hotspots",
        type: "circle",
        source: "hotspots",
        paint: {
          "circle-color": ["match", ["get", "status"], ...Object.entries(STATUS).flatMap(([k, v]) => [k, v.color]), STATUS.inactive.color],
          "circle-radius": byZoom([6, 2, 10, 3.5, 13, 6, 16, 9], (v) => ["case", HOVER, v * 1.6, v]),
          "circle-stroke-color": "#ffffff",
          "circle-stroke-width": ["interpolate", ["linear"], ["zoom"], 8, 0.6, 13, 1.6],
        },
      },
    ],
  };
}

const map = new maplibregl.Map({
  container: "map",
  style: /** @type {any} */ (mapStyle()),
  center: [-122.44, 37.76],
  zoom: 2,
  attributionControl: false,
  dragRotate: false,
  pitchWithRotate: false,
});
map.touchZoomRotate.disableRotation();
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-left"); // the detail panel takes the right
map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-right");
map.addControl(
  new maplibregl.AttributionControl({ compact: true, customAttribution: "Coastlines © OpenStreetMap contributors (ODbL) · Natural Earth · GeoNames" }),
  "bottom-right",
);
const styleLoaded = new Promise((resolve) => map.once("load", resolve));
const narrow = matchMedia("(max-width: 720px)");
styleLoaded.then(() => {
  // start with the attribution folded behind its (i) button, as on any small map
  const attrib = document.querySelector(".maplibregl-ctrl-attrib");
  attrib?.classList.remove("maplibregl-compact-show");
  attrib?.removeAttribute("open");
});
if (narrow.matches) {
  $("legend").dataset.collapsed = "true";
  $("legend-toggle").setAttribute("aria-expanded", "false");
}

// ---------- hover and click ----------

const tip = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 10, maxWidth: "280px" });
/** @type {{ source: string, id: string | number } | null} */
let hovered = null;

function setHover(next) {
  if (hovered && (!next || hovered.source !== next.source || hovered.id !== next.id)) map.setFeatureState(hovered, { hover: false });
  if (next) map.setFeatureState(next, { hover: true });
  hovered = next;
}

function hexTip(p) {
  const boost = p.boost > 1 ? ` · <b>×${esc(p.boost)}</b> boosted` : "";
  return `<div class="tip"><b>${esc(p.score)}</b> coverage points${boost}<br>${esc(p.signal)} signal, best ${esc(p.bestRssiDbm)} dBm<br>${esc(p.hotspots)} hotspot${p.hotspots === 1 ? "" : "s"} reach it, ${esc(p.rewardedHotspots)} ranked</div>`;
}

function hotspotTip(p) {
  const d = state.timeline?.decimals ?? 0;
  return `<div class="tip">${statusPill(p.status)} <span class="mono">${esc(shortKey(p.key))}</span><br>reward <b>${formatUnits(p.total, d)}</b> · trust ${pct(p.trustBps)}<br><small>click for detail</small></div>`;
}

map.on("mousemove", (e) => {
  const hit = map.queryRenderedFeatures(e.point, { layers: ["hotspots"] })[0] ?? map.queryRenderedFeatures(e.point, { layers: ["hex-fill"] })[0];
  if (!hit) {
    setHover(null);
    tip.remove();
    map.getCanvas().style.cursor = "";
    return;
  }
  const source = hit.layer.id === "hotspots" ? "hotspots" : "coverage";
  setHover({ source, id: /** @type {string} */ (hit.id) });
  map.getCanvas().style.cursor = "pointer";
  tip.setLngLat(e.lngLat).setHTML(source === "hotspots" ? hotspotTip(hit.properties) : hexTip(hit.properties)).addTo(map);
});
map.getCanvas().addEventListener("mouseleave", () => {
  setHover(null);
  tip.remove();
});

map.on("click", (e) => {
  const pad = 6; // a finger is wider than a cursor
  const box = /** @type {[any, any]} */ ([
    [e.point.x - pad, e.point.y - pad],
    [e.point.x + pad, e.point.y + pad],
  ]);
  const spot = map.queryRenderedFeatures(box, { layers: ["hotspots"] })[0];
  if (spot) {
    tip.remove();
    openDetail(/** @type {string} */ (spot.properties.key));
    return;
  }
  const hex = map.queryRenderedFeatures(e.point, { layers: ["hex-fill"] })[0];
  if (hex) {
    const ranked = JSON.parse(hex.properties.ranked ?? "[]");
    const items = ranked.map((k, i) => `<li><a href="#" data-key="${esc(k)}" class="mono">${esc(shortKey(k))}</a>${i === 0 ? " (best)" : ""}</li>`).join("");
    tip.setLngLat(e.lngLat).setHTML(`${hexTip(hex.properties).replace("</div>", "")}<ol>${items}</ol><span class="mono">${esc(hex.properties.h3)}</span></div>`).addTo(map);
  }
});
map.getContainer().addEventListener("click", (ev) => {
  const a = /** @type {HTMLElement} */ (ev.target).closest("a[data-key]");
  if (a) {
    ev.preventDefault();
    tip.remove();
    openDetail(/** @type {string} */ (a.getAttribute("data-key")));
  }
});

// ---------- epochs ----------

function renderStats() {
  const e = state.timeline.epochs.find((x) => x.epoch === state.epoch);
  const d = state.timeline.decimals;
  const dl = $("epoch-stats");
  if (!e) {
    dl.innerHTML = "";
    return;
  }
  const item = (label, value, title = "") => `<div title="${esc(title)}"><dt>${label}</dt><dd>${value}</dd></div>`;
  const claims = !e.claims ? "—" : e.claims.count === 0 ? "none yet" : `${e.claims.count} · ${compactUnits(e.claims.amount, d)}`;
  dl.innerHTML = [
    item("root", `<span class="mono">${e.merkleRoot ? esc(e.merkleRoot.slice(0, 8)) : "none"}</span> <span class="badge ${esc(e.status)}">${esc(e.status)}</span>`, e.merkleRoot ?? ""),
    item("emission", compactUnits(e.emission, d), `${formatUnits(e.emission, d, d)} (paid ${formatUnits(e.paid, d, d)}, unallocated ${formatUnits(e.unallocated, d, d)})`),
    item("hexes", e.coveredHexes.toLocaleString("en-US"), `${e.boostedHexes} boosted`),
    item("hotspots", `${e.hotspots.valid + e.hotspots.flagged} active`, `${e.hotspots.valid} valid, ${e.hotspots.flagged} flagged, ${e.hotspots.rejected} rejected, ${e.hotspots.inactive} inactive; ${e.hotspots.rewarded} rewarded`),
    item("claims", claims, e.claims ? `${e.claims.count} claims, ${formatUnits(e.claims.amount, d, d)}` : "chain not read"),
  ].join("");
}

function renderTimeline() {
  const { epochs, decimals } = state.timeline;
  const max = epochs.reduce((m, e) => (BigInt(e.emission) > m ? BigInt(e.emission) : m), 1n);
  const frac = (v) => Math.min(100, Number((BigInt(v) * 10000n) / max) / 100);
  $("timeline-bars").innerHTML = epochs
    .map((e) => {
      // claims against this epoch's root pay cumulative amounts, which can exceed one epoch's emission
      const claimed = e.claims && e.claims.count > 0 ? frac(e.claims.amount) : null;
      const title = [
        `Epoch ${e.epoch} (${e.status})`,
        `emission ${formatUnits(e.emission, decimals)}`,
        `paid ${formatUnits(e.paid, decimals)} to ${e.hotspots.rewarded} hotspots`,
        `unallocated ${formatUnits(e.unallocated, decimals)}`,
        `root ${e.merkleRoot ?? "none"}${e.rootActive ? " (active)" : ""}`,
        e.claims ? `claims ${e.claims.count}, ${formatUnits(e.claims.amount, decimals)}` : "claims: chain not read",
      ].join("\n");
      return `<li><button type="button" class="bar" data-epoch="${e.epoch}" title="${esc(title)}" aria-current="${e.epoch === state.epoch}">
        <span class="col"><span class="paid" style="height:${frac(e.paid)}%"></span><span class="unalloc" style="height:${frac(e.unallocated)}%"></span>${
          claimed === null ? "" : `<span class="claimed" style="bottom:${claimed}%"></span>`
        }</span>
        <span class="label"><span class="root ${e.rootActive ? "active" : esc(e.status)}"></span>${e.epoch}</span>
        <span class="amount">${compactUnits(e.emission, decimals)}</span>
      </button></li>`;
    })
    .join("");
  const current = $("timeline-bars").querySelector('[aria-current="true"]');
  current?.scrollIntoView({ block: "nearest", inline: "nearest" });
}

function renderEpochPicker() {
  const select = /** @type {HTMLSelectElement} */ ($("epoch-select"));
  const { epochs, latest } = state.timeline;
  select.innerHTML = epochs
    .slice()
    .reverse()
    .map((e) => `<option value="${e.epoch}">Epoch ${e.epoch}${e.epoch === latest ? " (latest)" : ""}</option>`)
    .join("");
  select.value = String(state.epoch);
  const i = epochs.findIndex((e) => e.epoch === state.epoch);
  /** @type {HTMLButtonElement} */ ($("epoch-prev")).disabled = i <= 0;
  /** @type {HTMLButtonElement} */ ($("epoch-next")).disabled = i < 0 || i >= epochs.length - 1;
}

function renderLegend() {
  const max = SCORE_STOPS[SCORE_STOPS.length - 1][0];
  $("legend-ramp").style.background = `linear-gradient(90deg, ${SCORE_STOPS.map(([v, c]) => `${c} ${(v / max) * 100}%`).join(", ")})`;
  $("legend-ticks").innerHTML = [0, 2, 5, 7, 10].map((v) => `<span>${v}${v === max ? "+" : ""}</span>`).join("");
  const counts = state.hotspots?.counts ?? {};
  $("legend-statuses").innerHTML = Object.entries(STATUS)
    .map(([k, s]) => `<li><span class="dot" style="background:${s.color}"></span>${s.label} <span class="count">${counts[k] ?? 0}</span></li>`)
    .join("");
}

function fitToHotspots() {
  const pts = state.hotspots.features.map((f) => f.geometry.coordinates);
  if (pts.length === 0) return;
  const b = new maplibregl.LngLatBounds(pts[0], pts[0]);
  for (const p of pts) b.extend(p);
  map.fitBounds(b, { padding: narrow.matches ? 24 : { top: 40, bottom: 40, left: 250, right: 60 }, maxZoom: 14, duration: 0 });
  state.fitted = true;
}

function updateHash() {
  const parts = [`epoch=${state.epoch}`];
  if (state.detailKey) parts.push(`hotspot=${encodeURIComponent(state.detailKey)}`);
  history.replaceState(null, "", `#${parts.join("&")}`);
}

/** The visible area, widened by half a screen each way, as a bbox query parameter. */
function viewBBox() {
  const b = map.getBounds();
  const dx = (b.getEast() - b.getWest()) / 2;
  const dy = (b.getNorth() - b.getSouth()) / 2;
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  return [clamp(b.getWest() - dx, -180, 180), clamp(b.getSouth() - dy, -85, 85), clamp(b.getEast() + dx, -180, 180), clamp(b.getNorth() + dy, -85, 85)]
    .map((v) => v.toFixed(5))
    .join(",");
}

/**
 * Loads an epoch's hexes and hotspots. Small epochs come whole; when an epoch has
 * more than one response carries (`truncated`), the map switches to asking for
 * what is on screen, again after every move.
 */
let loads = 0;

async function loadEpoch(epoch) {
  const load = ++loads;
  document.body.dataset.state = "loading";
  const q = `?epoch=${epoch}${state.byView ? `&bbox=${viewBBox()}` : ""}`;
  const [coverage, hotspots] = await Promise.all([api(`/coverage${q}`), api(`/hotspots${q}`)]);
  await styleLoaded;
  if (load !== loads) return; // a later load (another epoch, another view) supersedes this one
  state.epoch = epoch;
  state.coverage = coverage;
  state.hotspots = hotspots;
  setHover(null);
  /** @type {any} */ (map.getSource("coverage")).setData(coverage);
  /** @type {any} */ (map.getSource("hotspots")).setData(hotspots);
  if (!state.fitted) fitToHotspots();
  if ((coverage.truncated || hotspots.truncated) && !state.byView) {
    state.byView = true; // from now on, ask for the area on screen
    return loadEpoch(epoch);
  }
  if (coverage.truncated || hotspots.truncated) toast("More hexes here than one response carries: zoom in to see them all.");
  renderEpochPicker();
  renderStats();
  renderTimeline();
  renderLegend();
  updateHash();
  if (state.detailKey) await openDetail(state.detailKey, false);
  map.once("idle", () => (document.body.dataset.state = "ready"));
  map.triggerRepaint();
}

map.on("moveend", () => {
  if (state.byView && state.epoch !== null) loadEpoch(state.epoch).catch((e) => toast(e.message));
});

function step(delta) {
  const epochs = state.timeline.epochs;
  const i = epochs.findIndex((e) => e.epoch === state.epoch) + delta;
  if (i >= 0 && i < epochs.length) loadEpoch(epochs[i].epoch).catch((e) => toast(e.message));
}

$("epoch-prev").addEventListener("click", () => step(-1));
$("epoch-next").addEventListener("click", () => step(1));
$("epoch-select").addEventListener("change", (ev) => loadEpoch(Number(/** @type {HTMLSelectElement} */ (ev.target).value)).catch((e) => toast(e.message)));
$("timeline-bars").addEventListener("click", (ev) => {
  const bar = /** @type {HTMLElement} */ (ev.target).closest("[data-epoch]");
  if (bar) loadEpoch(Number(bar.getAttribute("data-epoch"))).catch((e) => toast(e.message));
});
$("legend-toggle").addEventListener("click", () => {
  const legend = $("legend");
  const collapsed = legend.dataset.collapsed !== "true";
  legend.dataset.collapsed = String(collapsed);
  $("legend-toggle").setAttribute("aria-expanded", String(!collapsed));
});

// ---------- hotspot detail ----------

function sparkline(rewards, decimals) {
  if (rewards.length === 0) return "";
  const max = rewards.reduce((m, r) => (BigInt(r.total) > m ? BigInt(r.total) : m), 1n);
  const w = Math.min(100 / rewards.length, 10);
  const bars = rewards
    .map((r, i) => {
      const h = Number((BigInt(r.total) * 1000n) / max) / 10;
      const cls = r.epoch === state.epoch ? "#0c2c84" : "#1d91c0";
      return `<rect x="${i * w + w * 0.15}" y="${100 - h}" width="${w * 0.7}" height="${h}" fill="${cls}"><title>epoch ${r.epoch}: ${formatUnits(r.total, decimals)}</title></rect>`;
    })
    .join("");
  return `<svg class="spark" viewBox="0 0 100 100" preserveAspectRatio="none" role="img" aria-label="rewards per epoch">${bars}</svg>`;
}

function renderDetail(d) {
  const dec = d.decimals;
  const when = new Date(d.onboardedAt * 1000).toISOString().slice(0, 10);
  const loc = d.lngLat ? `${d.lngLat[1].toFixed(5)}, ${d.lngLat[0].toFixed(5)}` : "unasserted";
  const rows = d.rewards
    .slice()
    .reverse()
    .map(
      (r) => `<tr class="${r.epoch === state.epoch ? "current" : ""}"><td>${r.epoch}</td><td><span class="dot" style="display:inline-block;background:${(STATUS[r.status] ?? STATUS.inactive).color}"></span></td><td>${formatUnits(r.poc, dec)}</td><td>${formatUnits(r.coverage, dec)}</td><td><b>${formatUnits(r.total, dec)}</b></td></tr>`,
    )
    .join("");
  $("detail-body").innerHTML = `
    <h2>Hotspot ${esc(shortKey(d.key))} ${statusPill(d.status)}</h2>
    <div class="key" title="hardware key">${esc(d.key)}</div>
    <div class="totals">
      <div><span>earned</span><b data-field="cumulative">${formatUnits(d.cumulative, dec)}</b></div>
      <div><span>claimed</span><b data-field="claimed">${d.claimed === null ? "—" : formatUnits(d.claimed, dec)}</b></div>
      <div><span>unclaimed</span><b data-field="unclaimed">${d.unclaimed === null ? "—" : formatUnits(d.unclaimed, dec)}</b></div>
    </div>
    <h3>Rewards per epoch</h3>
    ${sparkline(d.rewards, dec)}
    <table class="rewards" data-field="rewards"><thead><tr><th>epoch</th><th></th><th>PoC</th><th>coverage</th><th>total</th></tr></thead><tbody>${rows}</tbody></table>
    <h3>Registry</h3>
    <dl class="kv">
      <dt>owner</dt><dd class="mono" data-field="owner">${esc(d.owner)}</dd>
      <dt>location</dt><dd>${esc(loc)}<br><span class="mono">${esc(d.location ?? "")}</span></dd>
      <dt>antenna</dt><dd>${(d.gainDbi10 / 10).toFixed(1)} dBi, ${d.elevationM} m up</dd>
      <dt>trust</dt><dd>${pct(d.trustBps)}</dd>
      <dt>onboarded</dt><dd>${when}${d.serial === null ? "" : ` · serial ${d.serial}`}</dd>
      <dt>reward id</dt><dd class="mono">${esc(d.rewardId)}</dd>
    </dl>`;
}

async function openDetail(key, fly = true) {
  state.detailKey = key;
  map.setFilter("hotspot-selected", ["==", ["get", "key"], key]);
  const panel = $("detail");
  try {
    const d = await api(`/hotspots/${encodeURIComponent(key)}`);
    if (state.detailKey !== key) return;
    renderDetail(d);
    panel.hidden = false;
    panel.scrollTop = 0;
    if (fly && d.lngLat && !map.getBounds().contains(d.lngLat)) map.easeTo({ center: d.lngLat, duration: 300 });
  } catch (e) {
    if (state.detailKey === key) closeDetail(); // an unknown or malformed key (e.g. from a link): say so once
    toast(/** @type {Error} */ (e).message);
  }
  updateHash();
}

function closeDetail() {
  state.detailKey = null;
  $("detail").hidden = true;
  map.setFilter("hotspot-selected", ["==", ["get", "key"], ""]);
  updateHash();
}
$("detail-close").addEventListener("click", closeDetail);
addEventListener("keydown", (e) => {
  if (e.key === "Escape") closeDetail();
});

// ---------- start ----------

async function start() {
  const params = new URLSearchParams(location.hash.slice(1));
  state.timeline = await api("/epochs");
  renderLegend();
  if (REFRESH_MS > 0) setTimeout(refresh, REFRESH_MS);
  if (state.timeline.latest === null) {
    document.body.dataset.state = "empty";
    toast("No epoch has been computed yet.");
    return;
  }
  const asked = Number(params.get("epoch"));
  const known = state.timeline.epochs.some((e) => e.epoch === asked);
  state.detailKey = params.get("hotspot");
  await loadEpoch(params.has("epoch") && known ? asked : state.timeline.latest);
}

/**
 * Live updates: new epochs join the timeline, roots activate, claims come in.
 * Someone watching the latest epoch follows on to the next one; someone looking
 * at an older epoch stays where they are.
 */
async function refresh() {
  try {
    const next = await api("/epochs");
    const previous = state.timeline;
    if (JSON.stringify(next) !== JSON.stringify(previous)) {
      state.timeline = next;
      const following = state.epoch === null || state.epoch === previous.latest;
      if (following && next.latest !== null && next.latest !== state.epoch) {
        $("toast").hidden = true;
        await loadEpoch(next.latest);
      } else if (state.epoch !== null) {
        renderEpochPicker();
        renderStats();
        renderTimeline();
      }
    }
  } catch {
    // the service may be restarting; the next round tries again
  }
  setTimeout(refresh, REFRESH_MS);
}

start().catch((e) => {
  document.body.dataset.state = "error";
  toast(`The map could not load: ${e.message}`);
});

// for people poking at the page and for the browser tests
Object.assign(window, { hexpin: { map, state } });
