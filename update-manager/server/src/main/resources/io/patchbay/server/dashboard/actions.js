// Every action asks for confirmation in a dialog first, then calls the admin API (the server checks the role and
// the CSRF token again, and writes the audit log).
import { $ } from './dom.js';
import { post } from './api.js';

function confirmed(text) {
  const dialog = $('confirm-dialog');
  $('confirm-text').textContent = text;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

export function actions(report, refresh) {
  async function run(text, path, body) {
    if (!(await confirmed(text))) {
      report('cancelled: ' + text, false);
      return;
    }
    try {
      await post(path, body);
      report('done: ' + text, false);
    } catch (e) {
      report(`refused (${e.status} ${e.code || ''}): ${e.message}`, true);
    }
    refresh();
  }

  return {
    deploy(releaseId, channel, policy, actionType) {
      return run(`Deploy release ${releaseId} to channel ${channel} (${actionType}) with policy ${policy}?`,
        '/admin/v1/deployments', { releaseId, channel, actionType, policy: { name: policy } });
    },
    pushClient(clientId, action) {
      return run(`Push ${action} to client ${clientId}?`, '/admin/v1/pushes', { action, clientId });
    },
    pushClients(clientIds, action) {
      return run(`Push ${action} to ${clientIds.length} client(s): ${clientIds.join(', ')}?`, '/admin/v1/pushes',
        { action, clientIds });
    },
    pushChannel(channel, action) {
      return run(`Push ${action} to every client of channel ${channel}?`, '/admin/v1/pushes', { action, channel });
    },
    startRollout(spec) {
      return run(`Start a rollout of ${spec.releaseId} to channel ${spec.channel} in groups `
        + spec.groups.map((g) => (g.percent ? g.percent + '%' : g.clientIds.join(' + '))).join(', ') + '?',
      '/admin/v1/rollouts', spec);
    },
    rollout(verb, id) {
      return run(`${verb[0].toUpperCase() + verb.substring(1)} rollout ${id}?`, '/admin/v1/rollouts/' + verb, { id });
    },
    license(verb, id) {
      const what = { revoke: 'Revoke (final)', suspend: 'Suspend', reinstate: 'Reinstate' }[verb];
      return run(`${what} license ${id}?`, '/admin/v1/licenses/' + verb,
        { id, reason: 'from the dashboard' });
    },
  };
}
