// Dashboard charts: each <canvas data-chart="line|bar" data-source="ID"> draws the JSON
// of <script type="application/json" id="ID"> ({labels, series: [{label, data}]}) with the
// vendored Chart.js. No inline script: the page's CSP allows only our own files.
(function () {
  "use strict";
  var palette = ["#1f5fa8", "#2e9d6b", "#d98c1f", "#c2413b", "#7a5bb5"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var kind = canvas.dataset.chart || "line";
    var scale = { beginAtZero: true, ticks: { precision: 0 } };
    if (canvas.dataset.min) { scale = { min: Number(canvas.dataset.min), max: Number(canvas.dataset.max) }; }
    new Chart(canvas, {
      type: kind,
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s, i) {
          return {
            label: s.label, data: s.data, tension: 0.25, borderWidth: 2,
            borderColor: palette[i % palette.length],
            backgroundColor: kind === "bar" ? palette[i % palette.length] : "transparent",
          };
        }),
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: data.series.length > 1 } },
        scales: { y: scale },
      },
    });
  }

  function ready() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
    // Meter bars: widths from data attributes (no inline style attributes under the CSP).
    document.querySelectorAll(".meter-bar[data-width]").forEach(function (bar) {
      bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.width))) + "%";
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
