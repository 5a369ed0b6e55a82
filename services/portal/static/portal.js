// Progressive enhancement only: every page works without this script.
import { initAll } from "./govuk-frontend/govuk-frontend.min.js";

initAll();

// The easy-read page's "Print this page" button: without JavaScript the page says to use the
// browser's own print, so the button is shown only when it can work.
for (const button of document.querySelectorAll("[data-portal-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
