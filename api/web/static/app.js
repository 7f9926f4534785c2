// The only script of the pages, and none of them needs it: it keeps a form from being sent
// twice by an impatient double click (the server would write once anyway: every form carries
// an idempotency key) and moves the focus to the error summary when a form comes back.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
    if (form.dataset.sent === "1") { event.preventDefault(); return; }
    form.dataset.sent = "1";
    var buttons = form.querySelectorAll("button[type=submit]");
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-busy", "true");
  });
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  });
  window.addEventListener("pageshow", function () {
    var forms = document.querySelectorAll("form[data-sent]");
    for (var i = 0; i < forms.length; i++) {
      delete forms[i].dataset.sent;
      var buttons = forms[i].querySelectorAll("[aria-busy]");
      for (var j = 0; j < buttons.length; j++) buttons[j].removeAttribute("aria-busy");
    }
  });
})();
