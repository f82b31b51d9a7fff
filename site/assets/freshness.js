/*
 * The "may be out of date" notice of an article page. The page is the same whenever it was built;
 * whether it is past `review_after_days` (kb.yml) is decided here, on the reader's date, so that a
 * copy opened from disk a year later still says so. Same rule as `kb check`: stale when more than
 * that many days have passed since the article's `updated` date.
 */
(function () {
  "use strict";

  /** Days since 1970-01-01 of an ISO date `YYYY-MM-DD`. */
  function dayNumber(iso) {
    var parts = iso.split("-");
    return Math.round(Date.UTC(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2])) / 86400000);
  }

  /** The reader's calendar date as `YYYY-MM-DD`. */
  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function isStale(updated, reviewAfterDays, on) {
    return dayNumber(on) - dayNumber(updated) > reviewAfterDays;
  }

  window.KBFreshness = { isStale: isStale, today: today };

  var notice = document.getElementById("stale-notice");
  if (!notice) return;
  var days = Number(notice.getAttribute("data-review-after-days"));
  var updated = notice.getAttribute("data-updated");
  if (/^\d{4}-\d{2}-\d{2}$/.test(updated) && days > 0) notice.hidden = !isStale(updated, days, today());
})();
