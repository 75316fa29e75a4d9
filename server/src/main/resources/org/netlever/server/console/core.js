// The netlever web console, its core: DOM helpers, the API client, login and routing, charts. Plain ES2020 modules,
// no framework, no build step. Everything the API answers is put on the page as text (textContent and attribute
// setters, never markup from strings), so a hostile value — a circuit-id from equipment — is shown, never run.

export const TOKEN_KEY = 'netlever.token';
export const POLL_MILLIS = 2000;
export const HISTORY_SECONDS = 600;

// ------------------------------------------------------------------------------------------------- DOM helpers

/** An element with attributes and children; strings become text nodes. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    else if (k === 'onclick' || k === 'onsubmit' || k === 'onchange') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export const $ = (id) => document.getElementById(id);

/** A value as text: absent values as an em dash. */
export function show(v) {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A hash link; the target's parts are encoded so that an id cannot climb into the route. */
export function link(route, id, text, test) {
  return el('a', {href: '#/' + route + '/' + encodeURIComponent(id), 'data-test': test}, show(text));
}

/** A table of items; columns are [header, item => cell (text or node)]. */
export function table(test, columns, items, rowTest) {
  const head = el('tr', {}, columns.map(([h]) => el('th', {}, h)));
  const rows = items.map((item) => el('tr', {'data-test': rowTest},
      columns.map(([h, f]) => {
        const v = f(item);
        return el('td', {'data-col': h}, v instanceof Node ? v : show(v));
      })));
  if (rows.length === 0) {
    rows.push(el('tr', {class: 'empty'}, el('td', {colspan: columns.length}, 'none')));
  }
  return el('table', {'data-test': test}, el('thead', {}, head), el('tbody', {}, rows));
}

/** A definition list of [label, value] pairs. */
export function facts(test, pairs) {
  return el('dl', {class: 'facts', 'data-test': test}, pairs.flatMap(([k, v, t]) => [
    el('dt', {}, k), el('dd', {'data-test': t}, v instanceof Node ? v : show(v))]));
}

export function errorBox(err) {
  return el('p', {class: 'error', role: 'alert', 'data-test': 'error'}, err.message || String(err));
}

// ------------------------------------------------------------------------------------------------------ the API

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) ? `${status} ${body.error || ''}: ${body.message}` : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export let generation = 0; // bumped on every route change and log-out: late answers of an old view are dropped

/** GET an API path with the session's token; a 401 logs out with the API's message. */
export async function api(path) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    throw loggedOut('log in first');
  }
  const answer = await fetch(path, {headers: {'Authorization': 'Bearer ' + token, 'Accept': 'application/json'},
    cache: 'no-store'});
  let body = null;
  try {
    body = await answer.json();
  } catch (e) {
    body = null;
  }
  if (answer.status === 401) {
    throw loggedOut(body && body.message ? body.message : 'the API refused the token');
  }
  if (!answer.ok) {
    throw new ApiError(answer.status, body);
  }
  return body;
}

export function loggedOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  showLogin(message);
  const e = new ApiError(401, {error: 'unauthorized', message});
  e.loggedOut = true;
  return e;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && String(v).trim() !== '') q.set(k, String(v).trim());
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

// ------------------------------------------------------------------------------------------ login and routing

export function showLogin(message) {
  generation++;
  stopView();
  $('login').hidden = false;
  $('nav').hidden = true;
  $('logout').hidden = true;
  $('live').hidden = true;
  $('view').replaceChildren();
  $('login-error').textContent = message || '';
  $('token').value = '';
  $('token').focus();
}

export function showApp() {
  $('login').hidden = true;
  $('nav').hidden = false;
  $('logout').hidden = false;
  route();
}

export let stop = null;

export function stopView() {
  if (stop) {
    stop();
    stop = null;
  }
}

/** Runs a refresh now and every POLL_MILLIS while the view is shown; a refresh never overlaps the previous one. */
export function poll(refresh) {
  const mine = generation;
  let timer = null;
  let running = true;
  const tick = async () => {
    if (!running || mine !== generation) return;
    try {
      await refresh(mine);
      $('live').classList.remove('stale');
    } catch (e) {
      if (e.loggedOut) return;
      $('live').classList.add('stale');
    }
    if (running && mine === generation) timer = setTimeout(tick, POLL_MILLIS);
  };
  tick();
  return () => {
    running = false;
    clearTimeout(timer);
  };
}

export const VIEWS = {};

export function route() {
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    showLogin('');
    return;
  }
  generation++;
  stopView();
  const hash = location.hash.replace(/^#\/?/, '');
  const [pathPart, queryPart] = hash.split('?');
  const parts = pathPart.split('/').map(decodeURIComponent);
  const name = VIEWS[parts[0]] ? parts[0] : 'dashboard';
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('current', a.dataset.route === name);
  }
  const view = $('view');
  view.replaceChildren();
  view.dataset.view = name;
  $('live').hidden = false;
  stop = VIEWS[name](view, parts.slice(1), new URLSearchParams(queryPart || '')) || null;
}

/** Replaces a section's content, unless the view changed while the answer was on its way. */
export function fill(mine, node, ...children) {
  if (mine === generation) node.replaceChildren(...children);
}

/** Fetches into a section: its content, or the API's error in its place. */
export async function section(mine, node, path, render) {
  try {
    const body = await api(path);
    fill(mine, node, render(body));
  } catch (e) {
    if (!e.loggedOut) fill(mine, node, errorBox(e));
    throw e;
  }
}

// ------------------------------------------------------------------------------------------------- charts

export function chart(node, title, series, height) {
  const width = Math.max(320, Math.min(node.clientWidth || 560, 900));
  const opts = {
    title, width, height: height || 200,
    scales: {x: {time: true}},
    axes: [{}, {size: 60}],
    series: [{}].concat(series.map(([label, stroke, extra]) => Object.assign({label, stroke, width: 2}, extra))),
    legend: {live: false},
    cursor: {show: false},
  };
  const empty = [[]].concat(series.map(() => []));
  return new uPlot(opts, empty, node);
}
