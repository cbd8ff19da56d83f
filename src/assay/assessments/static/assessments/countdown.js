// Counts down to each <time data-countdown datetime="…">. The server-rendered deadline stays the truth;
// without JavaScript the page still says when the time ends.
(function () {
  "use strict";
  function pad(n) { return String(n).padStart(2, "0"); }
  function tick() {
    document.querySelectorAll("time[data-countdown]").forEach(function (el) {
      var left = Math.max(0, Math.floor((new Date(el.getAttribute("datetime")) - new Date()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      el.textContent = left > 0 ? h + ":" + pad(m) + ":" + pad(s) : "time is up";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 1000); });
})();
