// Rendering of each view from the latest poll. Tables are rebuilt on every poll; forms are not (typed input stays).
import { $, el, rows, ago, stateCell, options } from './dom.js';
import { fleetRows, matches, levelCounts } from './fleet.js';
import { levelChart, progressChart } from './charts.js';

export function renderFleet(data, act) {
  const all = fleetRows(data.clients, data.lagging, data.failed);
  const channels = Array.from(new Set(all.map((r) => r.channel))).sort();
  options($('fleet-channel'), [''].concat(channels), (v) => v || 'every channel');
  const shown = all.filter((r) => matches(r, $('fleet-search').value, $('fleet-state').value, $('fleet-channel').value));
  rows('fleet-table', shown.map((r) => el('tr', { 'data-client-id': r.clientId, 'data-state': r.state },
    el('td', { class: 'client' }, r.clientId),
    el('td', {}, r.channel),
    el('td', { class: 'level num' }, r.assigned ? `${r.level} → ${r.assigned}` : r.level),
    el('td', { title: r.lastSeen || '' }, ago(r.lastSeen)),
    el('td', { class: 'state state-' + r.state.replace(/ /g, '-'), title: r.why || '' }, r.state),
    el('td', { class: 'health' + (r.health ? ' health-' + r.health.toLowerCase() : ''),
      title: r.health ? (r.healthFailing ? 'failing: ' + r.healthFailing + '; ' : '') + 'checked ' + (r.healthAt || '?') : '' },
    r.health ? (r.healthFailing ? `${r.health} (${r.healthFailing})` : r.health) : '–'),
    el('td', { class: 'operator-only' },
      el('button', { type: 'button', class: 'push-client', onclick: () => act.pushClient(r.clientId, 'CHECK_NOW') },
        'check now'), ' ',
      el('button', { type: 'button', class: 'push-client', onclick: () => act.pushClient(r.clientId, 'REPORT_HOME') },
        'report home')))));
  levelChart($('level-chart'), levelCounts(all));
  const count = (state) => all.filter((r) => r.state === state).length;
  $('fleet-summary').replaceChildren(...['up to date', 'lagging', 'failed', 'crashed', 'dead'].flatMap((s) => [
    el('div', { class: 'state state-' + s.replace(/ /g, '-') }, s),
    el('div', { class: 'count', 'data-summary': s }, count(s))]));
}

export function renderReleases(data) {
  const releases = data.releases || [];
  rows('releases-table', releases.map((r) => el('tr', { 'data-release-id': r.releaseId },
    el('td', {}, r.releaseId), el('td', { class: 'num' }, r.level),
    el('td', {}, (r.targets || []).map((t) => `${t.symbolicName} ${t.version}`).join(', ')),
    el('td', {}, ago(r.createdAt)))));
  const ids = releases.map((r) => r.releaseId);
  options($('deploy-release'), ids);
  options($('rollout-release'), ids);
  rows('deployments-table', (data.deployments || []).map((d) => el('tr', { 'data-deployment-id': d.deploymentId },
    el('td', {}, d.deploymentId), el('td', {}, d.releaseId),
    el('td', {}, d.channel ? 'channel ' + d.channel : (d.clientIds || []).length + ' client(s)'),
    el('td', {}, d.policy ? d.policy.name : ''), el('td', {}, ago(d.createdAt)),
    stateCell(d.cancelledAt ? 'CANCELLED' : 'ACTIVE'))));
}

export function renderRollouts(data, act) {
  $('rollouts-missing').hidden = data.rollouts !== null;
  const list = data.rollouts || [];
  $('rollouts').replaceChildren(...list.map((r) => rolloutCard(r, data.rolloutStatus[r.id] || r, act)));
}

function rolloutCard(summary, status, act) {
  const state = status.state || summary.state;
  const groups = status.groups || [];
  return el('div', { class: 'rollout', 'data-rollout-id': summary.id, 'data-state': state },
    el('h3', {}, `${summary.name || summary.id} — ${status.releaseId || summary.releaseId || ''} `,
      el('span', { class: 'state rollout-state state-' + state }, state)),
    status.haltReason ? el('p', { class: 'halt' }, 'Halted: ' + status.haltReason) : null,
    (status.rollbackDeployments || []).map((d) => el('p', { class: 'rolled-back' },
      `Rolled back: ${(d.clientIds || []).length} client(s) to ${d.releaseId} (level ${d.level}) by deployment `
      + d.deploymentId)),
    (status.rollbackSkipped || []).length ? el('p', { class: 'note' }, `Not rolled back (no earlier release): `
      + status.rollbackSkipped.map((k) => k.clientId).join(', ')) : null,
    el('table', { class: 'groups' },
      el('thead', {}, el('tr', {}, ['Group', 'Selector', 'Size', 'Succeeded', 'Failed', 'Soaking', 'Pending',
        'State', 'Progress'].map((h) => el('th', {}, h)))),
      el('tbody', {}, groups.map((g) => el('tr', { 'data-group': g.index },
        el('td', {}, g.index), el('td', {}, g.selector), el('td', { class: 'num' }, g.size),
        el('td', { class: 'num' }, g.succeeded), el('td', { class: 'num' }, g.failed),
        el('td', { class: 'num' }, g.soaking), el('td', { class: 'num' }, g.pending), stateCell(g.state),
        el('td', {}, bar(g)))))),
    el('p', { class: 'note' }, 'Clients succeeded (green) and failed (red) over time:'),
    progressChart(status.history || status.progress || []),
    el('p', { class: 'operator-only' },
      el('button', { type: 'button', class: 'rollout-pause', disabled: state !== 'RUNNING',
        onclick: () => act.rollout('pause', summary.id) }, 'Pause…'), ' ',
      el('button', { type: 'button', class: 'rollout-resume', disabled: state !== 'PAUSED',
        onclick: () => act.rollout('resume', summary.id) }, 'Resume…'), ' ',
      // A halted rollout cannot resume: it is cancelled (which frees its channel), then the operator decides.
      el('button', { type: 'button', class: 'rollout-cancel',
        disabled: state !== 'RUNNING' && state !== 'PAUSED' && state !== 'HALTED',
        onclick: () => act.rollout('cancel', summary.id) }, 'Cancel…'), ' ',
      // Back to the release each client committed before (agents accept only bytes they ran); once per rollout.
      el('button', { type: 'button', class: 'rollout-rollback',
        disabled: state !== 'HALTED' || Boolean(status.rollbackDeploymentId),
        onclick: () => act.rollout('rollback', summary.id) }, 'Roll back…')));
}

function bar(group) {
  const size = Math.max(1, group.size || 0);
  const ok = el('span', {});
  ok.style.width = (100 * (group.succeeded || 0) / size) + '%';
  const bad = el('span', { class: 'failed' });
  bad.style.width = (100 * (group.failed || 0) / size) + '%';
  return el('span', { class: 'progress', title: `${group.succeeded}/${group.size} succeeded` }, ok, bad);
}

export function renderInstalls(data) {
  rows('installs-table', (data.installs || []).map((i) => el('tr', { 'data-report-id': i.reportId },
    el('td', {}, ago(i.receivedAt)), el('td', {}, i.clientId), el('td', { class: 'num' }, i.targetSequence),
    stateCell(i.state), el('td', {}, i.cause || ''),
    el('td', { class: 'timings' }, (i.timings || []).map((t) => `${t.step} ${t.millis} ms`).join(' · ')))));
}

export function renderLicenses(data, act) {
  $('licenses-missing').hidden = data.licenses !== null;
  rows('licenses-table', (data.licenses || []).map((l) => el('tr', { 'data-license-id': l.id },
    el('td', {}, l.id), el('td', {}, l.customer), stateCell(l.status), el('td', {}, l.expiresAt || 'never'),
    el('td', { class: 'operator-only' },
      el('button', { type: 'button', class: 'license-suspend', disabled: l.status !== 'ACTIVE',
        onclick: () => act.license('suspend', l.id) }, 'Suspend…'), ' ',
      el('button', { type: 'button', class: 'license-reinstate', disabled: l.status !== 'SUSPENDED',
        onclick: () => act.license('reinstate', l.id) }, 'Reinstate…'), ' ',
      el('button', { type: 'button', class: 'license-revoke danger', disabled: l.status === 'REVOKED',
        onclick: () => act.license('revoke', l.id) }, 'Revoke…')))));
  rows('flags-table', (data.flags || []).map((f) => el('tr', {},
    el('td', {}, f.licenseId), el('td', {}, f.kind), el('td', {}, f.reason), el('td', { class: 'num' }, f.occurrences),
    el('td', {}, ago(f.lastAt)), el('td', {}, f.action || ''))));
}

export function renderAudit(data) {
  rows('audit-table', (data.audit || []).map((a) => el('tr', { 'data-audit-id': a.id },
    el('td', { title: a.at, class: 'nowrap' }, ago(a.at)),
    el('td', { class: 'nowrap' }, `${a.tokenLabel || ''} (${a.tokenId.substring(0, 8)})`),
    el('td', {}, a.via), el('td', { class: 'nowrap' }, `${a.method} ${a.path}`), el('td', { class: 'num' }, a.status),
    el('td', { class: 'detail' }, a.detail || ''))));
}
