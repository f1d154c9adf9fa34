import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { currentOwner, ownerFromLabels, ownerIsGone, ownerLabels } from '../../src/sandbox/owner.js';

describe('owner', () => {
  it('round-trips through container labels and is alive while this process runs', () => {
    const labels = ownerLabels({ kind: 'sandbox', runId: 'r1', attemptId: 'a1' });
    expect(labels).toMatchObject({ crucible: '1', 'crucible.kind': 'sandbox', 'crucible.run': 'r1', 'crucible.attempt': 'a1' });
    const owner = ownerFromLabels(labels);
    expect(owner).toEqual(currentOwner());
    expect(ownerIsGone(owner!)).toBe(false);
  });

  it('is gone when its pid has exited, when its pid was reused, or after a reboot', () => {
    const me = currentOwner();
    const exited = spawnSync('true').pid;
    expect(ownerIsGone({ ...me, pid: exited! })).toBe(true);
    expect(ownerIsGone({ ...me, start: '1' })).toBe(true);
    expect(ownerIsGone({ ...me, bootId: 'another-boot' })).toBe(true);
  });

  it('is never declared gone on another host, and incomplete labels name no owner', () => {
    expect(ownerIsGone({ ...currentOwner(), host: 'elsewhere', pid: 1 })).toBe(false);
    expect(ownerFromLabels({ crucible: '1' })).toBeUndefined();
  });
});
