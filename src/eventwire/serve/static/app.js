/* eventwire dashboard: details of highlighted items on hover/click, and the paste-an-article form. No libraries. */
(function () {
  "use strict";

  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function itemHtml(id, info) {
    var rows = "";
    Object.keys(info.fields || {}).forEach(function (key) {
      rows += "<dt>" + esc(key) + "</dt><dd>" + esc(info.fields[key]) + "</dd>";
    });
    var evidence = info.evidence ? '<div class="evidence">“' + esc(info.evidence) + '”</div>' : "";
    return '<div class="item" data-item="' + esc(id) + '"><div class="kind">' + esc(info.kind) + "</div><b>" +
      esc(info.label || "") + "</b><dl>" + rows + "</dl>" + evidence + "</div>";
  }

  function baseId(id) { return id.replace(/[sc]$/, ""); }

  function wire(root) {
    var holder = root.querySelector("script.item-details");
    if (!holder) { return; }
    var details = JSON.parse(holder.textContent || "{}");
    var panel = root.querySelector(".details");
    var segs = Array.prototype.slice.call(root.querySelectorAll(".seg"));
    var pinned = null;

    function idsOf(seg) {
      var seen = {}, out = [];
      (seg.getAttribute("data-ids") || "").split(" ").forEach(function (id) {
        if (!id) { return; }
        var key = details[id] ? id : baseId(id);
        if (details[key] && !seen[baseId(key)]) { seen[baseId(key)] = 1; out.push(key); }
      });
      return out;
    }
    function mark(ids, cls) {
      segs.forEach(function (s) {
        var own = (s.getAttribute("data-ids") || "").split(" ").map(baseId);
        var hit = ids.some(function (id) { return own.indexOf(baseId(id)) >= 0; });
        s.classList.toggle(cls, hit);
      });
      document.querySelectorAll(".item-row").forEach(function (row) {
        row.classList.toggle(cls, ids.some(function (id) { return baseId(id) === row.getAttribute("data-item"); }));
      });
    }
    function show(ids) {
      if (!panel) { return; }
      panel.innerHTML = ids.length ? ids.map(function (id) { return itemHtml(id, details[id]); }).join("")
        : '<p class="muted">Nothing extracted here.</p>';
    }
    segs.forEach(function (seg) {
      var ids = idsOf(seg);
      seg.title = ids.map(function (id) { return details[id].kind + ": " + details[id].label; }).join("\n");
      seg.addEventListener("mouseenter", function () { if (!pinned) { show(ids); mark(ids, "active"); } });
      seg.addEventListener("mouseleave", function () { if (!pinned) { mark([], "active"); } });
      seg.addEventListener("click", function () {
        pinned = pinned === seg ? null : seg;
        mark(pinned ? ids : [], "pinned");
        show(ids);
      });
    });
    document.querySelectorAll(".item-row").forEach(function (row) {
      row.addEventListener("mouseenter", function () {
        var id = row.getAttribute("data-item");
        if (details[id]) { show([id]); mark([id], "active"); }
      });
      row.addEventListener("mouseleave", function () { mark([], "active"); });
    });
    root.querySelectorAll(".legend .key").forEach(function (key) {
      key.addEventListener("click", function () { document.body.classList.toggle("hide-" + key.getAttribute("data-kind")); });
    });
  }

  document.querySelectorAll(".highlighted").forEach(wire);

  var form = document.getElementById("extract-form");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var status = document.getElementById("extract-status");
      var result = document.getElementById("extract-result");
      var body = {
        text: document.getElementById("extract-text").value,
        date: document.getElementById("extract-date").value || null,
        title: document.getElementById("extract-title").value || null
      };
      status.textContent = "coding…";
      result.innerHTML = "";
      var started = Date.now();
      fetch("/extract?view=html", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
        .then(function (response) {
          if (response.ok) { return response.text().then(function (html) { return { html: html }; }); }
          return response.json().then(function (err) { return { error: err.error || ("HTTP " + response.status) }; },
            function () { return { error: "HTTP " + response.status }; });
        })
        .then(function (answer) {
          if (answer.error) {
            status.textContent = "";
            result.innerHTML = '<p class="extract-error">' + esc(answer.error) + "</p>";
            return;
          }
          status.textContent = "coded in " + ((Date.now() - started) / 1000).toFixed(1) + " s";
          result.innerHTML = answer.html;
          result.querySelectorAll(".highlighted").forEach(wire);
        })
        .catch(function (err) { status.textContent = ""; result.innerHTML = '<p class="extract-error">' + esc(err) + "</p>"; });
    });
  }
})();
