// Idle session warning (GOV.UK / HMRC timeout pattern), progressive enhancement only.
//
// The server signs a session out after CSPR_SESSION_IDLE_SECONDS without a request
// (cspr.security.IdleTimeoutMiddleware). This script opens the dialog in
// templates/cspr/account/_idle_warning.html shortly before that, counts down, and lets the person
// stay signed in (a POST to the session URL restarts the clock). It asks the server before acting,
// so activity in another tab keeps this one open too. No inline script: it runs under the strict CSP.
(function () {
  "use strict";

  var dialog = document.getElementById("cspr-timeout");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) {
    return;
  }
  var idleSeconds = Number(dialog.getAttribute("data-idle-seconds"));
  var warningSeconds = Number(dialog.getAttribute("data-warning-seconds"));
  var statusUrl = dialog.getAttribute("data-status-url");
  var signedOutUrl = dialog.getAttribute("data-signed-out-url");
  var countdown = dialog.querySelector("[data-timeout-countdown]");
  var announce = dialog.querySelector("[data-timeout-announce]");
  var stay = dialog.querySelector("[data-timeout-stay]");
  var csrfInput = dialog.querySelector("input[name=csrfmiddlewaretoken]");
  var timer = null;
  var ticker = null;
  var expiresAt = 0;
  var returnFocus = null;
  var lastAnnounced = null;

  function inWords(seconds) {
    if (seconds >= 60) {
      var minutes = Math.ceil(seconds / 60);
      return minutes + (minutes === 1 ? " minute" : " minutes");
    }
    return seconds + (seconds === 1 ? " second" : " seconds");
  }

  function status(method) {
    var options = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (method === "POST" && csrfInput) {
      options.headers["X-CSRFToken"] = csrfInput.value;
    }
    return fetch(statusUrl, options).then(function (response) {
      if (!response.ok) {
        throw new Error("session status " + response.status);
      }
      return response.json();
    });
  }

  function schedule(secondsLeft) {
    window.clearTimeout(timer);
    expiresAt = Date.now() + secondsLeft * 1000;
    timer = window.setTimeout(check, Math.max(0, secondsLeft - warningSeconds) * 1000);
  }

  function check() {
    status("GET")
      .then(function (session) {
        if (!session.signed_in) {
          signOut();
        } else if (session.seconds_left > warningSeconds + 5) {
          hide(); // the person is active in another tab
          schedule(session.seconds_left);
        } else {
          show(session.seconds_left);
        }
      })
      .catch(function () {
        timer = window.setTimeout(check, 10000); // the network dropped: ask again shortly
      });
  }

  function show(secondsLeft) {
    expiresAt = Date.now() + secondsLeft * 1000;
    if (!dialog.open) {
      returnFocus = document.activeElement;
      lastAnnounced = null;
      dialog.showModal();
      stay.focus();
    }
    window.clearInterval(ticker);
    tick();
    ticker = window.setInterval(tick, 1000);
  }

  function tick() {
    var left = Math.ceil((expiresAt - Date.now()) / 1000);
    if (left <= -2) {
      // Two seconds past the limit, so the server has certainly signed the session out.
      window.clearInterval(ticker);
      check();
      return;
    }
    left = Math.max(left, 0);
    countdown.textContent = inWords(left);
    // Screen readers hear the time left now and then, not every second.
    var spoken = left > 60 ? inWords(left) : left > 20 ? "1 minute" : left > 0 ? "20 seconds" : "";
    if (spoken && spoken !== lastAnnounced) {
      announce.textContent = "We will sign you out in " + spoken + ".";
      lastAnnounced = spoken;
    }
  }

  function hide() {
    window.clearInterval(ticker);
    if (dialog.open) {
      dialog.close();
      if (returnFocus && typeof returnFocus.focus === "function") {
        returnFocus.focus();
      }
    }
  }

  function signOut() {
    hide();
    var here = window.location.pathname + window.location.search;
    window.location.assign(signedOutUrl + "?next=" + encodeURIComponent(here));
  }

  function staySignedIn() {
    status("POST")
      .then(function (session) {
        if (!session.signed_in) {
          signOut();
          return;
        }
        hide();
        schedule(session.seconds_left);
      })
      .catch(check);
  }

  stay.addEventListener("click", staySignedIn);
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault(); // Escape means "stay signed in", as in the HMRC timeout dialog
    staySignedIn();
  });
  schedule(idleSeconds);
})();
