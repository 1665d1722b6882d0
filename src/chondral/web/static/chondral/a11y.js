/* The "Accessibility tools" region (clinic/base.html): each choice applies at once (classes on
 * <html>) and is saved with a POST of the whole preferences to /preferences/ (the profile of a
 * signed-in user, a cookie for a visitor). Without this script the same buttons post the form
 * and the server redirects back. "Read aloud" reads the page's main content where the browser
 * has speech synthesis. No inline script (CSP); nothing is loaded from elsewhere. */
(function () {
  "use strict";

  var MAX_STEP = 3;
  var TOGGLES = {
    contrast: "a11y-contrast",
    reduce_motion: "a11y-reduce-motion",
    readable_font: "a11y-readable-font",
    highlight_links: "a11y-highlight-links",
    line_spacing: "a11y-line-spacing"
  };
  var root = document.documentElement;

  function currentPrefs() {
    var prefs = { text_step: 0 };
    for (var step = 1; step <= MAX_STEP; step++) {
      if (root.classList.contains("a11y-text-" + step)) { prefs.text_step = step; }
    }
    Object.keys(TOGGLES).forEach(function (name) {
      prefs[name] = root.classList.contains(TOGGLES[name]);
    });
    return prefs;
  }

  function applyClasses(prefs) {
    for (var step = 1; step <= MAX_STEP; step++) {
      root.classList.toggle("a11y-text-" + step, prefs.text_step === step);
    }
    Object.keys(TOGGLES).forEach(function (name) {
      root.classList.toggle(TOGGLES[name], prefs[name]);
    });
  }

  function nextPrefs(prefs, tool) {
    var next = {};
    Object.keys(prefs).forEach(function (name) { next[name] = prefs[name]; });
    if (tool === "larger") {
      next.text_step = Math.min(prefs.text_step + 1, MAX_STEP);
    } else if (tool === "smaller") {
      next.text_step = Math.max(prefs.text_step - 1, 0);
    } else if (tool === "reset") {
      next.text_step = 0;
      Object.keys(TOGGLES).forEach(function (name) { next[name] = false; });
    } else if (Object.prototype.hasOwnProperty.call(TOGGLES, tool)) {
      next[tool] = !prefs[tool];
    } else {
      return null;
    }
    return next;
  }

  function setUp(region) {
    var form = region.querySelector("form");
    var output = region.querySelector("output");
    if (!form || !output) { return; }
    var tokenField = form.querySelector("input[name=csrfmiddlewaretoken]");
    var saving = Promise.resolve();

    function button(tool) {
      return form.querySelector("button[name=tool][value=" + tool + "]");
    }

    function showState(prefs, note) {
      Object.keys(TOGGLES).forEach(function (name) {
        var toggle = button(name);
        if (toggle) { toggle.setAttribute("aria-pressed", prefs[name] ? "true" : "false"); }
      });
      var larger = button("larger");
      var smaller = button("smaller");
      if (larger) {
        if (prefs.text_step >= MAX_STEP) { larger.setAttribute("aria-disabled", "true"); }
        else { larger.removeAttribute("aria-disabled"); }
      }
      if (smaller) {
        if (prefs.text_step <= 0) { smaller.setAttribute("aria-disabled", "true"); }
        else { smaller.removeAttribute("aria-disabled"); }
      }
      var text = region.getAttribute("data-text-" + prefs.text_step) || "";
      output.textContent = note || text;
    }

    function save(prefs) {
      var body = JSON.stringify({ accessibility: prefs });
      saving = saving.then(function () {
        return fetch(form.action, {
          method: "POST",
          credentials: "same-origin",
          headers: {
            "Content-Type": "application/json",
            "X-CSRFToken": tokenField ? tokenField.value : ""
          },
          body: body
        }).then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
        }).catch(function () {
          output.textContent = region.getAttribute("data-save-failed") || "";
        });
      });
      return saving;
    }

    form.addEventListener("submit", function (event) {
      var pressed = event.submitter;
      if (!pressed || pressed.name !== "tool") { return; }
      event.preventDefault();
      var tool = pressed.value;
      var prefs = currentPrefs();
      var next = nextPrefs(prefs, tool);
      if (next === null) { return; }
      var note = "";
      if (tool === "larger" && prefs.text_step >= MAX_STEP) {
        note = region.getAttribute("data-at-largest") || "";
      } else if (tool === "smaller" && prefs.text_step <= 0) {
        note = region.getAttribute("data-at-smallest") || "";
      }
      applyClasses(next);
      showState(next, note);
      pressed.focus();
      if (!note) { save(next); }
    });

    setUpReadAloud(form.querySelector("#a11y-read-aloud"));
  }

  /* Read aloud: the text of <main>, one utterance per line (long single utterances stop
   * part way in some browsers); pressing again stops. */
  function setUpReadAloud(readButton) {
    if (!readButton || !("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
      return;
    }
    var main = document.querySelector("main");
    if (!main) { return; }
    readButton.hidden = false;
    var reading = false;
    var run = 0;

    function stop() {
      reading = false;
      run++;
      readButton.setAttribute("aria-pressed", "false");
    }

    window.addEventListener("pagehide", function () {
      if (reading) { stop(); window.speechSynthesis.cancel(); }
    });

    readButton.addEventListener("click", function () {
      if (reading) {
        stop();
        window.speechSynthesis.cancel();
        return;
      }
      var lines = (main.innerText || main.textContent || "").split(/\n+/).map(function (line) {
        return line.trim();
      }).filter(function (line) { return line.length > 0; });
      if (lines.length === 0) { return; }
      window.speechSynthesis.cancel();
      reading = true;
      run++;
      var thisRun = run;
      readButton.setAttribute("aria-pressed", "true");
      lines.forEach(function (line, index) {
        var utterance = new window.SpeechSynthesisUtterance(line);
        utterance.lang = root.lang || "en";
        if (index === lines.length - 1) {
          utterance.onend = function () { if (run === thisRun) { stop(); } };
        }
        utterance.onerror = function () { if (run === thisRun) { stop(); } };
        window.speechSynthesis.speak(utterance);
      });
    });
  }

  /* The browser keeps the look that applies (the cookie chondral_a11y, the same short code the
   * server writes: the text step, then a letter per tool that is on), so that a signed-in
   * user's choices, which the server renders from their profile, still apply on the sign-in
   * page after they sign out. */
  var COOKIE = "chondral_a11y";
  var LETTERS = {
    contrast: "c", reduce_motion: "m", readable_font: "f", highlight_links: "h", line_spacing: "s"
  };

  function cookieCode(prefs) {
    var code = String(prefs.text_step);
    Object.keys(LETTERS).forEach(function (name) { if (prefs[name]) { code += LETTERS[name]; } });
    return code;
  }

  function storedCode() {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].indexOf(COOKIE + "=") === 0) { return parts[i].slice(COOKIE.length + 1); }
    }
    return null;
  }

  function rememberInBrowser() {
    var code = cookieCode(currentPrefs());
    var stored = storedCode();
    if (stored === code || (stored === null && code === "0")) { return; }
    document.cookie = COOKIE + "=" + code + "; path=/; max-age=31536000; samesite=lax" +
      (location.protocol === "https:" ? "; secure" : "");
  }

  function start() {
    rememberInBrowser();
    var region = document.getElementById("a11y-tools");
    if (region) { setUp(region); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
