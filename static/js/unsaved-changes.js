// Progressive enhancement: a form marked data-warn-unsaved remembers that something was
// typed in it; leaving the page before sending it (a link, another form, closing the tab)
// makes the browser ask for confirmation, so that nothing typed is lost by mistake.
// Sending the form itself is never held back. The page works the same without it.
(function () {
  var changed = new Set();

  function watched(target) {
    var form = target && target.form;
    return form && form.hasAttribute("data-warn-unsaved") ? form : null;
  }

  function remember(event) {
    var form = watched(event.target);
    if (form) {
      changed.add(form);
    }
  }

  document.addEventListener("input", remember);
  document.addEventListener("change", remember);
  document.addEventListener("submit", function (event) {
    // What the form sends is saved or shown again by the server, typed text included.
    changed.delete(event.target);
  });
  window.addEventListener("beforeunload", function (event) {
    if (changed.size > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
