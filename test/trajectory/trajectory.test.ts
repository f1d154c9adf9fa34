import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrajectory } from '../../src/trajectory/reader.js';
import { formatTrajectory } from '../../src/trajectory/show.js';
import type { TrajectoryEvent } from '../../src/trajectory/schema.js';
import { TrajectoryWriter } from '../../src/trajectory/writer.js';

const header: TrajectoryEvent = {
  type: 'header', version: 1, attemptId: 'a1', task: { id: 't', contentHash: 'c'.repeat(64), kind: 'debug' }, agent: { spec: 'openai:m', name: 'openai', version: '1' },
  agentConfig: { base_url: 'http://127.0.0.1:9/v1' }, seed: 1, limits: { steps: 5, wallTimeMs: 1000, outputBytes: 100 }, image: { tag: 'img', id: 'sha256:0123456789abcdef' },
  faults: { faults: [] }, crucibleVersion: '0.1.0', startedAt: '2026-01-01T00:00:00Z',
};

describe('trajectory files', () => {
  it('redact declared secrets wherever they appear, and read back validated', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'crucible-t-')), 'a.jsonl');
    const w = new TrajectoryWriter(file, ['sk-test-SECRET-123']);
    w.write(header);
    w.write({ type: 'message', role: 'assistant', text: 'my key is sk-test-SECRET-123', at: '2026-01-01T00:00:01Z' });
    w.write({ type: 'tool_call', step: 1, callId: 'c1', tool: 'bash', rawArgs: '{"command":"echo sk-test-SECRET-123"}', parsed: true, schemaValid: true, startedAt: '2026-01-01T00:00:01Z' });
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('sk-test-SECRET-123');
    expect(text.match(/\[redacted\]/g)).toHaveLength(2);
    const t = parseTrajectory(text, file);
    expect(t.events.map((e) => e.type)).toEqual(['header', 'message', 'tool_call']);
    expect(t.end).toBeUndefined();
    expect(formatTrajectory(t)).toContain('(no end event: the attempt did not finish)');
  });

  it.each([
    ['a bad field', (l: string[]) => [l[0]!, '{"type":"tool_call","step":0}'], /^x.jsonl:2: field `step`/],
    ['not JSON', (l: string[]) => [l[0]!, '{oops'], /^x.jsonl:2: not JSON/],
    ['an unknown version', () => [JSON.stringify({ ...header, version: 2 })], /^x.jsonl:1: trajectory version 2 is not supported/],
    ['no header first', () => [JSON.stringify({ type: 'plan', step: 1, steps: [], at: 'x' })], /^x.jsonl:1: the first event must be the header/],
  ])('refuses %s, naming the line and field', (_label, lines, message) => {
    const text = lines([JSON.stringify(header)]).join('\n');
    expect(() => parseTrajectory(text, 'x.jsonl')).toThrow(message);
  });

  it('prints calls, results, faults, files and the end for a person', () => {
    const t = parseTrajectory(
      [
        header,
        { type: 'tool_call', step: 1, callId: 'c', tool: 'write_file', rawArgs: '{"path":"a.ts","content":"x"}', parsed: true, schemaValid: true, startedAt: 'x' },
        { type: 'tool_result', step: 1, callId: 'c', tool: 'write_file', kind: 'ok', output: 'wrote 1 bytes to a.ts', truncated: false, outputHash: '0'.repeat(16), fault: { class: 'implicit_permanent', effect: 'call 1 of write_file reported success without writing' }, filesChanged: [{ path: 'a.ts', op: 'added', after: '1'.repeat(16) }], endedAt: 'x', durationMs: 3 },
        { type: 'end', status: 'submitted', claims: { summary: 'done', testsPass: true }, finalDiff: 'diff --git a/a.ts b/a.ts\n', diffSha256: 'f'.repeat(64), steps: 1, killedProcesses: 0, endedAt: 'x' },
      ].map((e) => JSON.stringify(e)).join('\n'),
    );
    const shown = formatTrajectory(t);
    expect(shown).toContain('#  1 → write_file({"path":"a.ts","content":"x"})');
    expect(shown).toContain('files: +a.ts  ⚡ injected implicit_permanent: call 1 of write_file reported success without writing');
    expect(shown).toContain('end: submitted after 1 steps');
    expect(shown).toContain('claims: done (tests pass: true)');
    expect(shown).toContain('final diff: a.ts');
  });

  it('writes nothing a reader would reject', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'crucible-t-')), 'b.jsonl');
    await writeFile(file, '');
    const w = new TrajectoryWriter(file);
    w.write(header);
    expect(() => parseTrajectory(w.events.map((e) => JSON.stringify(e)).join('\n'))).not.toThrow();
  });
});
