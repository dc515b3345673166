// Progress of a background export (progressive enhancement; without JavaScript the page has a refresh
// link). Every two seconds the page asks its progress URL and updates the status line and the bar; when
// the file is ready (or the export failed) it reloads, so the server shows the download or the error.
(function () {
  "use strict";
  var root = document.querySelector('[data-module="cspr-export-progress"]');
  if (!root || !window.fetch) {
    return;
  }
  var url = root.getAttribute("data-progress-url");
  var status = root.querySelector("[data-export-status]");
  var bar = root.querySelector("[data-export-bar]");
  var refresh = root.querySelector("[data-export-refresh]");
  if (refresh) {
    refresh.parentNode.textContent = "This page updates by itself while the file is written.";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then(function (progress) {
        if (progress.state === "done" || progress.state === "failed") {
          window.location.reload();
          return;
        }
        if (status) {
          status.textContent =
            progress.state_label + ": " + progress.rows_done + " of " + (progress.rows_total || "?") +
            " rows written (" + progress.percent + "%).";
        }
        if (bar) {
          bar.value = progress.percent;
          bar.textContent = progress.percent + "%";
        }
        window.setTimeout(poll, 2000);
      })
      .catch(function () {
        if (status) {
          status.textContent = "Progress could not be checked. Refresh the page to try again.";
        }
      });
  }

  window.setTimeout(poll, 2000);
})();
