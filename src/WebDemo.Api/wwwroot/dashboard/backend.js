"use strict";
// The backend card: process CPU next to the pool's thread count, from /diagnostics/backend once a second.
// On the local model a saturated server shows ~100 % CPU with a handful of threads; the waiting backends show the reverse.
(() => {
  const $ = (id) => document.getElementById(id);
  async function pollBackend() {
    try {
      const response = await fetch("/diagnostics/backend", { cache: "no-store" });
      if (response.ok) {
        const status = await response.json();
        $("cpu").textContent = status.cpuPercent.toFixed(0);
        $("backend").textContent = status.backend;
        $("inference").textContent = status.workers > 0
          ? ` · ${status.busyWorkers}/${status.workers} inference workers busy, ${status.queueDepth} queued`
          : "";
      }
    } catch {
      // The main poller reports a disconnected server.
    } finally {
      setTimeout(pollBackend, 1000);
    }
  }
  pollBackend();
})();
