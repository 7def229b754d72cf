import * as api from '../api.js';
import { h, clear, errorBox, field } from '../dom.js';

export function loginPage(main, params, done) {
  const user = h('input', { id: 'login-user', name: 'user', autocomplete: 'username', required: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = h('div', { 'aria-live': 'assertive' });
  const form = h('form', { class: 'card narrow', id: 'login-form' },
    h('h1', {}, 'Log in to Kiln'),
    field('User', user), field('Password', password), msg,
    h('button', { type: 'submit', class: 'primary' }, 'Log in'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(msg);
    try {
      await api.login(user.value.trim(), password.value);
      password.value = '';
      done();
    } catch (e) {
      clear(msg, errorBox(e));
      password.select();
    }
  });
  clear(main, form);
  user.focus();
}

export function passwordPage(main, done) {
  const s = api.currentSession();
  const current = h('input', { id: 'pw-current', type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { id: 'pw-new', type: 'password', autocomplete: 'new-password', required: true });
  const again = h('input', { id: 'pw-again', type: 'password', autocomplete: 'new-password', required: true });
  const msg = h('div', { 'aria-live': 'assertive' });
  const form = h('form', { class: 'card narrow', id: 'password-form' },
    h('h1', {}, 'Change the default password'),
    h('p', {}, 'User ', h('strong', {}, s.user), ' still has the password Kiln ships with. Choose a new one before going on: '
      + 'at least 8 characters, not the user name, not the old password.'),
    field('Current password', current), field('New password', next), field('New password again', again), msg,
    h('button', { type: 'submit', class: 'primary' }, 'Change password'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(msg);
    if (next.value !== again.value) { clear(msg, errorBox(new Error('the two new passwords differ'))); again.focus(); return; }
    try {
      await api.changePassword(s.user, current.value, next.value);
      for (const i of [current, next, again]) i.value = '';
      done();
    } catch (e) {
      clear(msg, errorBox(e));
    }
  });
  clear(main, form);
  current.focus();
}
