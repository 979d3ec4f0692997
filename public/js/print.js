// Print buttons (data-print): the CSP forbids inline handlers, so they are wired here.
(function () {
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () {
      window.print();
    });
  });
})();
