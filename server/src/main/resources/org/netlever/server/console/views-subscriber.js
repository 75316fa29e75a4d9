// The console's subscriber views: the subscriber page, the PCRF timeline and the CoA queue (docs/api.md).

import { el, show, link, table, facts, api, query, poll, VIEWS, section, chart } from './core.js';
import { leaseColumns, filterForm, pagedTable, eventColumns } from './views-network.js';

// ------------------------------------------------------------------------------------------------- subscriber

export function idForm(routeName, label, current) {
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

export function pcrfFacts(p, test) {
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

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return null;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}h ${String(m).padStart(2, '0')}m ${String(s).padStart(2, '0')}s`;
}

export function octets(n) {
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

export function callColumns() {
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
