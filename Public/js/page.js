// Progressive enhancement for every page; each page works without it.
// 1. The menu (a <details>) opens by itself on a wide screen and marks the
//    link of the page one is on.
// 2. A table box that still scrolls sideways can be reached and scrolled
//    with the keyboard.
// 3. Tables of four or more columns get each cell's column name in
//    data-label, so that below 600 px the stylesheet shows every row as a
//    card with labelled values instead of a table squeezed to one word a line.
(function () {
  'use strict';
  var menu = document.getElementById('menu');
  if (menu) {
    if (window.matchMedia && window.matchMedia('(min-width: 900px)').matches) menu.open = true;
    var here = location.pathname;
    Array.prototype.forEach.call(menu.querySelectorAll('a'), function (a) {
      if (a.pathname === here) a.setAttribute('aria-current', 'page');
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table'), function (table) {
    var head = table.tHead;
    if (!head || head.rows.length !== 1) return;
    var cells = head.rows[0].cells;
    var labels = [];
    for (var i = 0; i < cells.length; i++) {
      if (cells[i].colSpan > 1) return;
      labels.push(cells[i].textContent.replace(/\s+/g, ' ').trim());
    }
    if (labels.length < 4) return;
    table.classList.add('stackable');
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute('data-label') && labels[column]) cell.setAttribute('data-label', labels[column]);
          column += cell.colSpan || 1;
        });
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('.table-wrap'), function (box) {
    if (box.scrollWidth > box.clientWidth) box.setAttribute('tabindex', '0');
  });
})();
