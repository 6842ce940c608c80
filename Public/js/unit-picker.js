// Type-ahead for the unit pickers of large scopes (issue 16). The page works
// without this file: the "Tìm đơn vị" button sends the form back and the
// page returns with the matches. With it, the matches come as one types,
// from GET /chon-don-vi, and fill the list under the search box.
(function () {
  'use strict';
  function setUp(box) {
    var select = box.querySelector('select');
    var input = box.querySelector('input[type=search]');
    var note = box.querySelector('.picker-note');
    var button = box.querySelector('button');
    if (!select || !input) return;
    var timer = null;
    var asked = 0;
    if (button) button.hidden = true;
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); clearTimeout(timer); run(); }
      if (e.key === 'ArrowDown' && select.options.length > 0) { e.preventDefault(); select.focus(); }
    });
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 250); });
    function run() {
      var n = ++asked;
      var url = box.getAttribute('data-search') + '&q=' + encodeURIComponent(input.value.trim());
      fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (answer) { if (n === asked) fill(answer); })
        .catch(function () { if (button) button.hidden = false; });
    }
    function fill(answer) {
      // The chosen units and the pinned ones (units outside the search, such as those above) stay.
      var kept = [];
      for (var i = 0; i < select.options.length; i++) {
        var o = select.options[i];
        if ((o.selected || o.getAttribute('data-pinned')) && o.value !== '') kept.push(o);
      }
      var keptValues = kept.map(function (o) { return o.value; });
      while (select.options.length > 0) select.remove(0);
      var chosen = kept.some(function (o) { return o.selected; });
      if (!select.multiple && !chosen) {
        select.add(new Option(box.getAttribute('data-choose') || '—', '', true, true));
      }
      kept.forEach(function (o) { select.add(o); });
      answer.items.forEach(function (item) {
        if (keptValues.indexOf(item.value) < 0) select.add(new Option(item.label, item.value, false, false));
      });
      // The one unit a search found is the one meant.
      if (!select.multiple && !chosen && answer.items.length === 1) select.value = answer.items[0].value;
      if (!select.multiple) select.size = Math.min(Math.max(select.options.length, 2), 8);
      if (note) note.textContent = answer.note;
    }
  }
  document.querySelectorAll('.unit-picker[data-search]').forEach(setUp);
})();
