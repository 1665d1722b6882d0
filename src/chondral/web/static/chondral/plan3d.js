// Draws the plan's interactive 3D view from the Plotly figure the page carries as JSON
// (json_script "plan-figure-data"), with Plotly's bundled JavaScript. No inline script (CSP).
(function () {
  "use strict";
  var data = document.getElementById("plan-figure-data");
  var target = document.getElementById("plan-3d");
  if (!data || !target || typeof window.Plotly === "undefined") { return; }
  var figure = JSON.parse(data.textContent);
  target.textContent = "";
  var layout = figure.layout || {};
  delete layout.width;  // fill the page's box (CSS .plot3d) instead of a fixed size
  delete layout.height;
  layout.autosize = true;
  window.Plotly.newPlot(target, figure.data || [], layout, { responsive: true, displaylogo: false });
}());
