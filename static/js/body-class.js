// GOV.UK Frontend styles its components differently once JavaScript is known to be available.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
