/* Questionnaire forms: each answer is saved as it is given (POST {item, value} to the form's
   data-answer-url), a slider and its number box kept in step, the error summary focused.
   Without this script the form still works: the number boxes and radio buttons post with
   "Save and continue later" or "Submit". No inline script, no eval (CSP). */
(function () {
  "use strict";

  var form = document.querySelector("form.questionnaire");
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
  if (!form) {
    return;
  }

  var url = form.getAttribute("data-answer-url");
  var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var token = tokenInput ? tokenInput.value : "";
  var status = document.getElementById("q-save-status");
  var progress = document.getElementById("q-progress");
  var progressBar = document.getElementById("q-progress-bar");
  var msg = function (name) {
    return form.getAttribute("data-msg-" + name) || "";
  };

  function announce(text) {
    if (!status) {
      return;
    }
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  function fieldsetOf(item) {
    return document.getElementById("item-" + item);
  }

  function showError(item, text) {
    var fieldset = fieldsetOf(item);
    if (!fieldset) {
      return;
    }
    var box = document.getElementById(item + "-error");
    var number = document.getElementById(item + "-number");
    if (box) {
      box.querySelector(".q-error-text").textContent = text;
      box.hidden = !text;
    }
    fieldset.classList.toggle("q-item-error", !!text);
    if (text) {
      fieldset.setAttribute("aria-invalid", "true");
      fieldset.setAttribute("aria-describedby", item + "-error");
    } else {
      fieldset.removeAttribute("aria-invalid");
      fieldset.removeAttribute("aria-describedby");
    }
    if (number) {
      var described = [item + "-anchors"];
      if (text) {
        described.push(item + "-error");
        number.setAttribute("aria-invalid", "true");
      } else {
        number.removeAttribute("aria-invalid");
      }
      number.setAttribute("aria-describedby", described.join(" "));
    }
  }

  function setItemStatus(item, answered) {
    var line = document.getElementById(item + "-status");
    if (line) {
      line.textContent = answered ? msg("item-saved") : msg("not-answered");
      line.classList.toggle("q-unanswered", !answered);
    }
  }

  function setProgress(answered, total) {
    var text = msg("progress").replace("{answered}", String(answered));
    if (progress) {
      progress.textContent = text;
    }
    if (progressBar) {
      progressBar.value = answered;
      progressBar.max = total;
    }
    return text;
  }

  /* One request at a time; a newer answer to an item waiting to be sent replaces the older. */
  var pending = new Map();
  var busy = false;
  var signedOut = false;

  function send() {
    if (busy || pending.size === 0) {
      return;
    }
    var item = pending.keys().next().value;
    var value = pending.get(item);
    pending.delete(item);
    busy = true;
    announce(msg("saving"));
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": token
      },
      body: JSON.stringify({ item: item, value: value })
    })
      .then(function (response) {
        /* A session that has ended is sent to the sign-in page (a redirect, then HTML). */
        var type = response.headers.get("Content-Type") || "";
        var toSignIn = response.redirected && response.url.indexOf("/accounts/login/") !== -1;
        if (toSignIn || type.indexOf("application/json") === -1) {
          return { signedOut: toSignIn || response.redirected || response.status === 401 ||
            response.status === 403 };
        }
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        if (!result.body) {
          if (result.signedOut) {
            signedOut = true;
            announce(msg("signed-out"));
          } else {
            announce(msg("failed"));
          }
          return;
        }
        if (result.ok && result.body.discarded) {
          /* The draft was started before the operation and thrown away: the page still shows
             its answers, so load it again (it carries the message). */
          announce(result.body.message || "");
          window.location.reload();
          return;
        }
        if (result.ok && result.body.saved) {
          showError(item, "");
          setItemStatus(item, value !== "");
          var text = setProgress(result.body.answered, result.body.total);
          announce(msg("saved") + " " + text);
        } else {
          var problem = result.body.message || result.body.error || "";
          showError(item, problem);
          announce(problem);
        }
      })
      .catch(function () {
        announce(msg(signedOut ? "signed-out" : "failed"));
      })
      .then(function () {
        busy = false;
        send();
      });
  }

  function save(item, value) {
    pending.set(item, value);
    send();
  }

  /* Radio groups */
  form.querySelectorAll(".q-item input[type=radio]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (radio.checked) {
        save(radio.name, radio.value);
      }
    });
  });

  /* Sliders and their number boxes: the number box holds the answer; an untouched slider
     (always at some position) is no answer until it is moved. */
  form.querySelectorAll(".q-item input[type=number]").forEach(function (number) {
    var slider = document.getElementById(number.getAttribute("data-slider"));
    var item = number.name;
    if (slider) {
      slider.parentElement.hidden = false;
    }

    function markTouched(touched) {
      if (!slider) {
        return;
      }
      if (touched) {
        slider.removeAttribute("aria-valuetext");
        slider.removeAttribute("data-untouched");
      } else {
        slider.setAttribute("aria-valuetext", msg("not-answered"));
        slider.setAttribute("data-untouched", "true");
      }
    }

    number.addEventListener("input", function () {
      if (!slider) {
        return;
      }
      var text = number.value.trim();
      if (text === "") {
        markTouched(false);
        return;
      }
      var value = Number(text.replace(",", "."));
      if (Number.isFinite(value) && value >= Number(slider.min) && value <= Number(slider.max)) {
        slider.value = String(value);
        markTouched(true);
      }
    });
    number.addEventListener("change", function () {
      save(item, number.value.trim());
    });
    number.addEventListener("keydown", function (event) {
      /* Enter commits this answer rather than sending the whole questionnaire. */
      if (event.key === "Enter") {
        event.preventDefault();
        save(item, number.value.trim());
      }
    });
    if (slider) {
      slider.addEventListener("input", function () {
        number.value = slider.value;
        markTouched(true);
      });
      slider.addEventListener("change", function () {
        number.value = slider.value;
        markTouched(true);
        save(item, slider.value);
      });
    }
  });
})();
