/* "None of these" (GOV.UK exclusive checkbox): ticking it unticks the other answers, and ticking an
   answer unticks it. Only a convenience: the server refuses a sign together with "None of these". */
(function () {
  'use strict';
  document.querySelectorAll('input[type=checkbox][data-behaviour=exclusive]').forEach(function (none) {
    var form = none.form || document;
    var others = Array.prototype.filter.call(
      form.querySelectorAll('input[type=checkbox]'),
      function (box) { return box.name === none.name && box !== none; });
    none.addEventListener('change', function () {
      if (none.checked) others.forEach(function (box) { box.checked = false; });
    });
    others.forEach(function (box) {
      box.addEventListener('change', function () {
        if (box.checked) none.checked = false;
      });
    });
  });
})();
