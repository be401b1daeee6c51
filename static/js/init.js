// Runs at the top of <body>: marks that JavaScript is on, as GOV.UK Frontend expects.
// An external file (not an inline script) so the Content Security Policy needs no hash.
document.body.className +=
  " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
