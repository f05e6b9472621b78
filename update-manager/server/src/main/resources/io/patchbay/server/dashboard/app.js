// The dashboard: sign in, then poll the admin API every 2 seconds and redraw; act through confirmed actions.
import { $ } from './dom.js';
import { ApiError, get, optional, post, setCsrf } from './api.js';
import { actions } from './actions.js';
import { renderAudit, renderFleet, renderInstalls, renderLicenses, renderReleases, renderRollouts } from './views.js';

const POLL_MILLIS = 2000;
let session = null;
let timer = null;
let current = 'fleet';
let latest = null;

function report(text, isError) {
  const line = $('status-line');
  line.textContent = text;
  line.className = isError ? 'error' : '';
}

const act = actions(report, () => poll());

function showSignIn(message) {
  session = null;
  setCsrf(null);
  clearTimeout(timer);
  $('app-view').hidden = true;
  $('who-box').hidden = true;
  $('sign-in-view').hidden = false;
  $('sign-in-error').textContent = message || '';
  $('token').focus();
}

function showApp(s) {
  session = s;
  setCsrf(s.csrfToken);
  const readOnly = s.role !== 'OPERATOR';
  document.body.classList.toggle('read-only', readOnly);
  // hidden by CSS for READ_ONLY, and disabled too: the server refuses them anyway
  document.querySelectorAll('.operator-only button, .operator-only input, .operator-only select')
    .forEach((control) => { control.disabled = readOnly; });
  $('who').textContent = s.label || s.tokenId;
  $('role').textContent = s.role;
  $('role').className = 'badge ' + s.role;
  $('sign-in-view').hidden = true;
  $('who-box').hidden = false;
  $('app-view').hidden = false;
  select(current);
  poll();
}

function select(view) {
  current = view;
  document.querySelectorAll('#tabs button').forEach((b) => b.classList.toggle('active', b.dataset.view === view));
  document.querySelectorAll('.view').forEach((v) => v.classList.toggle('active', v.id === 'view-' + view));
  if (latest) {
    render(latest);
  }
}

async function load() {
  const [clients, lagging, failed, releases, deployments, installs, audit, rollouts, licenses, flags] =
    await Promise.all([get('/admin/v1/clients?limit=1000'), get('/admin/v1/clients/lagging?limit=1000'),
      get('/admin/v1/installs/failed?limit=200'), get('/admin/v1/releases/list?limit=200'),
      get('/admin/v1/deployments/list?limit=100'), get('/admin/v1/installs/recent?limit=50'),
      get('/admin/v1/audit?limit=100'), optional('/admin/v1/rollouts/list'),
      optional('/admin/v1/licenses/list?limit=200'), optional('/admin/v1/licenses/flags?limit=200')]);
  const rolloutList = rollouts ? (rollouts.rollouts || []) : null;
  const rolloutStatus = {};
  await Promise.all((rolloutList || []).slice(0, 10).map(async (r) => {
    rolloutStatus[r.id] = await optional('/admin/v1/rollouts/status?id=' + encodeURIComponent(r.id)) || r;
  }));
  return {
    clients: clients.clients, lagging: lagging.clients, failed: failed.installs, releases: releases.releases,
    deployments: deployments.deployments, installs: installs.installs, audit: audit.entries,
    rollouts: rolloutList, rolloutStatus, licenses: licenses ? licenses.licenses : null,
    flags: flags ? flags.flags : null,
  };
}

function render(data) {
  renderFleet(data, act);
  renderReleases(data);
  renderRollouts(data, act);
  renderInstalls(data);
  renderLicenses(data, act);
  renderAudit(data);
  // buttons drawn just now follow the session's role as the static ones do
  if (session && session.role !== 'OPERATOR') {
    document.querySelectorAll('.operator-only button').forEach((b) => { b.disabled = true; });
  }
}

async function poll() {
  clearTimeout(timer);
  if (!session) {
    return;
  }
  try {
    latest = await load();
    render(latest);
    $('live').classList.remove('stale');
    $('live').textContent = 'live · ' + new Date().toISOString().substring(11, 19);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      showSignIn('Your session ended; sign in again.');
      return;
    }
    $('live').classList.add('stale');
    $('live').textContent = 'not updating: ' + e.message;
  }
  timer = setTimeout(poll, POLL_MILLIS);
}

function wire() {
  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const s = await post('/dashboard/v1/session', { token: $('token').value.trim() });
      $('token').value = '';
      showApp(s);
    } catch (e) {
      $('sign-in-error').textContent = e.status === 401 ? 'That admin token is not valid.' : e.message;
    }
  });
  $('sign-out').addEventListener('click', async () => {
    try {
      await post('/dashboard/v1/session/end', {});
    } finally {
      showSignIn('Signed out.');
    }
  });
  document.querySelectorAll('#tabs button').forEach((b) => b.addEventListener('click', () => select(b.dataset.view)));
  for (const id of ['fleet-search', 'fleet-state', 'fleet-channel']) {
    $(id).addEventListener('input', () => latest && renderFleet(latest, act));
  }
  $('deploy-form').addEventListener('submit', (event) => {
    event.preventDefault();
    act.deploy($('deploy-release').value, $('deploy-channel').value.trim(), $('deploy-policy').value,
      $('deploy-type').value);
  });
  $('push-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const target = $('push-channel').value.trim();
    if ($('push-kind').value === 'clients') {
      act.pushClients(target.split('+').map((id) => id.trim()).filter((id) => id), $('push-action').value);
    } else {
      act.pushChannel(target, $('push-action').value);
    }
  });
  $('rollout-form').addEventListener('submit', (event) => {
    event.preventDefault();
    // "10" is 10 % of the channel (cumulative); "ID+ID" names clients
    const groups = $('rollout-groups').value.split(',').map((g) => g.trim()).filter((g) => g).map((g) =>
      (/^[0-9]+$/.test(g) ? { percent: parseInt(g, 10) } : { clientIds: g.split('+').map((id) => id.trim()) }));
    act.startRollout({
      name: 'rollout-' + $('rollout-release').value, releaseId: $('rollout-release').value,
      channel: $('rollout-channel').value.trim(), groups,
      successThreshold: parseInt($('rollout-success').value, 10),
      errorThreshold: { count: parseInt($('rollout-errors').value, 10) },
      soakSeconds: parseInt($('rollout-soak').value, 10), actionType: 'FORCED', policy: 'NOW',
    });
  });
}

async function start() {
  wire();
  try {
    showApp(await get('/dashboard/v1/session/current'));
  } catch (e) {
    showSignIn('');
  }
}

start();
