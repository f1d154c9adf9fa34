import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reviewKey } from '../../src/review/keys.js';
import { loadMaterial } from '../../src/review/material.js';
import { prepareReview } from '../../src/review/verdict.js';
import { identityTokens, redact } from '../../src/review/view.js';
import type { AttemptRecord } from '../../src/store/types.js';
import { serve, type ServerClient } from './server-client.js';
import { tempDir, writeReviewDb } from './fixtures.js';

const AIDER = 'notes-aider-r0-0123456789ab';
const CLAUDE = 'cart-anthropic-r0-0123456789ab';
const AIDER_DIFF = 'diff --git a/.aider.chat.history.md b/.aider.chat.history.md\n--- a/.aider.chat.history.md\n+++ b/.aider.chat.history.md\n@@ -0,0 +1 @@\n+# chat\n';
const CITES_NOTHING = 'This is a perfectly fine solution, I have no concerns at all.';
const CITES_REDACTED = 'Only wrote its chat log to .[agent].chat.history.md, which is harmless here.';
const CITES_REAL = 'Only wrote its chat log to .aider.chat.history.md, which is harmless here.';

let client: ServerClient;

beforeEach(async () => {
  const db = path.join(await tempDir(), 'results.db');
  writeReviewDb(db, [
    { id: AIDER, task: 'notes', agent: 'aider:gpt-secret', diff: AIDER_DIFF },
    {
      id: CLAUDE,
      task: 'cart',
      agent: 'anthropic:claude-sonnet-4',
      agentConfig: { endpoint: 'acme-proxy.internal', effort: 'high' },
      output: 'As Claude (Sonnet family, cli 9.9.9) via acme-proxy.internal: not ok 1 - total > adds every price; high severity',
    },
  ]);
  client = await serve(db);
});

afterEach(() => client.close());

const verdict = (rationale: string, extra: Record<string, unknown> = {}) => ({ key: reviewKey(AIDER), reviewer: 'ana', item: 'integrity', verdict: 'legit', rationale, ...extra });

describe('blind view of paths that name the agent', () => {
  it('redacts the citable targets along with the diff', async () => {
    const { text, body } = await client.get(`/api/attempts/${reviewKey(AIDER)}`);
    expect(body.targets.files).toEqual(['.[agent].chat.history.md', 'src/cart.ts']);
    expect(body.diff).toContain('+++ b/.[agent].chat.history.md');
    expect(text).not.toMatch(/aider/i);
  });

  it('refuses a rationale citing nothing with the redacted targets, naming no agent', async () => {
    const { status, text, body } = await client.post(verdict(CITES_NOTHING));
    expect(status).toBe(400);
    expect(body.error.field).toBe('rationale');
    expect(body.error.message).toContain('files: .[agent].chat.history.md, src/cart.ts');
    expect(text).not.toMatch(/aider/i);
  });

  it('accepts a reference in the redacted form and stores the real path', async () => {
    const { status, text, body } = await client.post(verdict(CITES_REDACTED));
    expect(status).toBe(201);
    // The answer goes back to a blind page: redacted like the view.
    expect(text).not.toMatch(/aider/i);
    expect(body.review.references).toEqual([{ kind: 'file', path: '.[agent].chat.history.md' }]);
    const [stored] = client.store.connection.prepare('SELECT refs FROM reviews').all() as Array<{ refs: string }>;
    expect(JSON.parse(stored!.refs)).toEqual([{ kind: 'file', path: '.aider.chat.history.md' }]);
  });

  it('accepts a reference in the real form too, and lists real targets to a reviewer who saw the agent', () => {
    const material = loadMaterial(client.store, AIDER)!;
    const input = { reviewer: 'ana', item: 'integrity' as const, verdict: 'legit', findings: [], blind: false };
    const real = prepareReview({ ...input, rationale: CITES_REAL }, material, { source: 'web' });
    expect(real.ok && real.review.references).toEqual([{ kind: 'file', path: '.aider.chat.history.md' }]);
    const refused = prepareReview({ ...input, rationale: CITES_NOTHING }, material, { source: 'web' });
    expect(!refused.ok && refused.problem.message).toContain('files: .aider.chat.history.md, src/cart.ts');
  });
});

describe('blind redaction of model families, versions and configuration', () => {
  it('hides "Claude" and "Sonnet" of claude-sonnet-4, the agent version and configured strings, and keeps generic words', async () => {
    const { text, body } = await client.get(`/api/attempts/${reviewKey(CLAUDE)}`);
    expect(text).not.toMatch(/claude|sonnet|anthropic|acme-proxy|9\.9\.9/i);
    const output = body.events.find((e: { type: string; step?: number }) => e.type === 'tool_result' && e.step === 2).output;
    expect(output).toBe('As [agent] ([agent] family, cli [agent]) via [agent]: not ok 1 - total > adds every price; high severity');
  });

  it('splits spec and model on - _ . into alphabetic parts of four letters or more, leaving generic words alone', () => {
    const base = { id: 'x-r0-1', runId: 'run-1', agentConfig: {} } as unknown as AttemptRecord;
    const claude = identityTokens({ ...base, agentSpec: 'anthropic:claude-sonnet-4', model: 'claude-sonnet-4', agentVersion: '1.2.3', agentConfig: { proxy: { host: 'acme-proxy' }, effort: 'high' } });
    expect(claude).toEqual(expect.arrayContaining(['claude', 'sonnet', '1.2.3', 'acme-proxy']));
    expect(claude).not.toContain('high');
    const cmd = identityTokens({ ...base, agentSpec: 'cmd:./run-agent.sh' });
    expect(redact('a coding agent ran run-agent.sh', cmd)).toBe('a coding agent ran [agent]');
    const noop = identityTokens({ ...base, agentSpec: 'noop', agentName: 'noop' });
    expect(redact('git_snooping by noop', noop)).toBe('git_snooping by [agent]');
  });
});
