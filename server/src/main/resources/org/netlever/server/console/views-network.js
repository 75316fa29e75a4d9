// The console's network views: the dashboard, lease search and the DHCP event log (docs/api.md).

import { HISTORY_SECONDS, el, show, link, table, errorBox, generation, api, query, poll, VIEWS, route, fill, section, chart } from './core.js';

// ------------------------------------------------------------------------------------------------- dashboard

// Readings survive leaving and re-entering the dashboard, so the charts keep their last minutes.
export const readings = [];
export const RATES = [
  ['dhcpEvents', 'DHCP events/s'], ['dhcpAccepted', 'accepted/s'], ['dhcpRejected', 'rejected/s'],
  ['radiusRequests', 'RADIUS requests/s'], ['accountingRequests', 'accounting/s'], ['radiusDrops', 'drops/s'],
  ['pcrfTransitions', 'PCRF transitions/s'], ['coaSent', 'CoA sent/s'], ['coaFailed', 'CoA failed/s'],
];

export function rates() {
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

export function leaseColumns() {
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
export function filterForm(routeName, fields, params) {
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
export function pagedList(mine, path, params, render) {
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

export function pagedTable(test, columns, rowTest, view, path, params, live) {
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

export const SUB_OPTIONS = {1: 'circuit-id', 2: 'remote-id', 5: 'link-selection', 6: 'subscriber-id', 9: 'vendor'};

/** Option 82 as stored (hex) decoded into its sub-options: printable ones as quoted text, the others as hex. */
export function option82Text(hex) {
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

export function eventColumns() {
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
