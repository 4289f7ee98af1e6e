/* Body map: tapping a region ticks its box in the list beside it, and the other way round.
   The checkboxes stay the real form control; without this script the figure is only a picture. */
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  document.documentElement.classList.add('js');

  function enhance(map) {
    var scope = map.closest('form') || document;
    var boxes = {};
    var shapes = [];
    scope.querySelectorAll('input[type=checkbox][name=regions]').forEach(function (box) {
      boxes[box.value] = box;
    });
    map.querySelectorAll('[data-region]').forEach(function (shape) {
      var box = boxes[shape.getAttribute('data-region')];
      if (!box) return;
      var label = box.labels && box.labels[0];
      shape.setAttribute('tabindex', '0');
      shape.setAttribute('role', 'checkbox');
      shape.setAttribute('aria-label', (label ? label.textContent : box.value).trim());
      shapes.push(shape);
    });
    if (!shapes.length) return;

    // Each view is a figure named by its caption ("Front", "Back"); its shapes become checkboxes.
    map.querySelectorAll('svg').forEach(function (svg) { svg.setAttribute('role', 'group'); });
    map.removeAttribute('aria-hidden');
    map.classList.add('bodymap--enhanced');

    function show(shape) {
      var on = boxes[shape.getAttribute('data-region')].checked;
      shape.classList.toggle('is-selected', on);
      shape.setAttribute('aria-checked', on ? 'true' : 'false');
    }
    function showAll() { shapes.forEach(show); }

    function toggle(shape) {
      var box = boxes[shape.getAttribute('data-region')];
      box.checked = !box.checked;
      box.dispatchEvent(new Event('change', { bubbles: true }));
    }

    map.addEventListener('click', function (event) {
      var shape = event.target.closest('[data-region]');
      if (shape && shapes.indexOf(shape) !== -1) toggle(shape);
    });
    map.addEventListener('keydown', function (event) {
      var shape = event.target.closest('[data-region]');
      if (!shape || shapes.indexOf(shape) === -1 || (event.key !== ' ' && event.key !== 'Enter')) return;
      event.preventDefault(); // Space would scroll the page
      if (!event.repeat) toggle(shape);
    });
    scope.addEventListener('change', function (event) {
      if (boxes[event.target.value] === event.target) showAll();
    });
    // The browser may restore ticks without a change event (back button, page cache).
    window.addEventListener('pageshow', showAll);

    // The focus ring is drawn last in the figure so that neighbouring regions cannot cover it.
    map.addEventListener('focusin', function (event) {
      var shape = event.target;
      if (shapes.indexOf(shape) === -1 || !focusVisible(shape)) return;
      var svg = shape.ownerSVGElement;
      ['outer', 'inner'].forEach(function (part) {
        var ring = document.createElementNS(SVG, 'path');
        ring.setAttribute('class', 'bodymap__focus bodymap__focus--' + part);
        ring.setAttribute('d', shape.getAttribute('d'));
        ring.setAttribute('aria-hidden', 'true');
        svg.appendChild(ring);
      });
    });
    map.addEventListener('focusout', function () {
      map.querySelectorAll('.bodymap__focus').forEach(function (ring) { ring.remove(); });
    });
    showAll();
  }

  function focusVisible(element) {
    try { return element.matches(':focus-visible'); } catch (e) { return true; }
  }

  document.querySelectorAll('.bodymap--interactive').forEach(enhance);
})();
