// [data-copy="#id"] on a button copies the text of the element it names (the tracking code on the
// receipt). The button stays hidden without JavaScript; where the clipboard is refused the text
// is selected instead, ready for the phone's own "copy".
(function () {
  "use strict";
  var select = function (element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  };
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    var target = document.querySelector(button.getAttribute("data-copy"));
    if (!target) { return; }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.textContent.trim();
      var done = function () {
        button.textContent = button.getAttribute("data-copied") || label;
        button.setAttribute("data-state", "copied");
        window.setTimeout(function () { button.textContent = label; }, 3000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { select(target); });
      } else {
        select(target);
      }
    });
  });
})();
