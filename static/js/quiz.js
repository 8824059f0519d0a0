// Optional enhancement of quiz pages: a countdown to the server's deadline, and saving an answer as
// soon as it changes. Without this file every page still works: the buttons post the same fields.
(function () {
  'use strict';

  var clock = document.querySelector('[data-deadline]');
  if (clock) {
    var deadline = Date.parse(clock.getAttribute('data-deadline'));
    var out = clock.querySelector('.countdown');
    var warning = document.querySelector('.time-warning');
    var warned = {};
    // a polite live region says it once at 5 minutes and once at 1 minute, never every second
    var warn = function (left) {
      if (!warning) return;
      [300, 60].forEach(function (at) {
        if (left <= at && left > 0 && !warned[at]) {
          warned[at] = true;
          // a region that was already warned for 5 minutes but opened with 1 left says only the nearer one
          if (at === 300 && left <= 60) return;
          warning.textContent = warning.getAttribute(at === 300 ? 'data-warn5' : 'data-warn1');
        }
      });
    };
    var tick = function () {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      warn(left);
      var m = Math.floor(left / 60);
      var s = left % 60;
      if (out) out.textContent = '(' + m + ':' + (s < 10 ? '0' : '') + s + ')';
      // the server finishes the attempt at its deadline; reloading shows the result
      if (left === 0) window.location.reload();
      else window.setTimeout(tick, 1000);
    };
    if (!Number.isNaN(deadline)) tick();
  }

  var form = document.querySelector('form[data-autosave]');
  if (!form || !window.fetch || !window.FormData) return;
  var status = form.querySelector('.autosave-status');
  var seqField = form.querySelector('input[name=seq]');
  var saving = Promise.resolve();

  function fields() {
    var body = {};
    new FormData(form).forEach(function (value, key) {
      if (key === 'go') return;
      if (Object.prototype.hasOwnProperty.call(body, key)) body[key] = [].concat(body[key], value);
      else body[key] = value;
    });
    // a multiple-choice question with every box cleared sends no field: the server reads that as no picks
    return body;
  }

  // The session ended: say how to get back to this attempt, and that its deadline keeps running.
  function expired() {
    if (!status) return;
    var back = window.location.pathname + window.location.search;
    var link = document.createElement('a');
    link.href = status.getAttribute('data-login') + '?next=' + encodeURIComponent(back);
    link.textContent = status.getAttribute('data-expired-link');
    status.textContent = status.getAttribute('data-expired') + ' ';
    status.appendChild(link);
  }

  function save() {
    var body = fields();
    return fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    })
      .then(function (res) {
        return res.json().then(function (data) {
          if (res.status === 401) return expired();
          if (!res.ok) throw new Error((data.error && data.error.message) || String(res.status));
          seqField.value = String(data.seq);
          if (status) status.textContent = status.getAttribute('data-saved');
        });
      })
      .catch(function (err) {
        if (status) status.textContent = status.getAttribute('data-failed') + (err && err.message ? ' (' + err.message + ')' : '');
      });
  }

  // An order is saved whole: the server refuses one with a step left out or a place given twice,
  // and a learner setting the places one by one is not making a mistake.
  function incompleteOrder() {
    var places = Array.prototype.map.call(form.querySelectorAll('select[data-order]'), function (s) {
      return s.value;
    });
    var given = places.filter(function (v) {
      return v !== '';
    });
    if (given.length === 0) return false;
    return (
      given.length < places.length ||
      given.some(function (v, i) {
        return given.indexOf(v) !== i;
      })
    );
  }

  var pending = 0;
  form.addEventListener('change', function () {
    if (incompleteOrder()) {
      if (status) status.textContent = status.getAttribute('data-incomplete');
      return;
    }
    // one save at a time: each carries the seq the previous one returned
    pending += 1;
    saving = saving.then(save).then(function () {
      pending -= 1;
    });
  });

  // A button pressed while a save is on its way waits for it, so the form carries the new seq. A
  // second press meanwhile (a double tap) changes nothing: the form is sent once, with one button.
  var sending = false;
  form.addEventListener('submit', function (event) {
    if (sending) {
      event.preventDefault();
      return;
    }
    if (pending === 0) {
      sending = true;
      return;
    }
    event.preventDefault();
    sending = true;
    var button = event.submitter;
    saving.then(function () {
      if (button && button.name) {
        var field = form.querySelector('input[type=hidden][data-pressed]') || document.createElement('input');
        field.type = 'hidden';
        field.setAttribute('data-pressed', '');
        field.name = button.name;
        field.value = button.value;
        form.appendChild(field);
      }
      form.submit();
    });
  });
  // back to this page from the next one (the browser's page cache): the form may be sent again
  window.addEventListener('pageshow', function () {
    sending = false;
  });
})();
