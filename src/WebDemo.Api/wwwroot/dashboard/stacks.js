// The "who is blocking" panel: the latest stack capture's call chains from /diagnostics/stacks/recent, every 2 s.
// The stack routes follow the admin lever (they show the code's structure), so the panel asks for the admin key and keeps it
// for this browser tab only (sessionStorage).
"use strict";

(() => {
  const KEY = "webdemo.adminKey";
  const el = (id) => document.getElementById(id);
  const headers = () => (sessionStorage.getItem(KEY) ? { "X-Api-Key": sessionStorage.getItem(KEY) } : {});
  let latestId = null;

  // Asks the public status route first, so the page never requests a route that does not exist or needs a key it lacks.
  async function poll() {
    try {
      const access = await fetch("/diagnostics/stack-capture", { cache: "no-store" });
      if (!access.ok) {
        return;
      }
      const { routesEnabled, status } = await access.json();
      if (!status.available) {
        show(`Stack capture is off: ${status.reason}.`, { form: false });
      } else if (!routesEnabled) {
        show("Stack capture routes are off. Like the admin lever they exist only with Admin:Enabled=true and an Admin:ApiKey " +
          "(docs/stack-capture.md); the log still names the blocking code at each automatic capture.", { form: false });
      } else if (!sessionStorage.getItem(KEY)) {
        show("Stack captures show the code's structure, so they need the admin key (X-Api-Key).", { form: true });
      } else {
        const response = await fetch("/diagnostics/stacks/recent", { cache: "no-store", headers: headers() });
        if (response.status === 401) {
          sessionStorage.removeItem(KEY);
          show("That key was refused; enter the admin key.", { form: true });
        } else if (response.ok) {
          render(await response.json());
        }
      }
    } catch {
      // The server does not answer (or is starved): the status banner says so; keep the last capture on screen.
    } finally {
      setTimeout(poll, 2000);
    }
  }

  function show(text, { form }) {
    el("stacks-state").textContent = text;
    el("stacks-key-form").hidden = !form;
    el("stacks-capture").hidden = true;
  }

  function render({ status, captures }) {
    el("stacks-key-form").hidden = true;
    if (!status.available) {
      show(`Stack capture is off: ${status.reason}.`, { form: false });
      return;
    }
    const when = status.automatic
      ? `automatically when a work item waits ≥ ${status.thresholdMs} ms for a thread (at most once per ${status.minIntervalSeconds} s)`
      : "on demand only (StackCapture:Automatic is false)";
    if (captures.length === 0) {
      el("stacks-state").textContent = `No capture yet: one is taken ${when}, or press Capture now.`;
      el("stacks-capture").hidden = false;
      el("stacks-meta").textContent = "";
      el("stacks-rows").replaceChildren();
      return;
    }
    const c = captures[0];
    latestId = c.id;
    el("stacks-state").textContent = `${captures.length} capture(s) kept; taken ${when}.`;
    el("stacks-capture").hidden = false;
    el("stacks-meta").textContent = `Capture #${c.id}, ${c.trigger} at ${new Date(c.capturedAt).toLocaleTimeString("en-GB")} · ` +
      `scheduling delay ${Math.round(c.schedulingDelayMs)} ms · ${c.threadPoolThreads} pool threads, ${c.queuedWorkItems} work items queued, ` +
      `${c.idlePoolThreads} idle · took ${Math.round(c.wallMs)} ms (${Math.round(c.cpuMs)} ms CPU)`;
    const rows = c.topChains.map((chain, i) => {
      const row = document.createElement("tr");
      row.className = chain.applicationCode ? "application" : "framework";
      const count = document.createElement("td");
      count.textContent = chain.threads;
      const name = document.createElement("td");
      name.className = "chain";
      if (i === 0) {
        name.dataset.testid = "stacks-top-chain";
      }
      // Application frames in bold: the code to look at.
      chain.frames.forEach((frame, j) => {
        if (j > 0) {
          name.append(" ← ");
        }
        const part = document.createElement(frame.application ? "b" : "span");
        part.textContent = frame.name;
        name.append(part);
      });
      row.append(count, name);
      return row;
    });
    if (rows.length === 0) {
      const row = document.createElement("tr");
      row.innerHTML = "<td>0</td><td class=\"chain\">no pool thread was busy</td>";
      rows.push(row);
    }
    el("stacks-rows").replaceChildren(...rows);
  }

  el("stacks-key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, el("stacks-key").value);
    el("stacks-key").value = "";
  });

  el("stacks-now").addEventListener("click", async () => {
    el("stacks-now").disabled = true;
    try {
      await fetch("/diagnostics/stacks", { cache: "no-store", headers: headers() });
    } finally {
      el("stacks-now").disabled = false;
    }
  });

  el("stacks-full").addEventListener("click", async (event) => {
    event.preventDefault();
    const detail = el("stacks-detail");
    if (!detail.hidden || latestId === null) {
      detail.hidden = true;
      return;
    }
    const response = await fetch(`/diagnostics/stacks/${latestId}`, { cache: "no-store", headers: headers() });
    detail.textContent = response.ok ? JSON.stringify(await response.json(), null, 2) : `The server answered ${response.status}.`;
    detail.hidden = false;
  });

  poll();
})();
