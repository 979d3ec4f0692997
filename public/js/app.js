// Site-wide behaviour. No inline scripts anywhere: the CSP forbids them. (The fonts are in /static/css/fonts.css, not
// bootstrap.loadFonts(), whose inline <style> the CSP would refuse.)
(function () {
  // Buttons that ask for confirmation before submitting their form: data-confirm="message".
  document.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute('data-confirm')) || event.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Tables marked .table-stack become one card per row on phones (public/css/app.css): each cell shows its column's
  // name from data-label, and the roles keep the table's meaning for screen readers once its display is changed.
  document.querySelectorAll('table.table-stack').forEach(function (table) {
    var headers = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) {
      return th.textContent.trim();
    });
    table.setAttribute('role', 'table');
    table.querySelectorAll('tr').forEach(function (row) {
      row.setAttribute('role', 'row');
      Array.prototype.forEach.call(row.children, function (cell, index) {
        var isHeader = cell.tagName === 'TH';
        cell.setAttribute('role', isHeader ? (cell.getAttribute('scope') === 'row' ? 'rowheader' : 'columnheader') : 'cell');
        if (!isHeader && headers[index] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', headers[index]);
      });
    });
  });
})();
