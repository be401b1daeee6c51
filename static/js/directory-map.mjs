// The directory's map: one marker per result on the page, beside the list (which
// stays the complete, accessible view). Data comes from a json_script element, so
// there is no inline script; Leaflet (static/dist/leaflet/leaflet.js) is loaded
// with `defer`, which runs before this module.
const container = document.getElementById("directory-map");
const source = document.getElementById("directory-map-data");

function popup(marker) {
  const box = document.createElement("div");
  const link = document.createElement("a");
  link.href = marker.url;
  link.className = "govuk-link";
  link.textContent = marker.title;
  box.append(link, document.createElement("br"), marker.school);
  if (marker.distance !== null) {
    box.append(` (${marker.distance.toFixed(1)} miles)`);
  }
  return box;
}

function draw(L, data) {
  container.hidden = false;
  container.style.height = "24rem";
  container.style.marginBottom = "30px";
  const map = L.map(container, { scrollWheelZoom: false, keyboard: false });
  if (data.tiles) {
    L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 18 }).addTo(map);
  }
  const points = [];
  if (data.origin) {
    const at = [data.origin.lat, data.origin.lon];
    L.circleMarker(at, { radius: 6, color: "#1d70b8", fillOpacity: 1, className: "portal-map-origin" })
      .bindTooltip(data.origin.label)
      .addTo(map);
    points.push(at);
  }
  data.markers.forEach((marker, index) => {
    const at = [marker.lat, marker.lon];
    L.circleMarker(at, { radius: 9, color: "#d4351c", fillOpacity: 0.8, className: "portal-map-marker" })
      .bindTooltip(`${index + 1}. ${marker.school}`)
      .bindPopup(popup(marker))
      .addTo(map);
    points.push(at);
  });
  map.fitBounds(L.latLngBounds(points).pad(0.15), { maxZoom: 15 });
  container.dataset.markers = String(data.markers.length);
}

if (container && source && window.L) {
  draw(window.L, JSON.parse(source.textContent));
}
