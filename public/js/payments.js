// Pagamento servizi scolastici: the running total of the selected documents and the five-per-payment limit.
// The server checks both again; this only tells the parent before they submit.
(function () {
  var form = document.querySelector('[data-qa="payment-form"]');
  if (!form) return;
  var max = Number(form.getAttribute('data-max')) || 5;
  var output = document.getElementById('payment-total');
  var limit = document.getElementById('payment-limit');

  function euro(cents) {
    var euros = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+$)/g, '.');
    return euros + ',' + String(cents % 100).padStart(2, '0') + '\u00a0€';
  }

  function update() {
    var boxes = form.querySelectorAll('input[name="documenti"]:checked');
    var total = 0;
    boxes.forEach(function (box) {
      total += Number(box.getAttribute('data-amount-cents')) || 0;
    });
    output.textContent = euro(total);
    limit.classList.toggle('d-none', boxes.length <= max);
  }

  form.addEventListener('change', update);
  update();
})();
