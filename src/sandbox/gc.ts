import type Docker from 'dockerode';
import { LABEL, ownerFromLabels, ownerIsGone } from './owner.js';

/** Options of {@link collectGarbage}. */
export interface GcOptions {
  /** Also remove resources older than this many milliseconds, whoever owns them. */
  olderThanMs?: number;
  /** List what would be removed without removing it. */
  dryRun?: boolean;
  now?: number;
}

/** One container gc looked at and what it decided. */
export interface GcDecision {
  id: string;
  name: string;
  run: string | undefined;
  attempt: string | undefined;
  removed: boolean;
  reason: 'owner gone' | 'older than bound' | 'owner alive' | 'owner unknown';
}

/**
 * Removes Crucible containers whose owner process is gone (same host, dead pid or another boot)
 * or, with `olderThanMs`, that are older than the bound. Containers of a live owner are kept, so
 * a gc beside a running evaluation leaves it intact.
 */
export async function collectGarbage(docker: Docker, options: GcOptions = {}): Promise<GcDecision[]> {
  const now = options.now ?? Date.now();
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL.managed}=1`] } });
  const decisions: GcDecision[] = [];
  for (const info of containers) {
    const labels = info.Labels ?? {};
    const owner = ownerFromLabels(labels);
    const created = Date.parse(labels[LABEL.created] ?? '') || info.Created * 1000;
    let reason: GcDecision['reason'] = owner ? 'owner alive' : 'owner unknown';
    if (owner && ownerIsGone(owner)) reason = 'owner gone';
    else if (options.olderThanMs !== undefined && now - created > options.olderThanMs) reason = 'older than bound';
    const remove = reason === 'owner gone' || reason === 'older than bound';
    if (remove && !options.dryRun) {
      await docker.getContainer(info.Id).remove({ force: true, v: true }).catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 404 && err.statusCode !== 409) throw err;
      });
    }
    decisions.push({
      id: info.Id.slice(0, 12),
      name: (info.Names?.[0] ?? '').replace(/^\//, ''),
      run: labels[LABEL.run],
      attempt: labels[LABEL.attempt],
      removed: remove && !options.dryRun,
      reason,
    });
  }
  return decisions;
}

/** Parses durations like `90s`, `30m`, `2h`, `1d` into milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) throw new RangeError(`Expected a duration like 30m, 2h or 1d, got ${JSON.stringify(text)}`);
  const unit = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
