/* Feedback map: progressive enhancement only; every page works without it.
   Browse mode loads public reports in view from a JSON endpoint; pick mode fills the
   latitude/longitude inputs when the map is clicked. No request leaves this server
   unless a tile server is configured. */
(function () {
  "use strict";
  var el = document.getElementById("feedback-map");
  if (!el || typeof L === "undefined") { return; }
  el.hidden = false;
  var d = el.dataset;
  // Controls speak the page's language (Leaflet's own titles are English).
  var map = L.map(el, { zoomControl: false }).setView([parseFloat(d.lat), parseFloat(d.lon)], parseInt(d.zoom, 10));
  L.control.zoom({ zoomInTitle: d.zoomIn || "Zoom in", zoomOutTitle: d.zoomOut || "Zoom out" }).addTo(map);
  map.on("popupopen", function (e) {
    var close = e.popup.getElement() && e.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close && d.close) { close.setAttribute("aria-label", d.close); close.setAttribute("title", d.close); }
  });
  if (d.tiles) {
    L.tileLayer(d.tiles, { attribution: d.attribution || "", maxZoom: 19 }).addTo(map);
  }
  var colours = { received: "#b58105", in_progress: "#1d70b8", info_requested: "#912b88",
                  answered: "#00703c", published: "#005a30", refused: "#505a5f" };

  function popup(r) {
    var box = document.createElement("div");
    var a = document.createElement("a");
    a.href = "/phan-anh/" + encodeURIComponent(r.id);
    a.textContent = r.category_name + " #" + r.id;
    var p = document.createElement("p");
    p.textContent = r.status_label;
    box.appendChild(a);
    box.appendChild(p);
    return box;
  }

  function browse() {
    var layer = L.layerGroup().addTo(map);
    function load() {
      var b = map.getBounds();
      var bbox = [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]
        .map(function (x) { return x.toFixed(5); }).join(",");
      fetch(d.source + "?bbox=" + bbox, { credentials: "same-origin" })
        .then(function (res) { return res.ok ? res.json() : []; })
        .then(function (list) {
          layer.clearLayers();
          list.forEach(function (r) {
            L.circleMarker([r.lat, r.lon], { radius: 8, color: colours[r.status] || "#0b0c0c", weight: 2,
                                              fillOpacity: 0.6 })
              .bindPopup(popup(r)).addTo(layer);
          });
        })
        .catch(function () { /* the list page remains */ });
    }
    map.on("moveend", load);
    load();
  }

  function pick() {
    var lat = document.getElementById("lat");
    var lon = document.getElementById("long");
    var marker = null;
    function place(ll) {
      if (marker) { marker.setLatLng(ll); } else { marker = L.circleMarker(ll, { radius: 9 }).addTo(map); }
    }
    if (lat && lon && lat.value && lon.value) {
      var start = [parseFloat(lat.value), parseFloat(lon.value)];
      if (!isNaN(start[0]) && !isNaN(start[1])) { place(start); map.setView(start, 16); }
    }
    map.on("click", function (e) {
      if (!lat || !lon) { return; }
      lat.value = e.latlng.lat.toFixed(6);
      lon.value = e.latlng.lng.toFixed(6);
      place(e.latlng);
    });
  }

  if (d.mode === "pick") { pick(); } else { browse(); }
})();
