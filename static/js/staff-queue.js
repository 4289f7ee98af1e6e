// The queue's filters unfolded on wider screens where the browser does not know ::details-content (staff.css).
(function () {
  "use strict";
  var filters = document.querySelector(".queue-filters");
  if (filters && window.matchMedia && window.matchMedia("(min-width: 40.0625em)").matches &&
      !(window.CSS && CSS.supports && CSS.supports("selector(::details-content)"))) {
    filters.open = true;
  }
})();
// "N new submissions" on the queue without a reload: polls a count (no patient data) every 30 s.
// The poll never keeps the session alive (the server ignores it for the idle logoff).
(function () {
  "use strict";
  var notice = document.querySelector("[data-new-count-url]");
  if (!notice || !window.fetch) { return; }
  var text = notice.querySelector("[data-new-count-text]");
  var url = notice.getAttribute("data-new-count-url");
  var since = notice.getAttribute("data-since");
  function check() {
    fetch(url + "?since=" + encodeURIComponent(since), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok || response.status === 401 ? response.json() : null; })
      .then(function (data) {
        // Logged out (idle or time limit): leave the queue for the login page rather than keep showing it.
        if (data && data.logged_out && data.login) { window.location.assign(data.login); return; }
        if (!data || typeof data.count !== "number") { return; }
        text.textContent = data.count === 0 ? "" :
          data.count + (data.count === 1 ? " new submission" : " new submissions") + " since this page was loaded.";
        notice.classList.toggle("queue-notice--active", data.count > 0);
      })
      .catch(function () { /* offline or logged out: the Refresh link still works */ });
  }
  window.setInterval(check, 30000);
})();
