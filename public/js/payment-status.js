// The return page from pagoPA reloads itself while a receipt is awaited; it stops once the page says "pagato".
(function () {
  var pending = document.querySelector('[data-refresh-seconds]');
  if (!pending) return;
  var seconds = Number(pending.getAttribute('data-refresh-seconds')) || 5;
  window.setTimeout(function () {
    window.location.reload();
  }, seconds * 1000);
})();
