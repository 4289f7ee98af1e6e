/* Kiosk mode (a waiting-room tablet): after a while without input, ask "Are you still there?" and,
   without an answer, start over: the form POSTs to /start-over, which deletes the answers.
   The timings come from the page (data-idle-prompt, data-idle-answer, in seconds). */
(function () {
  'use strict';
  var dialog = document.getElementById('kiosk-idle');
  var form = document.getElementById('kiosk-start-over');
  if (!dialog || !form || typeof dialog.showModal !== 'function') { return; }
  var promptMs = Number(dialog.getAttribute('data-idle-prompt')) * 1000;
  var answerMs = Number(dialog.getAttribute('data-idle-answer')) * 1000;
  var countdown = dialog.querySelector('[data-kiosk-countdown]');
  var idleTimer = null, answerTimer = null, tick = null, deadline = 0;

  function showCountdown() {
    if (countdown) { countdown.textContent = String(Math.max(0, Math.ceil((deadline - Date.now()) / 1000))); }
  }
  function startOver() {
    clearInterval(tick);
    form.submit();
  }
  function ask() {
    deadline = Date.now() + answerMs;
    showCountdown();
    dialog.showModal();
    answerTimer = setTimeout(startOver, answerMs);
    tick = setInterval(showCountdown, 1000);
  }
  function restart() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(ask, promptMs);
  }
  function activity() {
    if (!dialog.open) { restart(); }  // while asking, only an answer counts
  }

  dialog.addEventListener('close', function () {  // "Yes, carry on", or Escape: someone is there
    clearTimeout(answerTimer);
    clearInterval(tick);
    restart();
  });
  dialog.querySelector('[data-kiosk-continue]').addEventListener('click', function () { dialog.close(); });
  ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart', 'scroll'].forEach(function (name) {
    document.addEventListener(name, activity, { capture: true, passive: true });
  });
  // A page restored from the back-forward cache could show an earlier patient's page: fetch it afresh.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) { window.location.reload(); }
  });
  restart();
}());
