// Copy GOV.UK Frontend's script and the images we use into static/dist/.
import { cpSync, mkdirSync } from "node:fs";

const src = "node_modules/govuk-frontend/dist/govuk";
mkdirSync("static/dist/assets/images", { recursive: true });
cpSync(`${src}/govuk-frontend.min.js`, "static/dist/govuk-frontend.min.js");
cpSync(`${src}/assets/images/favicon.ico`, "static/dist/assets/images/favicon.ico");
