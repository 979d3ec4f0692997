// The billing run page: the progress bar follows the run, asking its status every second; once the run has
// stopped (done, failed, cancelled) the page reloads to show the invoices. Without JavaScript, "Aggiorna".
(function () {
  var section = document.querySelector('[data-billing-run]');
  if (!section) return;
  var bar = section.querySelector('[data-run-bar]');
  var percentText = section.querySelector('[data-run-percent]');
  var familiesText = section.querySelector('[data-run-families]');
  var noticesText = section.querySelector('[data-run-notices]');
  function show(percent) {
    bar.style.width = percent + '%';
    bar.setAttribute('aria-valuenow', String(percent));
    percentText.textContent = String(percent);
  }
  show(Number(bar.getAttribute('aria-valuenow')) || 0);
  if (section.getAttribute('data-running') !== 'true') return;
  var url = section.getAttribute('data-status-url');
  function poll() {
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error('status ' + response.status);
        return response.json();
      })
      .then(function (status) {
        show(status.percent);
        familiesText.textContent = status.familiesText;
        noticesText.textContent = status.noticesText;
        if (status.state === 'QUEUED' || status.state === 'RUNNING') window.setTimeout(poll, 1000);
        else window.location.reload();
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 1000);
})();
