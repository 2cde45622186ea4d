// The annual report's narrative checked while typing: after a pause in typing, the form's text (not
// saved) is sent to data-check-url and the findings column is replaced by the answer. Without
// script the page works the same, checked on saving.
(function () {
  "use strict";
  var form = document.querySelector("form[data-check-url]");
  if (!form || !window.fetch) return;
  var target = document.getElementById(form.getAttribute("data-check-target"));
  var timer = null;
  var sent = 0;
  function check() {
    var ticket = ++sent;
    fetch(form.getAttribute("data-check-url"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && ticket === sent && target) target.innerHTML = html;
      })
      .catch(function () {});
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 700);
  });
})();
