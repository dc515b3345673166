// Autosave for the agency's scoping return (progressive enhancement; the page works without it).
// Every 30 seconds, if anything changed, the form is posted to its own URL with autosave=1 (files left
// out). The server answers with the new version, kept in the hidden field so the next manual save is not
// mistaken for someone else's; a conflict or error is announced instead of overwriting anything.
(function () {
  "use strict";
  var INTERVAL = 30000;
  var form = document.querySelector('form[data-module="cspr-autosave"]');
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = form.querySelector("[data-autosave-status]");
  var version = form.querySelector('input[name="version"]');
  var dirty = false;
  var busy = false;
  var stopped = false;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  form.addEventListener("input", function (event) {
    if (event.target && event.target.type !== "file") {
      dirty = true;
    }
  });
  form.addEventListener("change", function (event) {
    if (event.target && event.target.type === "checkbox") {
      dirty = true;
    }
  });
  form.addEventListener("submit", function () {
    stopped = true; // a manual save is on its way
  });

  function save() {
    if (!dirty || busy || stopped) {
      return;
    }
    busy = true;
    dirty = false;
    var data = new FormData(form);
    data.delete("attachment");
    data.delete("action");
    data.set("autosave", "1");
    fetch(form.getAttribute("action") || window.location.pathname, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        if (result.ok) {
          if (version) {
            version.value = result.body.version;
          }
          say("Draft saved at " + result.body.saved_at);
        } else {
          stopped = true; // leave it to the person: a manual save shows what went wrong
          say(result.body.error || "Your changes could not be saved automatically.");
        }
      })
      .catch(function () {
        dirty = true; // try again next time
        say("Your changes could not be saved automatically. Check your connection.");
      })
      .then(function () {
        busy = false;
      });
  }

  window.setInterval(save, INTERVAL);
})();
