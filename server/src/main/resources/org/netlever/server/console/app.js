// The netlever web console (docs/api.md): loads its views and starts at the login or the current route.

import { $, TOKEN_KEY, api, showLogin, showApp, route } from './core.js';
import './views-network.js';
import './views-subscriber.js';

// ------------------------------------------------------------------------------------------------- start

$('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const token = $('token').value.trim();
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  $('login-error').textContent = '';
  try {
    await api('/api/v1/dashboard');
  } catch (e) {
    if (e.loggedOut) return; // the login is shown again with the API's message
  }
  showApp();
});

$('logout').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  showLogin('logged out');
});

window.addEventListener('hashchange', () => {
  if (sessionStorage.getItem(TOKEN_KEY)) route();
});

if (sessionStorage.getItem(TOKEN_KEY)) showApp(); else showLogin('');
