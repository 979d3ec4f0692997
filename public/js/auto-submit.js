// SAML HTTP-POST binding: forms marked data-auto-submit send themselves (inline scripts are forbidden by the CSP).
(function () {
  var form = document.querySelector('form[data-auto-submit]');
  if (form) form.submit();
})();
