// The dashboard: plotly.js charts over this origin's API (docs/quickstart.md, "The dashboard").
// Live figures for analysts (their key, kept in sessionStorage); the newest published release otherwise.
"use strict";

const KEY_STORAGE = "cpc-dashboard-key";
const REGION_CODES = { NCJR: "1300000000", R7: "0700000000" }; // judicial region -> PSGC region (case-level metrics)
const PLOT_CONFIG = { displaylogo: false, responsive: true };
const COLORS = ["#1f5f8b", "#d1861f", "#3c8d4f", "#a23b3b", "#6b4c9a", "#5a6b73", "#b0892a"];

const state = {
  key: sessionStorage.getItem(KEY_STORAGE) || "",
  mode: null, // "live" | "published" | "locked"
  view: "flow",
  registry: {},
  targets: {},
  releases: [],
};

const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function api(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  const headers = { Accept: "application/json" };
  if (state.key) headers.Authorization = `Bearer ${state.key}`;
  const response = await fetch(url, { headers });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch (_) { problem = null; }
    throw new ApiError(response.status, problem);
  }
  return response.json();
}

// ---- filters --------------------------------------------------------------------------------------

function today() { return new Date().toISOString().slice(0, 10); }

function filters() {
  const first = Number($("from").value);
  const last = Math.max(first, Number($("to").value));
  const end = `${last}-12-31`;
  return {
    first, last,
    asOf: end < today() ? end : today(),
    region: $("region").value,
    caseType: $("case-type").value,
  };
}

// The breakdown a metric is asked for, and the group to read, for the current filters.
function breakdown(metricId, f) {
  const dims = (state.registry[metricId] && state.registry[metricId].dimensions) || [];
  if (f.region) {
    if (dims.includes("judicial_region")) return { by: "judicial_region", group: f.region };
    if (dims.includes("admin_region")) return { by: "admin_region", group: REGION_CODES[f.region] };
    return { by: null, group: null, note: "the region filter does not apply to this metric" };
  }
  if (f.caseType) {
    if (dims.includes("case_type")) return { by: "case_type", group: f.caseType };
    return { by: null, group: null, note: "the case-type filter does not apply to this metric" };
  }
  return { by: null, group: null };
}

function cellsOf(result, group, measure) {
  return result.cells.filter((c) => c.group === group && c.measure === measure);
}

function value(result, group, measure, category = null) {
  const cell = result.cells.find((c) => c.group === group && c.measure === measure && c.category === category);
  return cell ? cell.value : null;
}

// A stock trend (staffing at each year end) leaves as_of out: each period is then taken at its end.
async function series(metricId, first, last, f, { stock = false } = {}) {
  const b = breakdown(metricId, f);
  const body = await api(`/v1/metrics/${metricId}`, { from: first, to: last, as_of: stock ? null : f.asOf, by: b.by });
  state.targets[metricId] = body.targets;
  return { results: body.series.results, group: b.group, note: b.note, targets: body.targets };
}

async function single(metricId, params, f) {
  const b = breakdown(metricId, f);
  const body = await api(`/v1/metrics/${metricId}`, { ...params, by: b.by });
  return { result: body.result, group: b.group, note: b.note };
}

function targetLines(targets, measure, axisFrom, axisTo) {
  return (targets || [])
    .filter((t) => t.measure === measure && t.scope === "all")
    .map((t) => ({
      type: "scatter", mode: "lines", name: `target ${t.period}: ${t.target}`,
      x: [axisFrom, axisTo], y: [t.target, t.target],
      line: { dash: "dash", color: "#a23b3b", width: 2 }, hoverinfo: "name",
    }));
}

// ---- drawing ---------------------------------------------------------------------------------------

function draw(id, traces, layout, note) {
  const el = $(id);
  const points = traces.reduce((n, t) => n + (t.y || t.values || t.x || []).filter((v) => v !== null && v !== undefined).length
    + (t.value !== undefined && t.value !== null ? 1 : 0), 0);
  el.dataset.points = String(points);
  const base = {
    margin: { l: 56, r: 16, t: note ? 28 : 12, b: 48 },
    legend: { orientation: "h", y: -0.2 },
    font: { family: "system-ui, sans-serif", size: 12 },
    paper_bgcolor: "#fff", plot_bgcolor: "#fff", colorway: COLORS,
  };
  if (note) base.title = { text: `<i>${note}</i>`, font: { size: 11 }, x: 0.02 };
  window.Plotly.react(el, traces, { ...base, ...layout }, PLOT_CONFIG);
}

function showError(id, error) {
  const el = $(id);
  el.dataset.points = "0";
  if (window.Plotly) window.Plotly.purge(el);
  el.innerHTML = "";
  const p = document.createElement("p");
  p.className = "error";
  p.textContent = error instanceof ApiError ? `Not available: ${error.message}` : `Not available: ${String(error)}`;
  el.appendChild(p);
}

async function guarded(id, work) {
  try {
    await work();
  } catch (error) {
    showError(id, error);
  }
}

function definitions() {
  for (const card of document.querySelectorAll(".card[data-metric]")) {
    const def = state.registry[card.dataset.metric];
    let details = card.querySelector("details.definition");
    if (!def) { if (details) details.remove(); continue; }
    if (!details) {
      details = document.createElement("details");
      details.className = "definition";
      card.insertBefore(details, card.querySelector(".chart"));
    }
    details.innerHTML = "";
    const summary = document.createElement("summary");
    summary.textContent = `Definition: ${def.title}`;
    const text = document.createElement("p");
    text.textContent = def.definition;
    const formula = document.createElement("p");
    formula.className = "formula";
    formula.textContent = `Formula: ${def.formula}`;
    details.append(summary, text, formula);
  }
}

// ---- live views -----------------------------------------------------------------------------------

const LIVE = {
  async flow(f) {
    await Promise.all([
      guarded("chart-funnel", async () => {
        const s = await series("stage_funnel", String(f.first), String(f.last), f);
        const totals = new Map();
        for (const r of s.results) {
          for (const c of cellsOf(r, s.group, "cases_entering")) {
            totals.set(c.category, (totals.get(c.category) || 0) + (c.value || 0));
          }
        }
        const stages = [...totals.entries()].filter(([, n]) => n > 0);
        draw("chart-funnel", [{
          type: "funnel", y: stages.map(([k]) => k.replaceAll("_", " ").toLowerCase()), x: stages.map(([, n]) => n),
          textinfo: "value+percent previous", marker: { color: COLORS[0] },
        }], { margin: { l: 170, r: 16, t: 12, b: 24 } }, s.note);
      }),
      guarded("chart-clearance", async () => {
        const s = await series("clearance_rate", `${f.first}Q1`, `${f.last}Q4`, f);
        const x = s.results.map((r) => r.period);
        const rate = s.results.map((r) => value(r, s.group, "clearance_rate"));
        draw("chart-clearance", [
          { type: "bar", name: "filed (incoming)", x, y: s.results.map((r) => value(r, s.group, "incoming")), yaxis: "y2", marker: { color: "#c9d6df" } },
          { type: "scatter", mode: "lines+markers", name: "clearance rate %", x, y: rate, line: { color: COLORS[0] } },
          ...targetLines(s.targets, "clearance_rate", x[0], x[x.length - 1]),
        ], {
          yaxis: { title: { text: "% cleared" }, rangemode: "tozero" },
          yaxis2: { title: { text: "cases filed" }, overlaying: "y", side: "right", showgrid: false, rangemode: "tozero" },
        }, s.note);
      }),
    ]);
  },

  async time(f) {
    await Promise.all([
      guarded("chart-km", async () => {
        const s = await series("time_to_disposition", String(f.first), String(f.last), f);
        const traces = s.results
          .filter((r) => (value(r, s.group, "cohort") || 0) > 0)
          .map((r) => {
            // The curve at the standards (180, 365, 730 days), then at its median and 90th percentile.
            const points = [[0, 100]];
            for (const d of ["180", "365", "730"]) {
              const w = value(r, s.group, "km_within_standard", d);
              if (w !== null) points.push([Number(d), 100 - w]);
            }
            const median = value(r, s.group, "km_median_days");
            const p90 = value(r, s.group, "km_p90_days");
            if (median !== null) points.push([median, 50]);
            if (p90 !== null) points.push([p90, 10]);
            points.sort((a, b) => a[0] - b[0]);
            return {
              type: "scatter", mode: "lines+markers", line: { shape: "hv" }, name: `filed ${r.period}`,
              x: points.map((pt) => pt[0]), y: points.map((pt) => pt[1]),
            };
          });
        draw("chart-km", traces, {
          xaxis: { title: { text: "days since filing" } },
          yaxis: { title: { text: "% not yet disposed" }, range: [0, 102] },
        }, s.note);
      }),
      guarded("chart-km-median", async () => {
        const s = await series("time_to_disposition", `${f.first}Q1`, `${f.last}Q4`, f);
        const x = s.results.map((r) => r.period);
        draw("chart-km-median", [
          { type: "scatter", mode: "lines+markers", name: "KM median days", x, y: s.results.map((r) => value(r, s.group, "km_median_days")), connectgaps: false },
          ...targetLines(s.targets, "km_median_days", x[0], x[x.length - 1]),
        ], { yaxis: { title: { text: "days" }, rangemode: "tozero" } }, s.note);
      }),
      guarded("chart-pending", async () => {
        const s = await single("age_of_pending_caseload", { as_of: f.asOf }, f);
        const bands = cellsOf(s.result, s.group, "cases_in_band");
        const median = value(s.result, s.group, "median_age_days");
        draw("chart-pending", [{
          type: "bar", x: bands.map((c) => `${c.category} days`), y: bands.map((c) => c.value),
          text: bands.map((c) => (c.numerator === null ? "" : `${c.numerator} cases`)), textposition: "auto",
          marker: { color: COLORS[1] }, name: "% of active pending",
        }], {
          yaxis: { title: { text: "% of active pending cases" } },
          annotations: [{ xref: "paper", yref: "paper", x: 1, y: 1.05, showarrow: false,
            text: `median age ${median === null ? "n/a" : Math.round(median)} days, as of ${s.result.as_of}` }],
        }, s.note);
      }),
    ]);
  },

  async deadlines(f) {
    await Promise.all([
      guarded("chart-clocks", async () => {
        const s = await series("legal_clock_compliance", String(f.first), String(f.last), f);
        const sums = new Map();
        for (const r of s.results) {
          for (const measure of ["met", "missed"]) {
            for (const c of cellsOf(r, s.group, measure)) {
              const entry = sums.get(c.category) || { met: 0, missed: 0, ended: 0 };
              entry[measure] += c.numerator || 0;
              if (measure === "met") entry.ended += c.denominator || 0;
              sums.set(c.category, entry);
            }
          }
        }
        const clocks = [...sums.entries()].filter(([, e]) => e.ended > 0);
        const pct = (n, d) => Math.round((1000 * n) / d) / 10;
        draw("chart-clocks", [
          { type: "bar", name: "met %", x: clocks.map(([k]) => k), y: clocks.map(([, e]) => pct(e.met, e.ended)), marker: { color: COLORS[2] } },
          { type: "bar", name: "missed %", x: clocks.map(([k]) => k), y: clocks.map(([, e]) => pct(e.missed, e.ended)), marker: { color: COLORS[3] } },
        ], { barmode: "stack", yaxis: { title: { text: "% of deadlines ended" }, range: [0, 100] } }, s.note);
      }),
      guarded("chart-worklist", async () => {
        let count = 0;
        let cursor = null;
        let pages = 0;
        do {
          const page = await api("/v1/cases", { overdue: "true", limit: 200, cursor, case_type: f.caseType || null });
          count += page.items.length;
          cursor = page.next_cursor;
          pages += 1;
        } while (cursor && pages < 25);
        draw("chart-worklist", [{
          type: "indicator", mode: "number", value: count,
          title: { text: cursor ? "overdue cases (first 5,000)" : "overdue cases" },
        }], { margin: { l: 16, r: 16, t: 40, b: 16 } }, f.region ? "the region filter does not apply to the worklist" : null);
      }),
    ]);
  },

  async capacity(f) {
    // The conviction-rate target is set on the conviction_rate metric itself.
    if (!state.targets.conviction_rate) {
      try {
        state.targets.conviction_rate = await api("/v1/targets", { metric: "conviction_rate" });
      } catch (_) { /* the chart is drawn without its target line */ }
    }
    await Promise.all([
      guarded("chart-capacity-outcomes", async () => {
        const s = await series("outcomes_by_trained_capacity", String(f.first), String(f.last), f);
        const sums = new Map();
        for (const r of s.results) {
          for (const measure of ["conviction_rate", "disposed_within_365_days"]) {
            for (const c of cellsOf(r, s.group, measure)) {
              const key = `${measure}|${c.category}`;
              const entry = sums.get(key) || { n: 0, d: 0 };
              entry.n += c.numerator || 0;
              entry.d += c.denominator || 0;
              sums.set(key, entry);
            }
          }
        }
        const categories = ["MET", "NOT_MET", "NO_SNAPSHOT"];
        const rate = (measure, cat) => {
          const e = sums.get(`${measure}|${cat}`);
          return e && e.d ? Math.round((1000 * e.n) / e.d) / 10 : null;
        };
        const labels = { MET: "threshold met", NOT_MET: "threshold not met", NO_SNAPSHOT: "no staffing record" };
        const x = categories.map((c) => labels[c]);
        draw("chart-capacity-outcomes", [
          { type: "bar", name: "conviction rate %", x, y: categories.map((c) => rate("conviction_rate", c)) },
          { type: "bar", name: "disposed within 365 days %", x, y: categories.map((c) => rate("disposed_within_365_days", c)) },
          ...targetLines(state.targets.conviction_rate, "conviction_rate", x[0], x[x.length - 1]),
        ], { barmode: "group", yaxis: { title: { text: "% of cases disposed" }, range: [0, 100] } }, s.note);
      }),
      guarded("chart-staffing", async () => {
        const s = await series("prosecutor_staffing", String(f.first), String(f.last), f, { stock: true });
        const x = s.results.map((r) => r.period);
        draw("chart-staffing", [
          { type: "scatter", mode: "lines+markers", name: "vacancy rate %", x, y: s.results.map((r) => value(r, s.group, "vacancy_rate")) },
          { type: "scatter", mode: "lines+markers", name: "trained in trafficking law %", x, y: s.results.map((r) => value(r, s.group, "trained_trafficking")) },
        ], { yaxis: { title: { text: "% of prosecutors" }, range: [0, 100] }, xaxis: { type: "category" } }, s.note);
      }),
    ]);
  },

  async quality(f) {
    await guarded("chart-quality", async () => {
      const s = await single("data_quality", { as_of: f.asOf }, f);
      const measures = ["missing_key_dates", "impossible_date_order", "no_event_180_days", "any_issue"];
      draw("chart-quality", [{
        type: "bar", x: measures.map((m) => m.replaceAll("_", " ")), y: measures.map((m) => value(s.result, s.group, m)),
        marker: { color: COLORS[5] }, name: "% of cases",
      }], {
        yaxis: { title: { text: "% of cases" }, rangemode: "tozero" },
        annotations: [{ xref: "paper", yref: "paper", x: 1, y: 1.05, showarrow: false,
          text: `${value(s.result, s.group, "cases") || 0} cases, as of ${s.result.as_of}` }],
      }, s.note);
    });
  },
};

// ---- published view ---------------------------------------------------------------------------------

const PUBLISHED_TABLES = [
  "cases_entering_stage.region_quarter",
  "cases_disposed.region_quarter",
  "pending_by_age.region_quarter",
  "median_days.region_quarter",
];

function publishedCard(table) {
  const id = `chart-pub-${table.replace(/[^a-z0-9]+/g, "-")}`;
  let card = document.querySelector(`[data-table="${table}"]`);
  if (!card) {
    card = document.createElement("article");
    card.className = "card";
    card.dataset.table = table;
    card.innerHTML = `<h2></h2><details class="definition"><summary>Definition</summary><p></p></details>`
      + `<div class="chart" id="${id}"></div><table class="cells"></table>`;
    $("published-cards").appendChild(card);
  }
  return { card, id };
}

async function published(f) {
  const releaseId = $("release").value || "latest";
  const geography = f.region || "PH";
  await Promise.all(PUBLISHED_TABLES.map(async (table) => {
    const { card, id } = publishedCard(table);
    await guarded(id, async () => {
      const body = await api(`/v1/releases/${releaseId}/tables/${table}`);
      card.querySelector("h2").textContent = `${body.title} (${body.release_id})`;
      card.querySelector("details p").textContent = body.definition;
      const rows = body.rows.filter((r) => r.geography === geography);
      const periods = [...new Set(rows.map((r) => r.period))].sort();
      const categories = [...new Set(rows.map((r) => r.category))];
      const drawn = categories.filter((c) => c !== "total"); // the total is in the table below
      const traces = drawn.map((category) => {
        const cells = periods.map((p) => rows.find((r) => r.period === p && r.category === category));
        return {
          type: "bar", name: category.replaceAll("_", " ").toLowerCase(), x: periods,
          y: cells.map((c) => (c && c.status === "published" ? c.value : null)),
        };
      });
      const annotations = [];
      drawn.forEach((category, i) => {
        periods.forEach((p) => {
          const c = rows.find((r) => r.period === p && r.category === category);
          if (c && c.status === "confidential") {
            annotations.push({ x: p, y: 0, yanchor: "bottom", text: "suppressed", showarrow: false, textangle: -90,
              xshift: (i - (drawn.length - 1) / 2) * (300 / Math.max(1, drawn.length * periods.length)),
              font: { size: 10, color: "#7a7a7a" } });
          }
        });
      });
      draw(id, traces, { barmode: "group", annotations, xaxis: { type: "category" }, yaxis: { title: { text: body.unit }, rangemode: "tozero" } },
        `geography ${geography}`);
      renderCells(card.querySelector("table.cells"), periods, categories, rows);
    });
  }));
}

function renderCells(tableEl, periods, categories, rows) {
  tableEl.innerHTML = "";
  const head = tableEl.createTHead().insertRow();
  for (const text of ["", ...periods]) {
    const th = document.createElement("th");
    th.textContent = text;
    head.appendChild(th);
  }
  const tbody = tableEl.createTBody();
  for (const category of categories) {
    const tr = tbody.insertRow();
    tr.insertCell().textContent = category;
    for (const p of periods) {
      const c = rows.find((r) => r.period === p && r.category === category);
      const td = tr.insertCell();
      if (!c) td.textContent = "";
      else if (c.status === "confidential") { td.textContent = "suppressed"; td.className = "suppressed"; }
      else td.textContent = String(c.value);
    }
  }
}

// ---- modes, views, start ----------------------------------------------------------------------------

function setMode(mode, text) {
  state.mode = mode;
  document.body.dataset.mode = mode;
  $("mode").textContent = text;
  for (const button of document.querySelectorAll("#views button[data-live]")) button.hidden = mode !== "live";
  if (mode !== "live" && state.view !== "published") state.view = "published";
}

async function detectMode() {
  state.registry = {};
  if (state.key) {
    try {
      const listed = await api("/v1/metrics");
      for (const entry of listed) state.registry[entry.metric.id] = entry.metric;
      // Only analysts read live metrics; the registry is open to every key.
      await api("/v1/metrics/data_quality", { as_of: today() });
      setMode("live", "Live figures within this key's scope (analyst). Not suppressed: do not publish.");
      if (state.view === "published" && !state.viewChosen) state.view = "flow";
      return;
    } catch (error) {
      if (!(error instanceof ApiError) || ![401, 403].includes(error.status)) throw error;
      if (error.status === 401) {
        sessionStorage.removeItem(KEY_STORAGE);
        state.key = "";
      }
    }
  }
  try {
    state.releases = await api("/v1/releases");
    setMode("published", state.key ? "Published releases (this key does not read live figures)." : "Published releases (no key).");
  } catch (error) {
    setMode("locked", "Releases are not public here: type an API key above.");
  }
}

function fillSelects() {
  const year = new Date().getFullYear();
  for (const id of ["from", "to"]) {
    const select = $(id);
    if (select.options.length) continue;
    for (let y = year - 12; y <= year; y += 1) select.add(new Option(String(y), String(y)));
  }
  if (!$("from").dataset.init) {
    $("from").value = String(year - 5);
    $("to").value = String(year);
    $("from").dataset.init = "1";
  }
  const release = $("release");
  release.innerHTML = "";
  release.add(new Option("newest", ""));
  for (const r of state.releases) release.add(new Option(`${r.period} (revision ${r.revision})`, r.release_id));
}

async function render() {
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${state.view}`;
  for (const button of document.querySelectorAll("#views button")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === state.view));
  }
  $("release-label").hidden = state.view !== "published";
  $("case-type").disabled = state.view === "published";
  const f = filters();
  document.body.dataset.loading = "1";
  try {
    if (state.mode === "locked") return;
    if (state.view === "published") await published(f);
    else await LIVE[state.view](f);
  } finally {
    delete document.body.dataset.loading;
  }
}

async function start() {
  await detectMode();
  if (state.mode === "published" && state.releases.length === 0 && state.key) state.releases = await api("/v1/releases");
  fillSelects();
  definitions();
  await render();
}

function bind() {
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    state.key = $("key").value.trim();
    $("key").value = "";
    if (state.key) sessionStorage.setItem(KEY_STORAGE, state.key);
    start();
  });
  $("forget").addEventListener("click", () => {
    sessionStorage.removeItem(KEY_STORAGE);
    state.key = "";
    start();
  });
  for (const button of document.querySelectorAll("#views button")) {
    button.addEventListener("click", () => {
      state.view = button.dataset.view;
      state.viewChosen = true;
      render();
    });
  }
  $("region").addEventListener("change", () => { if ($("region").value) $("case-type").value = ""; render(); });
  $("case-type").addEventListener("change", () => { if ($("case-type").value) $("region").value = ""; render(); });
  for (const id of ["from", "to", "release"]) $(id).addEventListener("change", render);
}

document.addEventListener("DOMContentLoaded", () => {
  bind();
  start();
});
