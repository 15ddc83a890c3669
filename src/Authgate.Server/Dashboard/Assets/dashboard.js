// The dashboard's only script besides htmx: confirmation prompts for destructive buttons (no inline handlers: the
// Content-Security-Policy allows none). Every form also works without JavaScript.
document.addEventListener('submit', function (event) {
  var form = event.target;
  var message = form.getAttribute('data-confirm');
  if (message && !window.confirm(message)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
