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

// A refused sign-in (401, 429) or form (400, 404) still carries the page to show: let htmx swap it in.
document.addEventListener('htmx:beforeSwap', function (event) {
  var status = event.detail.xhr.status;
  if (status === 400 || status === 401 || status === 404 || status === 429) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
