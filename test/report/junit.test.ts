import { describe, expect, it, test } from 'vitest';
import { childElements, parseXml, type XmlElement } from '../../src/grade/parsers/xml.js';
import { gate, resolveGateConfig } from '../../src/report/gate.js';
import { gateJunit, githubAnnotations, MAX_TASK_ANNOTATIONS, xmlEscape } from '../../src/report/junit.js';
import { select } from '../../src/report/pairing.js';
import { attempt, resolvedAt, suite } from './fixtures.js';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/**
 * A strict well-formedness check: one root, balanced tags, quoted attributes, no raw `<` or stray
 * `&` in text or attributes. Returns the problems (none for well-formed XML).
 */
function wellFormedProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml [^?]*\?>\n/, '');
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const text = body.slice(i, lt === -1 ? body.length : lt);
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) problems.push(`stray & in text at ${i}`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) {
      problems.push(`malformed tag at ${lt}: ${body.slice(lt, lt + 40)}`);
      break;
    }
    const [, close, name, attrs, selfClose] = m;
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(attrs!)) problems.push(`stray & in attributes of <${name}>`);
    if (close) {
      if (stack.pop() !== name) problems.push(`mismatched </${name}>`);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClose) stack.push(name!);
    }
    i = tag.lastIndex;
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

function parse(xml: string): XmlElement {
  const warnings: string[] = [];
  const document = parseXml(xml, (w) => warnings.push(w));
  expect(warnings).toEqual([]);
  expect(wellFormedProblems(xml)).toEqual([]);
  return childElements(document, 'testsuites')[0]!;
}

const attr = (e: XmlElement, name: string) => e.attributes.get(name);

// 12 tasks: the candidate loses t00 and t01, cheats on t02 (resolved on both otherwise), and a
// task with a changed content hash plus a baseline-only task are excluded.
const baseline = [...suite('base', resolvedAt(12, range(0, 10)), { durationMs: 2000 }), attempt({ agent: 'base', task: 'changed', hash: 'h-old' }), attempt({ agent: 'base', task: 'gone' })];
const candidate = [
  ...suite('cand', resolvedAt(12, range(2, 10)), { durationMs: 1500 }).map((a) => (a.taskId === 't02' ? attempt({ agent: 'cand', task: 't02', resolved: true, cheated: true, durationMs: 1500 }) : a)),
  attempt({ agent: 'cand', task: 'changed', hash: 'h-new' }),
];
const result = gate(select(candidate, 'cand'), select(baseline, 'base'), resolveGateConfig({ margin: 0.05, min: { resolved: 0.5 } }));

describe('gateJunit', () => {
  const root = parse(gateJunit(result));
  const [criteria, tasks] = childElements(root, 'testsuite');

  it('is well-formed with a criteria suite and a tasks suite', () => {
    expect(childElements(root, 'testsuite').map((s) => attr(s, 'name'))).toEqual(['crucible gate: criteria', 'crucible gate: tasks']);
    expect(result.exitCode).toBe(1);
  });

  it('has one testcase per task: paired tasks fail when regressed, excluded ones are skipped', () => {
    const cases = childElements(tasks!, 'testcase');
    expect(cases.map((c) => attr(c, 'name'))).toEqual([...range(0, 12).map((i) => `t${String(i).padStart(2, '0')}`), 'changed', 'gone']);
    const outcome = (c: XmlElement) => childElements(c).find((e) => e.name !== 'system-out')?.name ?? 'pass';
    expect(Object.fromEntries(cases.map((c) => [attr(c, 'name'), outcome(c)]))).toMatchObject({ t00: 'failure', t01: 'failure', t02: 'failure', t03: 'pass', t11: 'pass', changed: 'skipped', gone: 'skipped' });
    expect(cases.filter((c) => outcome(c) === 'pass')).toHaveLength(9);
    const t02 = childElements(cases[2]!, 'failure')[0]!;
    expect(attr(t02, 'message')).toBe('solved by the baseline only (baseline 1/1, candidate 0/1); candidate cheated in repeat 0: test_tampering: changed a protected test file');
    expect(attr(cases[0]!, 'time')).toBe('1.500');
    expect(attr(childElements(cases[12]!, 'skipped')[0]!, 'message')).toBe('not paired: content hash differs: h-old (baseline) vs h-new (candidate)');
    expect([attr(tasks!, 'tests'), attr(tasks!, 'failures'), attr(tasks!, 'errors'), attr(tasks!, 'skipped')]).toEqual(['14', '3', '0', '2']);
  });

  it('has one testcase per criterion, failing the ones that did not pass', () => {
    const cases = childElements(criteria!, 'testcase');
    expect(cases.map((c) => [attr(c, 'name'), childElements(c).map((e) => e.name).join(',')])).toEqual([
      ['harness errors (baseline)', 'system-out'],
      ['harness errors (candidate)', 'system-out'],
      ['pairing', 'system-out'],
      ['no confirmed cheats', 'failure'],
      ['min resolved ≥ 0.5', 'system-out'],
      ['non-inferiority resolved (margin 0.05)', 'error'],
    ]);
    expect(attr(childElements(cases[5]!, 'error')[0]!, 'type')).toBe('inconclusive');
    expect([attr(root, 'tests'), attr(root, 'failures'), attr(root, 'errors'), attr(root, 'skipped')]).toEqual(['20', '4', '1', '2']);
  });

  it('reports invalid and inconclusive criteria as errors', () => {
    const invalid = gate(select([...candidate, attempt({ agent: 'cand', task: 'x', state: 'harness_error' })], 'cand'), select(baseline, 'base'), resolveGateConfig());
    expect(invalid.verdict).toBe('invalid');
    const xml = gateJunit(invalid);
    const cases = childElements(childElements(parse(xml), 'testsuite')[0]!, 'testcase');
    const errors = cases.flatMap((c) => childElements(c, 'error').map((e) => [attr(c, 'name'), attr(e, 'type')]));
    expect(errors).toEqual([
      ['harness errors (candidate)', 'invalid'],
      ['non-inferiority resolved (margin 0.03)', 'inconclusive'],
    ]);
    expect(attr(childElements(parse(xml), 'testsuite')[0]!, 'errors')).toBe('2');
  });
});

describe('xmlEscape', () => {
  test.each([
    ['a < b && c > "d" \'e\'', 'a &lt; b &amp;&amp; c &gt; &quot;d&quot; &apos;e&apos;'],
    ['bell\u0007 and nul\u0000', 'bell\uFFFD and nul\uFFFD'],
    ['emoji 😀 stays', 'emoji 😀 stays'],
  ])('%j', (text, expected) => {
    expect(xmlEscape(text)).toBe(expected);
  });

  it('keeps task names with markup well-formed', () => {
    const odd = [attempt({ agent: 'base', task: 'a<b>&"c"', resolved: true })];
    const xml = gateJunit(gate(select([attempt({ agent: 'cand', task: 'a<b>&"c"' })], 'cand'), select(odd, 'base'), resolveGateConfig()));
    const root = parse(xml);
    const cases = childElements(childElements(root, 'testsuite')[1]!, 'testcase');
    expect(cases.map((c) => attr(c, 'name'))).toEqual(['a<b>&"c"']);
  });
});

describe('githubAnnotations', () => {
  it('prints an error per failed criterion and regressed task, then a notice', () => {
    const lines = githubAnnotations(result);
    expect(lines[0]).toBe('::error title=crucible gate fail%3A no confirmed cheats::1 of 13 candidate attempt(s) cheated: t02#0 (test_tampering)');
    expect(lines.filter((l) => l.startsWith('::error title=crucible gate%3A task '))).toEqual([
      '::error title=crucible gate%3A task t00 regressed::solved by the baseline only (baseline 1/1, candidate 0/1)',
      '::error title=crucible gate%3A task t01 regressed::solved by the baseline only (baseline 1/1, candidate 0/1)',
      '::error title=crucible gate%3A task t02 regressed::solved by the baseline only (baseline 1/1, candidate 0/1); candidate cheated in repeat 0: test_tampering: changed a protected test file',
    ]);
    expect(lines.at(-1)).toMatch(/^::notice title=crucible gate::REGRESSION \(exit 1\): 12 paired task\(s\), 3 regressed, \d reason\(s\)$/);
  });

  it('escapes %, newlines, and : and , in titles', () => {
    const lines = githubAnnotations({ ...result, criteria: [{ name: 'a: b, c', status: 'fail', message: '50% worse\nsecond line' }], tasks: [] });
    expect(lines[0]).toBe('::error title=crucible gate fail%3A a%3A b%2C c::50%25 worse%0Asecond line');
  });

  it(`annotates at most ${MAX_TASK_ANNOTATIONS} tasks`, () => {
    const many = gate(select(suite('cand', resolvedAt(30, [])), 'cand'), select(suite('base', resolvedAt(30, range(0, 30))), 'base'), resolveGateConfig());
    const lines = githubAnnotations(many);
    expect(lines.filter((l) => l.includes('regressed::'))).toHaveLength(MAX_TASK_ANNOTATIONS);
    expect(lines.at(-1)).toContain('(20 more regressed tasks not annotated)');
  });
});
