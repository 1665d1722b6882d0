// Polls a background job's status (data-status-url on #plan-progress) and updates the
// progress bar; reloads the page when the job has finished. No inline script (CSP).
(function () {
  "use strict";
  var box = document.getElementById("plan-progress");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("plan-progress-bar");
  var text = document.getElementById("plan-progress-text");
  var delay = 1500;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (state) {
        if (bar) { bar.value = state.progress_percent; bar.textContent = state.progress_percent + " %"; }
        if (text) { text.textContent = state.progress_text; }
        if (state.finished) { window.location.reload(); return; }
        delay = Math.min(delay * 1.25, 5000);  // each poll is an audited read: slow down
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 30000);
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
}());
