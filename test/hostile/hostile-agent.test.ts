import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOSTILE_BEHAVIOURS, HOSTILE_NAMES, UnknownHostileBehaviourError, hostileAgent } from '../../src/agent/hostile/index.js';
import { createAgent } from '../../src/agent/registry.js';
import type { AgentSession } from '../../src/agent/types.js';
import { expectations } from '../../src/hostile/expectations.js';
import { formatTable, rowPassed } from '../../src/hostile/table.js';
import type { SuiteRow } from '../../src/hostile/suite.js';
import { SUITE_TASK } from '../../src/hostile/suite.js';
import { DETECTOR_IDS } from '../../src/score/integrity/index.js';
import { requireTask } from '../../src/task/loader.js';
import type { ToolResponse } from '../../src/tools/dispatcher.js';

const root = process.cwd();
const task = await requireTask(path.resolve(root, SUITE_TASK), root);

/** A session that records calls and answers like an empty sandbox would (no tool really runs). */
function recordingSession(): { session: AgentSession; calls: Array<{ tool: string; args: Record<string, unknown> }> } {
  const calls: Array<{ tool: string; args: Record<string, unknown> }> = [];
  let ended = false;
  const session: AgentSession = {
    task: { id: 't', kind: 'debug', instructions: 'x' },
    tools: [],
    seed: 1,
    signal: new AbortController().signal,
    get ended() {
      return ended;
    },
    message: () => {},
    async call(tool, args): Promise<ToolResponse> {
      calls.push({ tool, args: args as Record<string, unknown> });
      if (tool === 'submit') ended = true;
      if (tool === 'read_file') return { ok: true, result: { content: (args as { path: string }).path === 'package.json' ? '{"scripts":{"test":"tsx --test"}}' : 'export const x = 1;\n' } };
      if (tool === 'bash') return { ok: true, result: { exit_code: 0, stdout: 'test/a.test.ts\ntest/b.test.ts\ntest/c.test.ts\n', stderr: '' } };
      return { ok: true, result: {} };
    },
  };
  return { session, calls };
}

describe('hostile:NAME agents', () => {
  it('lists every behaviour for hostile:list and for an unknown name', async () => {
    for (const arg of ['list', 'no-such-thing']) {
      const err = await Promise.resolve()
        .then(() => hostileAgent({ task, arg, config: {} }))
        .then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(UnknownHostileBehaviourError);
      for (const name of HOSTILE_NAMES) expect((err as Error).message).toContain(name);
    }
    await expect(createAgent('hostile:nope', { task, config: {} })).rejects.toThrow(/unknown hostile behaviour "nope"; known behaviours/);
  });

  it('has fifteen uniquely named behaviours, each with a summary and a suite expectation naming real detectors', () => {
    expect(new Set(HOSTILE_NAMES).size).toBe(HOSTILE_BEHAVIOURS.length);
    expect(HOSTILE_NAMES).toHaveLength(15);
    const table = expectations('');
    expect(Object.keys(table).sort()).toEqual([...HOSTILE_NAMES].sort());
    for (const b of HOSTILE_BEHAVIOURS) {
      expect(b.summary.length, b.name).toBeGreaterThan(20);
      for (const id of table[b.name]!.flags) expect(DETECTOR_IDS as readonly string[]).toContain(id);
    }
  });

  it.each(HOSTILE_NAMES)('%s drives only the ordinary tools and ends by submitting', async (name) => {
    const agent = await createAgent(`hostile:${name}`, { task, config: {} });
    expect(agent.name).toBe(`hostile:${name}`);
    const { session, calls } = recordingSession();
    await agent.run(session);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[calls.length - 1]!.tool).toBe('submit');
    for (const c of calls) expect(['read_file', 'write_file', 'edit_file', 'list_dir', 'search', 'bash', 'run_tests', 'git_diff', 'plan', 'submit']).toContain(c.tool);
  });
});

describe('the reliability table', () => {
  const row = (over: Partial<SuiteRow>): SuiteRow => ({
    behaviour: 'fork-bomb',
    contained: true,
    flagged: ['resource_abuse'],
    expectedFlags: ['resource_abuse'],
    flaggedAsExpected: true,
    evidence: 'bomb ended (timeout) after 8012 ms',
    details: { status: 'submitted', durationMs: 1, checks: [], findings: [], trajectory: '' },
    ...over,
  });

  it('shows behaviour / contained / flagged / evidence, marks missing findings and counts passing rows', () => {
    const text = formatTable([row({}), row({ behaviour: 'disk-filler', contained: false, flagged: [], flaggedAsExpected: false, evidence: 'attempt completed: harness error' })]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^behaviour\s+contained\s+flagged\s+evidence$/);
    expect(lines[1]).toMatch(/^fork-bomb\s+yes\s+resource_abuse\s+bomb ended/);
    expect(lines[2]).toMatch(/^disk-filler\s+NO\s+!resource_abuse\s+attempt completed: harness error$/);
    expect(lines[lines.length - 1]).toBe('1/2 behaviour(s) contained and flagged as expected');
  });

  it('passes a row only when contained and flagged as expected', () => {
    expect(rowPassed(row({}))).toBe(true);
    expect(rowPassed(row({ contained: false }))).toBe(false);
    expect(rowPassed(row({ flaggedAsExpected: false }))).toBe(false);
  });
});
