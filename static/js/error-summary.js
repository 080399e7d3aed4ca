// Progressive enhancement: after a refused submission, move the focus to the error
// summary so that a screen reader reads it first and the keyboard starts from it. The
// page works the same without this script.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }
});
