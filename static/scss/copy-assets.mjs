// Copy GOV.UK Frontend's script and the images we use into static/dist/.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";

const src = "node_modules/govuk-frontend/dist/govuk";
mkdirSync("static/dist/assets/images", { recursive: true });
cpSync(`${src}/govuk-frontend.min.js`, "static/dist/govuk-frontend.min.js");
cpSync(`${src}/assets/images/favicon.ico`, "static/dist/assets/images/favicon.ico");
// The compiled CSS refers to the Royal crest for the footer's Crown copyright logo,
// which this portal (not a GOV.UK service) never shows. An empty image stands at that
// address so that collectstatic's manifest finds every file the CSS names.
writeFileSync(
  "static/dist/assets/images/govuk-crest.svg",
  '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n',
);

// Leaflet for the directory's map: its script (and map), stylesheet and the images the
// stylesheet names (collectstatic's manifest must find them; the map itself draws
// its markers as SVG circles).
mkdirSync("static/dist/leaflet", { recursive: true });
cpSync("node_modules/leaflet/dist/images", "static/dist/leaflet/images", {
  recursive: true,
});
cpSync("node_modules/leaflet/dist/leaflet.js", "static/dist/leaflet/leaflet.js");
// leaflet.js names its source map; the manifest storage needs it to exist.
cpSync("node_modules/leaflet/dist/leaflet.js.map", "static/dist/leaflet/leaflet.js.map");
cpSync("node_modules/leaflet/dist/leaflet.css", "static/dist/leaflet/leaflet.css");
