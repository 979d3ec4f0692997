// "Entra con SPID": the button opens and closes the list of identity providers. Without JavaScript the list
// simply stays open, so nobody is locked out.
(function () {
  document.querySelectorAll('[data-spid-button]').forEach(function (container) {
    var toggle = container.querySelector('.spid-button__toggle');
    var menu = container.querySelector('.spid-button__menu');
    if (!toggle || !menu) return;
    function setOpen(open) {
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      menu.hidden = !open;
    }
    setOpen(false);
    toggle.addEventListener('click', function () {
      var open = toggle.getAttribute('aria-expanded') !== 'true';
      setOpen(open);
      if (open) {
        var first = menu.querySelector('a');
        if (first) first.focus();
      }
    });
    container.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && toggle.getAttribute('aria-expanded') === 'true') {
        setOpen(false);
        toggle.focus();
      }
    });
    document.addEventListener('click', function (event) {
      if (!container.contains(event.target)) setOpen(false);
    });
  });
})();
