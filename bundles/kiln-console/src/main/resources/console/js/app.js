// The console: a hash router (#/hosts/edge-1) over pages that each render into <main>.
import * as api from './api.js';
import { h, clear, errorBox } from './dom.js';
import { loginPage, passwordPage } from './pages/login.js';
import { dashboardPage } from './pages/dashboard.js';
import { hostsPage } from './pages/hosts.js';
import { hostPage } from './pages/host.js';
import { leasesPage } from './pages/leases.js';
import { inventoryPage } from './pages/inventory.js';
import { templatesPage } from './pages/templates.js';
import { pluginsPage } from './pages/plugins.js';

const NAV = [['#/', 'Dashboard'], ['#/hosts', 'Hosts'], ['#/leases', 'Leases and pools'], ['#/inventory', 'Inventory'],
  ['#/templates', 'Templates'], ['#/plugins', 'Plugins']];

const routes = [
  [/^\/?$/, dashboardPage], [/^\/hosts$/, hostsPage], [/^\/hosts\/([^/]+)$/, hostPage], [/^\/leases$/, leasesPage],
  [/^\/inventory$/, inventoryPage], [/^\/templates$/, templatesPage], [/^\/plugins$/, pluginsPage],
];

let stopPage = null; // what the current page must stop when left (live event streams, timers)

function header() {
  const s = api.currentSession();
  const top = document.getElementById('top');
  if (!s || s.mustChangePassword) { clear(top, h('span', { class: 'brand' }, 'Kiln')); return; }
  const here = location.hash.split('?')[0] || '#/';
  clear(top,
    h('span', { class: 'brand' }, 'Kiln'),
    h('nav', { 'aria-label': 'Main' }, h('ul', {}, NAV.map(([href, label]) => h('li', {},
      h('a', { href, 'aria-current': (here === href || (href !== '#/' && here.startsWith(href + '/'))) ? 'page' : null }, label))))),
    // only the roles the console knows (Karaf's own, e.g. ssh or systembundles, mean nothing here)
    h('span', { class: 'who' }, s.user + ' (' + (s.roles.filter((r) => ['admin', 'manager', 'viewer'].includes(r)).join(', ') || 'no console role') + ')'
      + (api.canWrite() ? '' : ' · read only')),
    h('button', { type: 'button', id: 'logout', onclick: async () => { await api.logout().catch(() => {}); location.hash = '#/login'; render(); } }, 'Log out'));
}

let generation = 0; // which render is the current one

/**
 * Each render draws into a fresh element of its own: a page still loading when the operator moves on (e.g. the
 * dashboard's counts) then finishes into an element no longer shown, instead of over the page that replaced it.
 */
async function render() {
  if (stopPage) { try { stopPage(); } catch (e) { /* already stopped */ } stopPage = null; }
  const mine = ++generation;
  const view = h('div', { class: 'page' });
  clear(document.getElementById('main'), view);
  const [path, query] = (location.hash.slice(1) || '/').split('?');
  const params = new URLSearchParams(query || '');
  const s = api.currentSession();
  header();
  if (!s) { loginPage(view, params, onLoggedIn); return; }
  if (s.mustChangePassword) { passwordPage(view, onLoggedIn); return; }
  if (path === '/login') { location.hash = '#/'; return; }
  for (const [re, page] of routes) {
    const m = path.match(re);
    if (m) {
      let stop = null;
      try {
        stop = await page(view, params, ...m.slice(1).map(decodeURIComponent)) || null;
      } catch (e) {
        clear(view, errorBox(e));
      }
      // superseded while loading: stop what it started (a live timeline), the newer page is in charge
      if (mine !== generation) { if (stop) stop(); return; }
      stopPage = stop;
      document.title = 'Kiln · ' + ((view.querySelector('h1') || {}).textContent || 'console');
      return;
    }
  }
  clear(view, h('h1', {}, 'Not found'), h('p', {}, 'There is no page ' + path + '. '), h('a', { href: '#/' }, 'Back to the dashboard'));
}

function onLoggedIn() {
  const s = api.currentSession();
  if (s && !s.mustChangePassword && (location.hash === '' || location.hash.startsWith('#/login'))) location.hash = '#/';
  else render();
}

window.addEventListener('hashchange', render);
window.addEventListener('kiln-logged-out', render);
window.addEventListener('kiln-must-change', render);
api.restoreSession().then(render);
