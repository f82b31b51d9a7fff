/*
 * "这篇文章解决你的问题了吗？" on article pages. A vote is `{id, helpful, reason, comment, query, time}`;
 * `query` is the search the reader followed to this article (search-page.js keeps it on the click).
 *
 * - Under `kb serve` (whose pages carry its <script data-kb-serve>), votes are posted to
 *   /api/feedback, which appends them to .kb/feedback.log.
 * - Anywhere else (opened from disk, or a plain web server), votes stay in this browser's
 *   localStorage, and "导出反馈文件" downloads them as JSON lines for `kb gaps --feedback FILE`.
 *
 * No cookies, and nothing is sent to any other address. Text is only ever set with textContent.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "kb-feedback";
  var MAX_STORED = 1000;
  var ENDPOINT = "/api/feedback";
  // Written by search-page.js when a result is clicked: {id, query, time}.
  var TRAIL_KEY = "kb-search-trail";
  var TRAIL_MAX_AGE_MS = 3600000;

  var section = document.getElementById("feedback");
  var form = document.getElementById("feedback-form");
  if (!section || !form) return;
  var details = document.getElementById("feedback-details");
  var status = document.getElementById("feedback-status");
  var exportRow = document.getElementById("feedback-export-row");
  var storedText = document.getElementById("feedback-stored");
  var exportButton = document.getElementById("feedback-export");
  var noButton = form.querySelector('[data-helpful="false"]');
  var articleID = section.getAttribute("data-article-id");
  var memory = [];  // when localStorage is unavailable, votes of this page visit

  function stored() {
    try {
      var list = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (error) {
      return memory.slice();
    }
  }

  function store(vote) {
    var list = stored().concat([vote]).slice(-MAX_STORED);
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
    } catch (error) {
      memory.push(vote);
    }
    showStored();
  }

  function showStored() {
    var count = stored().length;
    exportRow.hidden = count === 0;
    storedText.textContent = section.getAttribute("data-stored").replace("{count}", String(count));
  }

  /** The stored votes as the file `kb gaps --feedback` reads: one JSON object per line. */
  function exportText() {
    return stored().map(function (vote) { return JSON.stringify(vote); }).join("\n") + "\n";
  }

  function download() {
    var blob = new Blob([exportText()], { type: "application/x-ndjson" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "kb-feedback.jsonl";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
  }

  function underPreviewServer() {
    return /^https?:$/.test(window.location.protocol) && document.querySelector("script[data-kb-serve]") !== null;
  }

  function finish(message) {
    form.hidden = true;
    status.textContent = message;
    section.setAttribute("data-feedback-done", "1");
  }

  function send(vote) {
    if (!underPreviewServer() || !window.fetch) {
      store(vote);
      finish(section.getAttribute("data-thanks-saved"));
      return;
    }
    var body = { id: vote.id, helpful: vote.helpful };
    if (vote.reason) body.reason = vote.reason;
    if (vote.comment) body.comment = vote.comment;
    if (vote.query) body.query = vote.query;
    window.fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit",
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      finish(section.getAttribute("data-thanks-sent"));
    }).catch(function () {
      store(vote);
      finish(section.getAttribute("data-send-failed"));
    });
  }

  /** The search that led here: the last result clicked, if it was this article, within the hour. */
  function searchedFor() {
    try {
      var trail = JSON.parse(window.localStorage.getItem(TRAIL_KEY) || "null");
      if (trail && trail.id === articleID && typeof trail.query === "string" && Date.now() - trail.time < TRAIL_MAX_AGE_MS) {
        return trail.query.trim().slice(0, 200);
      }
    } catch (error) { /* no storage, or not ours */ }
    return "";
  }

  function vote(helpful, reason, comment) {
    var entry = { id: articleID, helpful: helpful, time: new Date().toISOString() };
    if (reason) entry.reason = reason;
    if (comment) entry.comment = comment;
    var query = searchedFor();
    if (query) entry.query = query;
    send(entry);
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".feedback-answer") : null;
    if (!button) return;
    if (button.getAttribute("data-helpful") === "true") {
      vote(true);
    } else {
      details.hidden = false;
      noButton.setAttribute("aria-expanded", "true");
      var first = details.querySelector('input[name="reason"]');
      if (first) first.focus();
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = form.querySelector('input[name="reason"]:checked');
    if (!chosen) return;  // the radio is required: the browser asks for one first
    var comment = document.getElementById("feedback-comment").value.trim().slice(0, 500);
    vote(false, chosen.value, comment);
  });

  exportButton.addEventListener("click", download);

  section.hidden = false;
  showStored();
  window.KBFeedback = { exportText: exportText, stored: stored };
})();
