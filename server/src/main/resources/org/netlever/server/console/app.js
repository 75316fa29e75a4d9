// The netlever web console: a small single-page application over the operations API (docs/api.md).
// Plain ES2020, no framework, no build step. Everything the API answers is put on the page as text (textContent and
// attribute setters, never markup from strings), so a hostile value — a circuit-id from equipment — is shown, never run.
'use strict';

(() => {
  const TOKEN_KEY = 'netlever.token';
  const POLL_MILLIS = 2000;
  const HISTORY_SECONDS = 600;

  // ------------------------------------------------------------------------------------------------- DOM helpers

  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attrs, ...children) {
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

  const $ = (id) => document.getElementById(id);

  /** A value as text: absent values as an em dash. */
  function show(v) {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  }

  /** A hash link; the target's parts are encoded so that an id cannot climb into the route. */
  function link(route, id, text, test) {
    return el('a', {href: '#/' + route + '/' + encodeURIComponent(id), 'data-test': test}, show(text));
  }

  /** A table of items; columns are [header, item => cell (text or node)]. */
  function table(test, columns, items, rowTest) {
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
  function facts(test, pairs) {
    return el('dl', {class: 'facts', 'data-test': test}, pairs.flatMap(([k, v, t]) => [
      el('dt', {}, k), el('dd', {'data-test': t}, v instanceof Node ? v : show(v))]));
  }

  function errorBox(err) {
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

  let generation = 0; // bumped on every route change and log-out: late answers of an old view are dropped

  /** GET an API path with the session's token; a 401 logs out with the API's message. */
  async function api(path) {
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

  function loggedOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin(message);
    const e = new ApiError(401, {error: 'unauthorized', message});
    e.loggedOut = true;
    return e;
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== null && v !== undefined && String(v).trim() !== '') q.set(k, String(v).trim());
    }
    const s = q.toString();
    return s ? '?' + s : '';
  }

  // ------------------------------------------------------------------------------------------ login and routing

  function showLogin(message) {
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

  function showApp() {
    $('login').hidden = true;
    $('nav').hidden = false;
    $('logout').hidden = false;
    route();
  }

  let stop = null;

  function stopView() {
    if (stop) {
      stop();
      stop = null;
    }
  }

  /** Runs a refresh now and every POLL_MILLIS while the view is shown; a refresh never overlaps the previous one. */
  function poll(refresh) {
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

  const VIEWS = {};

  function route() {
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
  function fill(mine, node, ...children) {
    if (mine === generation) node.replaceChildren(...children);
  }

  /** Fetches into a section: its content, or the API's error in its place. */
  async function section(mine, node, path, render) {
    try {
      const body = await api(path);
      fill(mine, node, render(body));
    } catch (e) {
      if (!e.loggedOut) fill(mine, node, errorBox(e));
      throw e;
    }
  }

  // ------------------------------------------------------------------------------------------------- charts

  function chart(node, title, series, height) {
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

  // ------------------------------------------------------------------------------------------------- dashboard

  // Readings survive leaving and re-entering the dashboard, so the charts keep their last minutes.
  const readings = [];
  const RATES = [
    ['dhcpEvents', 'DHCP events/s'], ['dhcpAccepted', 'accepted/s'], ['dhcpRejected', 'rejected/s'],
    ['radiusRequests', 'RADIUS requests/s'], ['accountingRequests', 'accounting/s'], ['radiusDrops', 'drops/s'],
    ['pcrfTransitions', 'PCRF transitions/s'], ['coaSent', 'CoA sent/s'], ['coaFailed', 'CoA failed/s'],
  ];

  function rates() {
    // One point per pair of consecutive readings: (difference of totals) / (difference of their times).
    const xs = [];
    const ys = RATES.map(() => []);
    for (let i = 1; i < readings.length; i++) {
      const a = readings[i - 1];
      const b = readings[i];
      const dt = (b.t - a.t) / 1000;
      if (dt <= 0) continue;
      xs.push(b.t / 1000);
      RATES.forEach(([k], j) => ys[j].push(Math.max(0, ((b.counters[k] || 0) - (a.counters[k] || 0)) / dt)));
    }
    return [xs, ys];
  }

  VIEWS.dashboard = (view) => {
    const status = el('div', {class: 'cards', 'data-test': 'dashboard-status'});
    const rateBox = el('div', {'data-test': 'dashboard-rates'});
    const dhcpChart = el('div', {class: 'chart', 'data-test': 'chart-dhcp'});
    const radiusChart = el('div', {class: 'chart', 'data-test': 'chart-radius'});
    const error = el('div');
    const drops = el('div', {'data-test': 'radius-drops'});
    view.append(el('h1', {}, 'Dashboard'), error, status,
        el('h2', {}, 'Rates over the last minutes'), el('div', {class: 'charts'}, dhcpChart, radiusChart), rateBox,
        el('h2', {}, 'Last RADIUS drops'), drops);
    const plots = [
      [chart(dhcpChart, 'DHCP events per second', [['events', '#1f4e79'], ['accepted', '#2e8b57'],
        ['rejected', '#c0392b']]), [0, 1, 2]],
      [chart(radiusChart, 'RADIUS per second', [['requests', '#1f4e79'], ['accounting', '#8e44ad'],
        ['drops', '#c0392b'], ['PCRF transitions', '#d68910']]), [3, 4, 5, 6]],
    ];
    const card = (label, value, test, warn) => el('div', {class: 'card' + (warn ? ' warn' : ''), 'data-test': test},
        el('span', {class: 'label'}, label), el('span', {class: 'value'}, show(value)));
    const refresh = async (mine) => {
      let d;
      try {
        d = await api('/api/v1/dashboard');
      } catch (e) {
        if (!e.loggedOut) fill(mine, error, errorBox(e));
        throw e;
      }
      if (mine !== generation) return;
      error.replaceChildren();
      readings.push({t: Date.parse(d.at) || Date.now(), counters: d.counters || {}});
      const cutoff = readings[readings.length - 1].t - HISTORY_SECONDS * 1000;
      while (readings.length > 2 && readings[0].t < cutoff) readings.shift();
      const q = d.queues || {};
      const c = d.counters || {};
      status.replaceChildren(
          card('leader', d.leader ? 'yes — runs the PCRF' : 'no', 'leader'),
          card('active leases', d.leases ? d.leases.active : null, 'leases-active'),
          card('scheduler lag', show(d.schedulerLagMillis) + ' ms', 'scheduler-lag', d.schedulerLagMillis > 1000),
          card('DHCP accepted / rejected', show(c.dhcpAccepted) + ' / ' + show(c.dhcpRejected), 'outcomes'),
          card('NAS sync pending', q.nasSyncPending, 'queue-nas-pending'),
          card('NAS sync failed', q.nasSyncFailed, 'queue-nas-failed', q.nasSyncFailed > 0),
          card('CoA owed', q.coaOwed, 'queue-coa-owed'),
          card('CoA failed', q.coaFailed, 'queue-coa-failed', q.coaFailed > 0),
          card('reservations', q.reservations, 'queue-reservations'),
          card('as of', d.at, 'dashboard-at'));
      const [xs, ys] = rates();
      const last = (j) => (ys[j].length ? ys[j][ys[j].length - 1].toFixed(2) : '—');
      rateBox.replaceChildren(table('rates', [['counter', (r) => r[1].replace('/s', '')],
        ['total', (r) => c[r[0]]], ['per second (last 2 s)', (r) => last(r[2])]],
      RATES.map((r, j) => [r[0], r[1], j]), 'rate'));
      for (const [plot, idx] of plots) plot.setData([xs].concat(idx.map((j) => ys[j])));
      await section(mine, drops, '/api/v1/radius/drops?limit=10', (page) => table('drops', [['at', (r) => r.at],
        ['listener', (r) => r.listener], ['peer', (r) => r.peer], ['reason', (r) => r.reason],
        ['detail', (r) => r.detail]], page.items || [], 'drop'));
    };
    const stopPoll = poll(refresh);
    return () => {
      stopPoll();
      plots.forEach(([p]) => p.destroy());
    };
  };

  // ------------------------------------------------------------------------------------------------- leases

  function leaseColumns() {
    return [
      ['ip', (l) => el('span', {'data-test': 'lease-ip'}, show(l.ip))],
      ['subscriber', (l) => (l.subscriber ? link('subscriber', l.subscriber, l.subscriber, 'lease-subscriber')
          : null)],
      ['mac', (l) => l.mac], ['origin', (l) => l.origin], ['pool', (l) => l.pool], ['device', (l) => l.device],
      ['port', (l) => l.port], ['renewed', (l) => l.renewedAt], ['expires', (l) => l.expiresAt],
      ['state', (l) => el('span', {class: 'state ' + show(l.state)}, show(l.state))],
    ];
  }

  /** A filter form whose values live in the hash (#/route?a=b), so a search can be linked and reloaded. */
  function filterForm(routeName, fields, params) {
    const form = el('form', {class: 'filters', 'data-test': routeName + '-filters'});
    for (const [name, kind, choices] of fields) {
      const id = 'f-' + routeName + '-' + name;
      let input;
      if (kind === 'select') {
        input = el('select', {id, name}, el('option', {value: ''}, 'any'),
            choices.map((c) => el('option', {value: c}, c)));
      } else {
        input = el('input', {id, name, type: 'text', placeholder: kind || '', size: 16});
      }
      input.value = params.get(name) || '';
      form.append(el('label', {for: id}, name), input);
    }
    form.append(el('button', {type: 'submit', id: routeName + '-search', 'data-test': routeName + '-search'},
        'Search'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const values = {};
      for (const [name] of fields) values[name] = form.elements[name].value;
      const target = '#/' + routeName + query(values);
      if (location.hash === target) route(); else location.hash = target;
    });
    return form;
  }

  /**
   * A paged list: the first page (refreshed while polling), then "Next page" appends the page its cursor names. A
   * refresh of the first page that was on its way when a next page was asked for is dropped.
   */
  function pagedList(mine, path, params, render) {
    let version = 0;
    const tbody = el('tbody');
    const more = el('div', {class: 'more'});
    const load = async (cursor, into, v) => {
      const body = await api(path + query(Object.assign({}, params, {cursor})));
      if (mine !== generation || v !== version) return false;
      into.append(...render(body.items || []));
      more.replaceChildren();
      if (body.next) {
        more.append(el('button', {type: 'button', 'data-test': 'next-page', onclick: () => {
          version++;
          load(body.next, tbody, version).catch((e) => { if (!e.loggedOut) more.replaceChildren(errorBox(e)); });
        }}, 'Next page'));
      }
      return true;
    };
    const first = async () => {
      const fresh = el('tbody');
      if (await load(null, fresh, version)) tbody.replaceChildren(...fresh.childNodes);
    };
    return {tbody, more, first, paged: () => version > 0};
  }

  function pagedTable(test, columns, rowTest, view, path, params, live) {
    const mine = generation;
    const errorSlot = el('div');
    const rows = (items) => items.map((item) => el('tr', {'data-test': rowTest},
        columns.map(([h, f]) => {
          const v = f(item);
          return el('td', {'data-col': h}, v instanceof Node ? v : show(v));
        })));
    const list = pagedList(mine, path, params, rows);
    const tableNode = el('table', {'data-test': test},
        el('thead', {}, el('tr', {}, columns.map(([h]) => el('th', {}, h)))), list.tbody);
    view.append(errorSlot, tableNode, list.more);
    const refresh = async () => {
      if (list.paged()) return; // keep the pages the operator opened; live again after a new search
      try {
        await list.first();
        errorSlot.replaceChildren();
      } catch (e) {
        if (!e.loggedOut) fill(mine, errorSlot, errorBox(e));
        throw e;
      }
    };
    return live ? poll(refresh) : (refresh().catch(() => {}), null);
  }

  VIEWS.leases = (view, parts, params) => {
    const fields = [['ip', '198.51.100.7'], ['subscriber', 'id'], ['mac', 'aa:bb:cc:dd:ee:ff'], ['device', 'id'],
      ['pool', 'id'], ['state', 'select', ['active', 'expired']], ['limit', 'page size (50)']];
    view.append(el('h1', {}, 'Leases'), filterForm('leases', fields, params));
    const filters = {};
    for (const [name] of fields) filters[name] = params.get(name);
    return pagedTable('leases-table', leaseColumns(), 'lease', view, '/api/v1/leases', filters, true);
  };

  // ------------------------------------------------------------------------------------------------- DHCP events

  const SUB_OPTIONS = {1: 'circuit-id', 2: 'remote-id', 5: 'link-selection', 6: 'subscriber-id', 9: 'vendor'};

  /** Option 82 as stored (hex) decoded into its sub-options: printable ones as quoted text, the others as hex. */
  function option82Text(hex) {
    if (typeof hex !== 'string' || !/^([0-9a-fA-F]{2})+$/.test(hex.replace(/[:\s]/g, ''))) return show(hex);
    const bytes = hex.replace(/[:\s]/g, '').match(/../g).map((b) => parseInt(b, 16));
    const out = [];
    let i = 0;
    while (i + 1 < bytes.length) {
      const code = bytes[i];
      const len = bytes[i + 1];
      const value = bytes.slice(i + 2, i + 2 + len);
      if (value.length < len) return hex;
      const printable = value.length > 0 && value.every((b) => b >= 0x20 && b < 0x7f);
      const text = printable ? '"' + String.fromCharCode(...value) + '"'
          : value.map((b) => b.toString(16).padStart(2, '0')).join(':');
      out.push((SUB_OPTIONS[code] || 'sub-option ' + code) + ' ' + text);
      i += 2 + len;
    }
    return out.length ? out.join(', ') : hex;
  }

  function eventColumns() {
    return [
      ['received', (e) => e.receivedAt], ['source', (e) => e.source], ['type', (e) => e.type],
      ['ip', (e) => e.ip], ['mac', (e) => e.mac],
      ['option 82', (e) => el('span', {'data-test': 'event-option82', title: show(e.option82)},
          option82Text(e.option82))],
      ['outcome', (e) => el('span', {class: 'outcome ' + show(e.outcome), 'data-test': 'event-outcome'},
          show(e.outcome))],
      ['reason', (e) => el('span', {'data-test': 'event-reason'}, show(e.reason))],
      ['subscriber', (e) => (e.subscriber ? link('subscriber', e.subscriber, e.subscriber, 'event-subscriber')
          : null)],
      ['device', (e) => e.device],
    ];
  }

  VIEWS.events = (view, parts, params) => {
    const fields = [['outcome', 'accepted / rejected …'], ['source', 'isc-dhcpd, kea …'], ['ip', ''],
      ['subscriber', ''], ['from', '2026-12-01T10:00:00Z'], ['to', '2026-12-01T11:00:00Z']];
    view.append(el('h1', {}, 'DHCP event log'), filterForm('events', fields, params));
    const filters = {};
    for (const [name] of fields) filters[name] = params.get(name);
    return pagedTable('events-table', eventColumns(), 'event', view, '/api/v1/dhcp-events', filters, true);
  };

  // ------------------------------------------------------------------------------------------------- subscriber

  function idForm(routeName, label, current) {
    const id = 'f-' + routeName + '-id';
    const input = el('input', {id, type: 'text', size: 24, placeholder: label, 'data-test': routeName + '-id'});
    input.value = current || '';
    const form = el('form', {class: 'filters'}, el('label', {for: id}, label), input,
        el('button', {type: 'submit', 'data-test': routeName + '-open'}, 'Open'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (input.value.trim()) location.hash = '#/' + routeName + '/' + encodeURIComponent(input.value.trim());
    });
    return form;
  }

  function pcrfFacts(p, test) {
    if (!p) return el('p', {class: 'muted', 'data-test': test}, 'not known to the PCRF');
    return el('div', {'data-test': test},
        facts('pcrf-facts', [['domain', p.domain], ['zone', p.zone, 'pcrf-zone'], ['tariff plan', p.tariffPlan],
          ['scenario', p.scenario], ['step', p.step, 'pcrf-step'], ['service', p.service, 'pcrf-service'],
          ['services-reauth pending', p.reauthPending ? 'yes' : 'no', 'pcrf-reauth']]),
        el('h3', {}, 'Quotas'),
        table('quotas', [['step', (q) => q.step], ['service', (q) => q.service],
          ['remaining time', (q) => (q.remainingSeconds === null ? null : duration(q.remainingSeconds))],
          ['remaining volume', (q) => (q.remainingOctets === null ? null : octets(q.remainingOctets))],
          ['next reset', (q) => (q.nextReset ? q.nextReset + ' (' + p.zone + ')' : null)]],
        p.quotas || [], 'quota'),
        el('h3', {}, 'Open sessions'),
        table('sessions', [['session', (s) => s.id], ['service', (s) => s.service], ['NAS', (s) => s.nas],
          ['time', (s) => duration(s.seconds)], ['in', (s) => octets(s.inputOctets)],
          ['out', (s) => octets(s.outputOctets)]], p.sessions || [], 'session'));
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return null;
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    return `${h}h ${String(m).padStart(2, '0')}m ${String(s).padStart(2, '0')}s`;
  }

  function octets(n) {
    if (n === null || n === undefined) return null;
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let v = Number(n);
    let u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return (u === 0 ? String(v) : v.toFixed(1)) + ' ' + units[u];
  }

  VIEWS.subscriber = (view, parts) => {
    const id = parts[0] || '';
    view.append(el('h1', {}, 'Subscriber'), idForm('subscriber', 'subscriber id', id));
    if (!id) return null;
    const body = el('div', {'data-test': 'subscriber-overview'});
    view.append(el('h2', {'data-test': 'subscriber-title'}, id), body);
    const path = '/api/v1/subscribers/' + encodeURIComponent(id) + '/overview';
    return poll((mine) => section(mine, body, path, (o) => {
      const s = o.subscriber;
      const a = o.account;
      return el('div', {class: 'grid'},
          el('section', {}, el('h3', {}, 'Billing entry'), s ? facts('subscriber-entry', [['id', s.id],
            ['device', s.device], ['port', s.port], ['pool kind', s.poolKind], ['phone', s.phone],
            ['domain', s.domain], ['tariff plan', s.tariffPlan], ['rate tariff', s.rateTariff]])
              : el('p', {class: 'muted'}, 'not in the billing')),
          el('section', {}, el('h3', {}, 'Account'), a ? facts('account', [['balance', a.balance, 'balance'],
            ['held', a.held], ['available', a.available, 'available'], ['calls in progress', a.calls]])
              : el('p', {class: 'muted', 'data-test': 'account'}, 'no account')),
          el('section', {class: 'wide'}, el('h3', {}, 'Leases'),
              table('subscriber-leases', leaseColumns(), o.leases || [], 'lease')),
          el('section', {class: 'wide'}, el('h3', {}, 'Last calls'),
              table('subscriber-calls', callColumns(), o.calls || [], 'call')),
          el('section', {class: 'wide'}, el('h3', {}, 'PCRF'),
              o.pcrf ? el('p', {}, link('pcrf', o.pcrf.subscriber, 'timeline of ' + o.pcrf.subscriber, 'pcrf-link'))
                  : null,
              pcrfFacts(o.pcrf, 'subscriber-pcrf')),
          el('section', {class: 'wide'}, el('h3', {}, 'Last DHCP events'),
              table('subscriber-events', eventColumns(), o.dhcpEvents || [], 'event')));
    }));
  };

  function callColumns() {
    return [['charged', (c) => c.chargedAt], ['key', (c) => c.key], ['called', (c) => c.called],
      ['seconds', (c) => c.seconds], ['charge', (c) => el('span', {'data-test': 'call-charge'}, show(c.charge))]];
  }

  // ------------------------------------------------------------------------------------------------- PCRF timeline

  VIEWS.pcrf = (view, parts) => {
    const id = parts[0] || '';
    view.append(el('h1', {}, 'PCRF timeline'), idForm('pcrf', 'PCRF subscriber', id));
    if (!id) return null;
    const state = el('div', {'data-test': 'pcrf-state'});
    const chartNode = el('div', {class: 'chart', 'data-test': 'chart-steps'});
    const list = el('div', {'data-test': 'pcrf-transitions'});
    view.append(el('h2', {'data-test': 'pcrf-title'}, id), state, el('h3', {}, 'Steps over time'), chartNode,
        el('h3', {}, 'Transitions (steps and resets), newest first'), list);
    const plot = chart(chartNode, 'step', [['step', '#1f4e79', {paths: uPlot.paths.stepped({align: 1}),
      points: {show: true}}]], 180);
    const stopPoll = poll(async (mine) => {
      const who = encodeURIComponent(id);
      await Promise.allSettled([
        section(mine, state, '/api/v1/pcrf/subscribers/' + who, (p) => pcrfFacts(p, 'pcrf-subscriber')),
        section(mine, list, '/api/v1/pcrf/transitions' + query({subscriber: id, limit: 200}), (page) => {
          const items = page.items || [];
          const ordered = items.slice().reverse();
          const xs = [];
          const ys = [];
          if (ordered.length) {
            xs.push(Date.parse(ordered[0].at) / 1000 - 1);
            ys.push(ordered[0].fromStep);
          }
          for (const t of ordered) {
            xs.push(Date.parse(t.at) / 1000);
            ys.push(t.toStep);
          }
          if (ordered.length) { // the step holds until now
            xs.push(Math.max(Date.now() / 1000, xs[xs.length - 1] + 1));
            ys.push(ordered[ordered.length - 1].toStep);
          }
          plot.setData([xs, ys]);
          return table('transitions', [['at', (t) => t.at],
            ['step', (t) => el('span', {'data-test': 'transition-steps'}, show(t.fromStep) + ' → ' + show(t.toStep))],
            ['kind', (t) => (t.toStep < t.fromStep || /reset|cron/i.test(t.reason || '') ? 'reset' : 'step')],
            ['reason', (t) => el('span', {'data-test': 'transition-reason'}, show(t.reason))]], items, 'transition');
        }),
      ]).then((results) => {
        const failed = results.find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
      });
    });
    return () => {
      stopPoll();
      plot.destroy();
    };
  };

  // ------------------------------------------------------------------------------------------------- CoA queue

  VIEWS.coa = (view, parts, params) => {
    const summary = el('div', {'data-test': 'nas-sync-summary'});
    view.append(el('h1', {}, 'CoA queue'), el('h2', {}, 'NAS sync'), summary, el('h2', {}, 'Services-reauth CoA'),
        filterForm('coa', [['state', 'select', ['owed', 'failed']]], params));
    const stopSummary = poll((m) => section(m, summary, '/api/v1/nas-sync/summary', (s) => facts('nas-sync', [
      ['pending', s.pending, 'nas-pending'], ['in progress', s.inProgress, 'nas-in-progress'],
      ['failed', s.failed, 'nas-failed'], ['oldest pending due', s.oldestPendingDueAt],
      ['last error', s.lastError, 'nas-last-error']])));
    const stopList = pagedTable('coa-table', [['subscriber', (c) => link('pcrf', c.subscriber, c.subscriber,
        'coa-subscriber')], ['state', (c) => c.state], ['since', (c) => c.since], ['attempts', (c) => c.attempts],
      ['last error', (c) => c.lastError]], 'coa', view, '/api/v1/pcrf/coa', {state: params.get('state')}, true);
    return () => {
      stopSummary();
      stopList();
    };
  };

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
})();
