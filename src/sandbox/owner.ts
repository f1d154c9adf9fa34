import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Identifies the process that owns a sandbox, so gc can tell orphans from live runs. */
export interface Owner {
  host: string;
  pid: number;
  /** Process start time in clock ticks since boot: tells a live owner from a reused pid. */
  start: string;
  bootId: string;
}

function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after its closing paren are fixed.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

/** This process as an owner. */
export function currentOwner(): Owner {
  return { host: hostname(), pid: process.pid, start: procStart(process.pid) ?? 'unknown', bootId: bootId() };
}

/**
 * Whether an owner is certainly gone: same host, and either another boot or no process with
 * that pid and start time. Owners on other hosts are never declared dead (we cannot see them).
 */
export function ownerIsGone(owner: Owner): boolean {
  const me = currentOwner();
  if (owner.host !== me.host) return false;
  if (owner.bootId !== me.bootId) return true;
  return procStart(owner.pid) !== owner.start;
}

/** Container labels naming Crucible, the run, the attempt and the owner. */
export const LABEL = {
  managed: 'crucible',
  kind: 'crucible.kind',
  run: 'crucible.run',
  attempt: 'crucible.attempt',
  host: 'crucible.owner.host',
  pid: 'crucible.owner.pid',
  start: 'crucible.owner.start',
  boot: 'crucible.owner.boot',
  created: 'crucible.created',
} as const;

/** Labels for a new resource owned by this process. */
export function ownerLabels(extra: { kind: string; runId?: string; attemptId?: string }): Record<string, string> {
  const owner = currentOwner();
  return {
    [LABEL.managed]: '1',
    [LABEL.kind]: extra.kind,
    ...(extra.runId ? { [LABEL.run]: extra.runId } : {}),
    ...(extra.attemptId ? { [LABEL.attempt]: extra.attemptId } : {}),
    [LABEL.host]: owner.host,
    [LABEL.pid]: String(owner.pid),
    [LABEL.start]: owner.start,
    [LABEL.boot]: owner.bootId,
    [LABEL.created]: new Date().toISOString(),
  };
}

/** Reads the owner back from labels; `undefined` when they are incomplete. */
export function ownerFromLabels(labels: Record<string, string>): Owner | undefined {
  const host = labels[LABEL.host];
  const pid = Number(labels[LABEL.pid]);
  const start = labels[LABEL.start];
  const boot = labels[LABEL.boot];
  if (!host || !Number.isInteger(pid) || !start || !boot) return undefined;
  return { host, pid, start, bootId: boot };
}
