/* Body map: a picture of the ticks in the checkbox list before it, shown only when this script runs.
   The checkboxes stay the one real control (keyboard, screen readers, no JavaScript); the map stays
   aria-hidden and never takes focus. Tapping a region ticks or unticks its box, and ticks show on the map. */
(function () {
  'use strict';

  function enhance(map) {
    var scope = map.closest('form') || document;
    var boxes = {};
    var shapes = [];
    scope.querySelectorAll('input[type=checkbox][name=regions]').forEach(function (box) {
      boxes[box.value] = box;
    });
    map.querySelectorAll('[data-region]').forEach(function (shape) {
      if (boxes[shape.getAttribute('data-region')]) shapes.push(shape);
    });
    if (!shapes.length) return; // no list to mirror: the map stays hidden

    function showAll() {
      shapes.forEach(function (shape) {
        shape.classList.toggle('is-selected', boxes[shape.getAttribute('data-region')].checked);
      });
    }

    map.addEventListener('click', function (event) {
      var shape = event.target.closest('[data-region]');
      if (!shape || shapes.indexOf(shape) === -1) return;
      var box = boxes[shape.getAttribute('data-region')];
      box.checked = !box.checked;
      box.dispatchEvent(new Event('change', { bubbles: true }));
    });
    scope.addEventListener('change', function (event) {
      if (boxes[event.target.value] === event.target) showAll();
    });
    // The browser may restore ticks without a change event (back button, page cache).
    window.addEventListener('pageshow', showAll);
    showAll();

    map.classList.add('bodymap--enhanced');
    var panel = map.closest('.bodymap-layout__map');
    if (panel) {
      panel.hidden = false;
      panel.parentNode.classList.add('bodymap-layout--with-map');
    }
  }

  document.querySelectorAll('.bodymap--interactive').forEach(enhance);
})();
