// Site-wide behaviour. No inline scripts anywhere: the CSP forbids them.
(function () {
  if (window.bootstrap && typeof window.bootstrap.loadFonts === 'function') {
    window.bootstrap.loadFonts('/static/bootstrap-italia/fonts');
  }
  // Buttons that ask for confirmation before submitting their form: data-confirm="message".
  document.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute('data-confirm')) || event.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
