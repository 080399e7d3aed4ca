// Progressive enhancement: after a refused submission, move the focus to the error
// summary (or to another message marked data-focus-on-load, such as the outcome of the
// adhesion form's company look-up) so that a screen reader reads it first and the
// keyboard starts from it. The page works the same without this script.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }
});
