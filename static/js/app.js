// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add('js');

(function () {
  'use strict';

  // A page answered to a form post (the form's errors): the address bar gets the page the form was
  // on, so a reload, or the back button after the next success, asks for that page again instead
  // of offering to send the form once more.
  var pageUrl = document.documentElement.getAttribute('data-page-url');
  if (pageUrl && window.history && window.history.replaceState) {
    try {
      window.history.replaceState(window.history.state, '', pageUrl);
    } catch {
      // another origin: leave the address as it is
    }
  }

  // A page showing a form's errors: the summary takes the focus, so a screen reader reads it first
  // and a keyboard starts from its links to the fields.
  var summary = document.getElementById('form-errors');
  if (summary) summary.focus();

  // "Mark as read": a countdown on the button until the server will accept it (it checks again).
  var form = document.querySelector('form.mark-read[data-readable-at]');
  var out = form && form.querySelector('.countdown');
  if (out) {
    var at = Date.parse(form.getAttribute('data-readable-at'));
    var tick = function () {
      var left = Math.ceil((at - Date.now()) / 1000);
      if (!(left > 0)) {
        out.textContent = '';
        return;
      }
      out.textContent = ' (' + Math.floor(left / 60) + ':' + (left % 60 < 10 ? '0' : '') + (left % 60) + ')';
      window.setTimeout(tick, 1000);
    };
    if (!Number.isNaN(at)) tick();
  }

  // "Show password": a toggle button (aria-pressed) after each password field, added only by this script.
  var toggles = document.querySelectorAll('input[type=password]');
  var label = document.documentElement.getAttribute('data-show-password');
  if (!label) return;
  Array.prototype.forEach.call(toggles, function (input) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button-secondary password-toggle';
    button.textContent = label;
    button.setAttribute('aria-controls', input.id);
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', function () {
      var shown = input.type === 'text';
      input.type = shown ? 'password' : 'text';
      button.setAttribute('aria-pressed', shown ? 'false' : 'true');
    });
    input.insertAdjacentElement('afterend', button);
  });
})();
