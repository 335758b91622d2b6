// The lab panel: put strategies under load against this API (POST /lab/runs), follow the run while the charts below show
// the pool, then show the side-by-side table, the load report's comparison sentence and a link to the full report.
// The load comes from the load tool in a child process (src/WebDemo.Api/Lab). The routes exist in Development, or with
// Lab:Enabled; outside Development they need the admin key, kept for this tab only (sessionStorage, as the stacks panel).
"use strict";

(() => {
  const KEY = "webdemo.adminKey";
  const el = (id) => document.getElementById(id);
  const headers = (json) => ({
    ...(json ? { "Content-Type": "application/json" } : {}),
    ...(sessionStorage.getItem(KEY) ? { "X-Api-Key": sessionStorage.getItem(KEY) } : {}),
  });
  const num = (value, digits = 0) => value == null ? "–"
    : Number(value).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  let following = null;

  // The newest run, if any: resume following it (a reload does not lose a run), or show its result.
  // Asks the public status route first, so the page never requests a route that does not exist or needs a key it lacks.
  async function start() {
    const status = await fetch("/lab", { cache: "no-store" });
    const { routesEnabled, keyRequired } = status.ok ? await status.json() : { routesEnabled: false };
    el("lab").hidden = !routesEnabled;
    if (!routesEnabled) {
      return;
    }
    if (keyRequired && !sessionStorage.getItem(KEY)) {
      el("lab-key-form").hidden = false;
      say("The lab needs the admin key here (X-Api-Key).");
      return;
    }
    const response = await fetch("/lab/runs", { cache: "no-store", headers: headers() });
    if (response.status === 401) {
      sessionStorage.removeItem(KEY);
      el("lab-key-form").hidden = false;
      say("That key was refused; enter the admin key (X-Api-Key).");
      return;
    }
    el("lab-key-form").hidden = true;
    el("lab-form").hidden = false;
    const runs = await response.json();
    if (runs.length > 0) {
      show(runs[0]);
      if (runs[0].state === "Running") {
        follow(runs[0].id);
      }
    }
  }

  async function submit(event) {
    event.preventDefault();
    const strategies = [...document.querySelectorAll("#lab-strategies input:checked")].map((box) => box.value);
    const body = { strategies, clients: +el("lab-clients").value, seconds: +el("lab-seconds").value, latencyMs: +el("lab-latency").value };
    const response = await fetch("/lab/runs", { method: "POST", headers: headers(true), body: JSON.stringify(body) });
    const answer = await response.json();
    if (response.status === 202) {
      show(answer);
      follow(answer.id);
    } else if (response.status === 409) {
      say(`${answer.detail} Following it.`);
      follow(answer.runningId);
    } else {
      say(answer.errors ? Object.entries(answer.errors).map(([field, messages]) => `${field}: ${messages.join(" ")}`).join(" · ")
        : answer.detail ?? answer.title);
    }
  }

  async function stop() {
    if (following) {
      await fetch(`/lab/runs/${following}`, { method: "DELETE", headers: headers() });
    }
  }

  // Once a second while it runs. A starved pool delays these answers too: the bar then pauses, which is the lesson.
  async function follow(id) {
    following = id;
    while (following === id) {
      try {
        const response = await fetch(`/lab/runs/${id}`, { cache: "no-store", headers: headers() });
        if (response.ok) {
          const run = await response.json();
          show(run);
          if (run.state !== "Running") {
            following = null;
            break;
          }
        }
      } catch {
        // The server does not answer this page yet; the status banner says why.
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  function show(run) {
    const running = run.state === "Running";
    el("lab-start").disabled = running;
    el("lab-stop").hidden = !running;
    el("lab-progress").hidden = false;
    el("lab-bar").value = run.progress.fraction;
    const p = run.progress;
    say(running
      ? (p.strategy ? `${p.strategy} (${p.index}/${p.count}): ${p.phase === "cooling" ? "waiting for the pool to shrink back first" : `${num(p.requestsPerSecond)} req/s`}` : "starting the load tool…")
      : run.state === "Completed" ? `Done: ${run.strategies.join(", ")}, ${run.clients} clients, ${run.seconds} s each, ${run.latencyMs} ms backend latency.`
      : `${run.state}: ${run.error ?? ""}`);
    el("lab-state").dataset.state = run.state;
    renderResult(run.result);
  }

  function renderResult(result) {
    el("lab-result").hidden = !result;
    if (!result) {
      return;
    }
    el("lab-rows").replaceChildren(...result.strategies.map((row) => {
      const tr = document.createElement("tr");
      tr.dataset.strategy = row.strategy;
      for (const value of [row.strategy, num(row.requestsPerSecond), num(row.p50Ms, 1), num(row.p99Ms, 1), num(row.healthP99Ms, 1),
        `${num(row.poolThreadsAtStart)} → ${num(row.poolThreadsMax)}`, num(row.worstSchedulingDelayMs, 1), num(row.failed)]) {
        const td = document.createElement("td");
        td.textContent = value;
        tr.append(td);
      }
      return tr;
    }));
    el("lab-sentence").textContent = result.sentences.length > 0 ? result.sentences.join(" ")
      : result.noRatio ? `No comparison: ${result.noRatio}.` : "One strategy: add another to compare.";
    el("lab-report").href = result.reportUrl;
  }

  function say(text) {
    el("lab-progress").hidden = false;
    el("lab-state").textContent = text;
  }

  document.addEventListener("DOMContentLoaded", () => {
    el("lab-form").addEventListener("submit", submit);
    el("lab-stop").addEventListener("click", stop);
    el("lab-key-form").addEventListener("submit", (event) => {
      event.preventDefault();
      sessionStorage.setItem(KEY, el("lab-key").value);
      start();
    });
    start().catch(() => say("The lab did not answer; reload to try again."));
  });
})();
