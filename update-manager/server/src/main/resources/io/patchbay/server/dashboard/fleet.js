// The fleet's state per client, from three admin views: the client list (alive / dead / revoked / never seen), the
// lagging list (assigned a level above the one it reports) and the failed installs (the newest failure above the
// client's current level says why it is not there).
const FAILED = new Set(['REJECTED', 'ROLLED_BACK', 'ROLLBACK_FAILED']);

export function fleetRows(clients, lagging, failedInstalls) {
  const laggingIds = new Map((lagging || []).map((l) => [l.clientId, l]));
  const lastFailure = new Map();
  for (const report of failedInstalls || []) {
    if (!lastFailure.has(report.clientId)) {
      lastFailure.set(report.clientId, report); // newest first
    }
  }
  return (clients || []).map((c) => {
    const failure = lastFailure.get(c.clientId);
    const failedAbove = failure && failure.targetSequence > c.patchSequence;
    let state;
    if (c.state === 'REVOKED') {
      state = 'revoked';
    } else if (c.state === 'NEVER_SEEN') {
      state = 'never seen';
    } else if (c.state === 'DEAD') {
      state = 'dead';
    } else if (failedAbove && failure.state === 'CRASHED') {
      state = 'crashed';
    } else if (failedAbove && FAILED.has(failure.state)) {
      state = 'failed';
    } else if (laggingIds.has(c.clientId)) {
      state = 'lagging';
    } else {
      state = 'up to date';
    }
    return {
      clientId: c.clientId, channel: c.channel, level: c.patchSequence, lastSeen: c.lastSeen, state,
      why: failedAbove ? failure.cause : null,
      health: c.health || null, healthFailing: c.healthFailing || null, healthAt: c.healthAt || null,
      assigned: laggingIds.has(c.clientId) ? laggingIds.get(c.clientId).assignedLevel : null,
    };
  });
}

export function matches(row, search, state, channel) {
  const text = (search || '').trim().toLowerCase();
  return (!state || row.state === state) && (!channel || row.channel === channel)
    && (!text || row.clientId.toLowerCase().includes(text) || row.channel.toLowerCase().includes(text));
}

/** [[level, count], ...] by level. */
export function levelCounts(rows) {
  const counts = new Map();
  for (const row of rows) {
    if (row.state !== 'revoked') {
      counts.set(row.level, (counts.get(row.level) || 0) + 1);
    }
  }
  return Array.from(counts.entries()).sort((a, b) => a[0] - b[0]);
}
