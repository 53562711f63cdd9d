// Behaviour that used to sit in inline event handlers, which the Content-Security-Policy forbids.
// [data-autosubmit] on a control sends its form when the choice changes (the language menu);
// [data-print] on a button prints the page (the session poster).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var control = event.target;
    if (control.form && control.hasAttribute("data-autosubmit")) {
      control.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) {
      window.print();
    }
  });
})();
