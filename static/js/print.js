// The print view's Print button: shown only when this script runs; without it the hint beside it says how.
(function () {
  var button = document.querySelector("[data-print]");
  var hint = document.querySelector("[data-print-hint]");
  if (!button || typeof window.print !== "function") return;
  button.hidden = false;
  if (hint) hint.hidden = true;
  button.addEventListener("click", function () { window.print(); });
})();
