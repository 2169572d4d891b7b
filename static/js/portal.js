// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to a form's error summary so keyboard and screen-reader users hear it first.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});
