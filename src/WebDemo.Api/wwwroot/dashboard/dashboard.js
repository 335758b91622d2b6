// The live dashboard: polls /diagnostics/threadpool once a second and draws the last two minutes on <canvas>.
// No libraries and nothing from the internet; every chart is drawn by drawChart() below.
"use strict";

const WINDOW_MS = 120_000;          // history shown on the charts
const STARVED_MS = 100;             // a probe that waited longer than one probe interval means the pool is starved
// One colour and dash pattern per strategy, shared with the load report and Grafana (strategy-palette.json).
let STRATEGY_STYLES = {};
const history = [];                 // one entry per snapshot, oldest first
let previous = null;                // the previous snapshot, for per-second deltas
let pendingSince = null;            // when the outstanding poll was sent (performance.now())
let lastUpdate = null;              // when the last snapshot arrived (Date.now())

const $ = (id) => document.getElementById(id);
const fmt = (value, digits = 0) => Number(value).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const colorOf = (name) => STRATEGY_STYLES[name]?.color ?? "#475569";
const dashOf = (name) => STRATEGY_STYLES[name]?.dash ?? [];

async function loadPalette() {
  try {
    const response = await fetch("/dashboard/strategy-palette.json");
    STRATEGY_STYLES = response.ok ? (await response.json()).strategies : {};
  } catch {
    STRATEGY_STYLES = {}; // the charts still draw, in one neutral colour
  }
}

async function poll() {
  const started = performance.now();
  pendingSince = started;
  try {
    const response = await fetch("/diagnostics/threadpool", { cache: "no-store" });
    if (response.ok) {
      onSnapshot(await response.json());
    } else {
      setStatus("unknown", "NO DATA", `the server answered ${response.status}`);
    }
  } catch {
    setStatus("unknown", "DISCONNECTED", "the server does not answer; retrying every second");
  } finally {
    pendingSince = null;
    setTimeout(poll, Math.max(0, 1000 - (performance.now() - started)));
  }
}

function onSnapshot(snapshot) {
  const t = Date.parse(snapshot.timestamp);
  const events = snapshot.starvationEvents;
  const seconds = previous ? Math.max(0.001, (t - previous.t) / 1000) : 1;
  const entry = {
    t,
    delay: snapshot.schedulingDelayMs,
    delayMax: snapshot.schedulingDelayMaxMs,
    threads: snapshot.threadCount,
    minThreads: snapshot.minWorkerThreads,
    queue: snapshot.queueLength,
    starvationPerSecond: previous ? (events.starvation - previous.events.starvation) / seconds : 0,
    cooperativePerSecond: previous ? (events.cooperativeBlocking - previous.events.cooperativeBlocking) / seconds : 0,
    strategies: snapshot.strategies,
  };
  history.push(entry);
  while (history.length > 0 && history[0].t < t - WINDOW_MS) {
    history.shift();
  }
  previous = { t, events };
  lastUpdate = Date.now();
  renderNumbers(snapshot);
  renderCharts();
  renderStatus();
}

function renderNumbers(s) {
  $("delay").textContent = fmt(s.schedulingDelayMs, s.schedulingDelayMs < 10 ? 2 : 0);
  $("delay-max").textContent = fmt(s.schedulingDelayMaxMs, s.schedulingDelayMaxMs < 10 ? 2 : 0);
  $("threads").textContent = fmt(s.threadCount);
  $("min-threads").textContent = fmt(s.minWorkerThreads);
  $("queue").textContent = fmt(s.queueLength);
  $("completed").textContent = fmt(s.completedWorkItems);
  $("starvation").textContent = fmt(s.starvationEvents.starvation);
  $("cooperative").textContent = fmt(s.starvationEvents.cooperativeBlocking);
  $("other").textContent = fmt(s.starvationEvents.other);
  document.querySelector("[data-testid=card-delay]").classList.toggle("bad", s.schedulingDelayMs >= STARVED_MS);
  $("updated").textContent = new Date(s.timestamp).toLocaleTimeString("en-GB");

  const rows = Object.entries(s.strategies).map(([name, x]) =>
    `<tr><td><span class="swatch" style="--c:${colorOf(name)}"></span>${name}</td><td>${fmt(x.inFlight)}</td>` +
    `<td>${fmt(x.requests)}</td><td>${fmt(x.rps, 1)}</td><td>${fmt(x.p50Ms, 1)}</td><td>${fmt(x.p99Ms, 1)}</td></tr>`);
  $("strategy-rows").innerHTML = rows.join("");
  const legend = Object.keys(s.strategies).map((name) => `<i${dashOf(name).length ? ' class="dashed"' : ""} style="--c:${colorOf(name)}"></i>${name}`).join(" ");
  $("legend-p99").innerHTML = legend;
  $("legend-rps").innerHTML = legend;
}

// Healthy, starving (now), or recovering (starved within the last 5 s). A poll that has waited long is itself a sign:
// this page's own request is queued behind the blocked threads.
function renderStatus() {
  const waitingMs = pendingSince === null ? 0 : performance.now() - pendingSince;
  const last = history[history.length - 1];
  if (waitingMs > 1500) {
    setStatus("starving", "STARVING", `the server has not answered this page for ${fmt(waitingMs / 1000, 1)} s — its request waits for a thread too`);
    $("poll-note").textContent = `waiting ${fmt(waitingMs / 1000, 1)} s for the server`;
    return;
  }
  $("poll-note").textContent = "";
  if (!last) {
    return;
  }
  if (last.delay >= STARVED_MS) {
    setStatus("starving", "STARVING", `work items wait ${fmt(last.delay)} ms for a thread; ${last.threads} threads and growing slowly`);
  } else if (last.delayMax >= STARVED_MS) {
    setStatus("recovering", "RECOVERING", `starved within the last 5 s (up to ${fmt(last.delayMax)} ms); now ${fmt(last.delay, 2)} ms`);
  } else {
    setStatus("healthy", "HEALTHY", `a work item gets a thread in ${fmt(last.delay, 2)} ms`);
  }
}

function setStatus(kind, title, detail) {
  $("status").className = `status ${kind}`;
  $("status-title").textContent = title;
  $("status-detail").textContent = detail;
}

function renderCharts() {
  const now = history.length ? history[history.length - 1].t : Date.now();
  const bands = starvedBands();
  const series = (key, color, extra = {}) => ({ points: history.map((e) => [e.t, e[key]]), color, ...extra });
  drawChart($("chart-delay"), now, bands, [series("delay", "#dc2626", { fill: true })], { threshold: STARVED_MS });
  drawChart($("chart-threads"), now, bands, [series("minThreads", "#64748b", { dashed: true }), series("threads", "#2563eb")], {});
  drawChart($("chart-queue"), now, bands, [series("queue", "#ea580c", { fill: true })], {});
  drawChart($("chart-injections"), now, bands,
    [series("starvationPerSecond", "#dc2626", { bars: true }), series("cooperativePerSecond", "#9333ea", { bars: true, offset: 1 })], {});
  const names = Object.keys(history[history.length - 1]?.strategies ?? {});
  const perStrategy = (field) => names.map((name) => ({
    points: history.map((e) => [e.t, e.strategies[name]?.[field] ?? 0]), color: colorOf(name), dash: dashOf(name),
  }));
  drawChart($("chart-p99"), now, bands, perStrategy("p99Ms"), {});
  drawChart($("chart-rps"), now, bands, perStrategy("rps"), {});
}

// Time ranges in which the pool was starved: a snapshot with a long delay, or a gap in which the page got no answer.
function starvedBands() {
  const bands = [];
  for (let i = 1; i < history.length; i++) {
    const [a, b] = [history[i - 1], history[i]];
    if (b.delay >= STARVED_MS || b.t - a.t > 2500) {
      const last = bands[bands.length - 1];
      if (last && last[1] >= a.t) {
        last[1] = b.t;
      } else {
        bands.push([a.t, b.t]);
      }
    }
  }
  return bands;
}

function drawChart(canvas, now, bands, seriesList, { threshold }) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const g = canvas.getContext("2d");
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);

  const pad = { left: 52, right: 8, top: 6, bottom: 18 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const start = now - WINDOW_MS;
  let highest = threshold ? threshold * 1.5 : 1;
  for (const s of seriesList) {
    for (const [, v] of s.points) {
      highest = Math.max(highest, v);
    }
  }
  const step = niceCeiling(highest / 4);  // four grid steps of a round size
  const max = step * 4;
  const x = (t) => pad.left + ((t - start) / WINDOW_MS) * plotW;
  const y = (v) => pad.top + plotH - (v / max) * plotH;

  // Starved periods, shaded on every chart so cause and effect line up.
  g.fillStyle = "rgba(220, 38, 38, 0.12)";
  for (const [from, to] of bands) {
    const left = Math.max(pad.left, x(from));
    g.fillRect(left, pad.top, Math.max(2, x(to) - left), plotH);
  }

  // Grid and axis labels.
  g.strokeStyle = "#e2e8f0";
  g.fillStyle = "#64748b";
  g.font = "11px system-ui, sans-serif";
  g.lineWidth = 1;
  g.textAlign = "right";
  g.textBaseline = "middle";
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    g.beginPath();
    g.moveTo(pad.left, y(v));
    g.lineTo(pad.left + plotW, y(v));
    g.stroke();
    g.fillText(fmt(v, step < 1 ? 2 : 0), pad.left - 6, y(v));
  }
  g.textAlign = "center";
  g.textBaseline = "top";
  for (const secondsAgo of [120, 90, 60, 30, 0]) {
    g.fillText(secondsAgo === 0 ? "now" : `-${secondsAgo} s`, x(now - secondsAgo * 1000), pad.top + plotH + 4);
  }

  if (threshold) {
    g.strokeStyle = "#dc2626";
    g.setLineDash([4, 4]);
    g.beginPath();
    g.moveTo(pad.left, y(threshold));
    g.lineTo(pad.left + plotW, y(threshold));
    g.stroke();
    g.setLineDash([]);
    g.textAlign = "left";
    g.textBaseline = "bottom";
    g.fillStyle = "#dc2626";
    g.fillText("starved", pad.left + 4, y(threshold) - 2);
  }

  for (const s of seriesList) {
    const points = s.points.filter(([t]) => t >= start);
    if (points.length === 0) {
      continue;
    }
    g.strokeStyle = s.color;
    g.fillStyle = s.color;
    if (s.bars) {
      const barWidth = Math.max(2, plotW / (WINDOW_MS / 1000) / 2);
      for (const [t, v] of points) {
        if (v > 0) {
          g.fillRect(x(t) - barWidth + (s.offset ?? 0) * barWidth, y(v), barWidth, pad.top + plotH - y(v));
        }
      }
      continue;
    }
    g.lineWidth = 2;
    g.setLineDash(s.dash ?? (s.dashed ? [5, 4] : []));
    g.beginPath();
    points.forEach(([t, v], i) => (i === 0 ? g.moveTo(x(t), y(v)) : g.lineTo(x(t), y(v))));
    g.stroke();
    g.setLineDash([]);
    if (s.fill) {
      g.lineTo(x(points[points.length - 1][0]), y(0));
      g.lineTo(x(points[0][0]), y(0));
      g.closePath();
      g.globalAlpha = 0.15;
      g.fill();
      g.globalAlpha = 1;
    }
  }
}

// 1, 2, 5 × 10^n at or above the value, so the axis labels are round numbers.
function niceCeiling(value) {
  const exponent = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * exponent) {
      return step * exponent;
    }
  }
  return 10 * exponent;
}

setInterval(renderStatus, 250);
window.addEventListener("resize", renderCharts);
loadPalette().then(poll);
