import { describe, expect, it } from 'vitest';
import { renderAttempt } from '../../../src/report/html/render-attempt.js';
import { renderIndex } from '../../../src/report/html/render-index.js';
import { MAX_SHOWN } from '../../../src/report/html/timeline.js';
import type { Trajectory } from '../../../src/trajectory/reader.js';
import { HOSTILE } from '../../helpers/synthetic-db.js';
import { attempt } from '../fixtures.js';

const AT = '2026-01-01T00:00:00.000Z';

function trajectory(output: string): Trajectory {
  return {
    header: {
      type: 'header', version: 1, attemptId: 'a1', task: { id: 't1', contentHash: 'h', kind: 'debug' }, agent: { spec: 'oracle', name: 'oracle', version: '1' }, agentConfig: {}, seed: 1,
      limits: { steps: 10, wallTimeMs: 60_000, outputBytes: 1000 }, image: { tag: 'img', id: 'sha256:abc' }, faults: { faults: [{ class: 'implicit_permanent', tool: 'bash', at: 1 }] }, crucibleVersion: '0.1.0', startedAt: AT,
    },
    events: [
      { type: 'tool_call', step: 1, callId: 'c1', tool: 'bash', rawArgs: `{"command":${JSON.stringify(HOSTILE)}}`, parsed: true, schemaValid: true, args: { command: HOSTILE }, startedAt: AT },
      { type: 'tool_result', step: 1, callId: 'c1', tool: 'bash', kind: 'ok', exitCode: 0, output, truncated: false, outputHash: 'x', fault: { class: 'implicit_permanent', effect: `output replaced ${HOSTILE}` }, filesChanged: [], endedAt: AT, durationMs: 3 },
    ],
  };
}

const hostileAttempt = {
  ...attempt({ agent: `cmd:"${HOSTILE}"`, task: 't1', resolved: true, labels: { note: HOSTILE } }),
  harnessError: HOSTILE,
  scores: [{ name: 'resolved' as const, value: 1, rationale: `passed ${HOSTILE}`, evidence: [{ kind: 'step' as const, step: 1, note: HOSTILE }, { kind: 'file' as const, path: HOSTILE, line: 3 }], metrics: { [HOSTILE]: 1 } }],
  findings: [{ id: HOSTILE, severity: 'low' as const, confirmed: false, message: HOSTILE, evidence: [] }],
};

describe('attempt page', () => {
  const page = renderAttempt({ attempt: hostileAttempt, artifacts: { diff: `diff --git a/x b/x\n+${HOSTILE}\n`, grade: { note: HOSTILE } }, trajectory: trajectory(`ran ${HOSTILE}`), indexHref: '../index.html' });

  it('shows every untrusted value as text, never as markup', () => {
    expect(page).not.toMatch(/<script|<img|onerror="/i);
    // Each field appears escaped: diff, output, args, rationale, evidence, finding, fault, grade, harness error, agent, labels.
    expect(page.split('&lt;script&gt;window.__pwned = 1&lt;/script&gt;').length - 1).toBeGreaterThanOrEqual(12);
  });

  it('links step evidence to the step, shows the fault, the diff and the rationale', () => {
    expect(page).toContain('<a href="#step-1">step 1</a>');
    expect(page).toMatch(/<div class="step tool-call has-fault" id="step-1">/);
    expect(page).toContain('<span class="badge fault">injected fault</span> <b>implicit_permanent</b>');
    expect(page).toMatch(/<pre class="diff" id="diff"><span class="file">diff --git a\/x b\/x<\/span><span class="add">\+&lt;\/pre&gt;/);
    expect(page).toContain('<td class="rationale">passed &lt;/pre&gt;');
    expect(page).not.toContain('class="grade-rationale"');
  });

  it('shows at most MAX_SHOWN characters of an output and says how much was left out', () => {
    const big = renderAttempt({ attempt: hostileAttempt, trajectory: trajectory('x'.repeat(MAX_SHOWN + 12_345)), indexHref: '../index.html' });
    expect(big).toContain(`… 12345 more character(s) not shown.`);
    expect(big.length).toBeLessThan(MAX_SHOWN + 30_000);
  });

  it('puts the grade rationale above the folded grade result', () => {
    const graded = renderAttempt({ attempt: hostileAttempt, artifacts: { grade: { resolved: false, rationale: `not resolved: 1 FAIL_TO_PASS failed ${HOSTILE}` } }, indexHref: '../index.html' });
    expect(graded).toContain('<p class="grade-rationale">not resolved: 1 FAIL_TO_PASS failed &lt;/pre&gt;');
    expect(graded).toContain('<summary>grade result (JSON)</summary>');
  });

  it('says why no diff could be taken instead of calling the empty diff "changed nothing"', () => {
    const t = trajectory('x');
    t.end = { type: 'end', status: 'submitted', finalDiff: '', diffSha256: 'e3b0', diffError: `the diff is over 64 MiB ${HOSTILE}`, steps: 1, killedProcesses: 0, endedAt: AT };
    const failed = renderAttempt({ attempt: hostileAttempt, artifacts: { diff: '' }, trajectory: t, indexHref: '../index.html' });
    expect(failed).toContain('<p class="bad">No diff could be taken: the diff is over 64 MiB &lt;/pre&gt;');
    expect(failed).toContain('<dt>diff error</dt><dd>no diff could be taken: the diff is over 64 MiB &lt;/pre&gt;');
    expect(failed).not.toContain('Empty diff: the attempt changed nothing.');
  });

  it('names the files left out of the diff for their size, in the end facts and above the diff', () => {
    const t = trajectory('x');
    const omitted = [{ path: 'data/huge.bin', bytes: 9_000_000 }, { path: 'dump.sql', bytes: 12_000_000 }];
    t.end = { type: 'end', status: 'submitted', finalDiff: 'diff --git a/x b/x\n+y\n', diffSha256: 'ab', diffOmitted: omitted, steps: 1, killedProcesses: 0, endedAt: AT };
    const shown = renderAttempt({ attempt: hostileAttempt, trajectory: t, indexHref: '../index.html' });
    const sentence = '2 file(s) left out of the diff: data/huge.bin (9000000 bytes), dump.sql (12000000 bytes)';
    expect(shown).toContain(`<dt>diff omitted</dt><dd>${sentence}</dd>`);
    expect(shown).toContain(`<p class="warn">${sentence}.</p><pre class="diff" id="diff">`);
    const onlyOmitted = renderAttempt({ attempt: hostileAttempt, trajectory: { ...t, end: { ...t.end, finalDiff: '' } }, indexHref: '../index.html' });
    expect(onlyOmitted).toContain(`<p class="warn">${sentence}.</p><p class="muted">The rest of the diff is empty.</p>`);
    expect(onlyOmitted).not.toContain('the attempt changed nothing');
  });

  it('shows an unreadable trajectory raw, with the reason', () => {
    const broken = renderAttempt({ attempt: hostileAttempt, artifacts: { trajectory: `{"type":"header"} ${HOSTILE}` }, trajectoryError: 'line 1: field `version`', indexHref: '../index.html' });
    expect(broken).toContain('The stored trajectory could not be read: line 1: field `version`');
    expect(broken).not.toMatch(/<script|<img/i);
  });
});

describe('index page', () => {
  it('escapes agent specs, labels and the title everywhere they appear', () => {
    const index = renderIndex({
      title: `Report ${HOSTILE}`,
      generatedAt: AT,
      source: 'x.db',
      runs: [{ id: 'run-1', createdAt: AT, seed: 1, repeats: 1, tasks: [], agents: [], labels: { note: HOSTILE }, crucibleVersion: '0.1.0' }],
      attempts: [hostileAttempt, { ...hostileAttempt, id: 'a2', labels: { note: 'other' } }],
      options: { iterations: 100 },
    });
    expect(index).not.toMatch(/<script|<img|onerror="/i);
    expect(index).toContain('<title>Report &lt;/pre&gt;');
    expect(index).toContain("Content-Security-Policy\" content=\"default-src &#39;none&#39;");
  });
});

describe('index size', () => {
  it('grows by under 1 kB per attempt, so 2,000 attempts stay far below 5 MB', () => {
    const render = (tasks: number): number => {
      const attempts = ['oracle', 'openai:gpt-x', 'cmd:"node bot.js"', 'noop'].flatMap((agent) =>
        Array.from({ length: tasks }, (_, t) => [0, 1, 2, 3, 4].map((repeat) => attempt({ agent, task: `task-${t}`, repeat, resolved: (t + repeat) % 3 === 0, scores: { composite: 0.5, error_recovery: null }, labels: { version: '1.4' } }))).flat(),
      );
      return Buffer.byteLength(renderIndex({ title: 't', generatedAt: AT, source: 'x.db', runs: [], attempts, options: { iterations: 100 } }));
    };
    const [small, large] = [render(5), render(25)];
    // 20 tasks × 4 agents × 5 repeats = 400 more attempts.
    const perAttempt = (large - small) / 400;
    expect(perAttempt).toBeGreaterThan(100);
    expect(perAttempt).toBeLessThan(1000);
  });
});
