/**
 * Parser for JUnit XML: `node --test --test-reporter=junit`, pytest `--junitxml`, and the generic
 * `<testsuites>/<testsuite>/<testcase>` shape (suites may nest).
 *
 * Id rule:
 * - Node style (every `<testcase>` has `classname="test"`, node's constant): the names of the
 *   enclosing `<testsuite>` elements, outermost first, then the test name, joined with ` > `.
 *   This is the same id the TAP parser gives (`describe > it`).
 * - Otherwise, a test case with a non-empty `classname`: `classname > name`
 *   (pytest: `tests.test_x.TestC > test_y[1-2]`).
 * - A test case with `classname=""` (pytest's collection errors): `name` alone.
 * - A test case without a `classname` attribute: enclosing suite names, then `name`, joined with ` > `.
 *
 * Status: `<skipped>` → skipped (it wins, so node's failing todo is skipped); `<error>` → error;
 * `<failure>` → failed, or error for node's `hookFailed`/`cancelledByParent` failure types and,
 * in node-style reports, for a test file whose process exited non-zero (`exitCode: 1` in the
 * failure text, as in TAP); none of these → passed.
 *
 * Known differences from node's TAP report (limits of node's JUnit output): a failing `after`
 * hook is not reported at all, a failing `before` hook shows only as its tests being cancelled,
 * and an empty `describe` appears as a passing test case.
 */
import { finishReport, makeCase, neverThrow, summaryFromNodeCounters, WarningLog } from './common.js';
import { childElements, parseXml, textContent, type XmlElement } from './xml.js';
import type { ParsedReport, TestCaseResult, TestStatus } from './types.js';

/** A `<testcase>` and the names of the `<testsuite>` elements around it. */
interface FoundCase {
  element: XmlElement;
  suitePath: string[];
}

/** Elements whose content is never searched for test cases. */
const OPAQUE = new Set(['testcase', 'properties', 'system-out', 'system-err']);

/** Node's failure types that mean the test could not run properly. */
const ERROR_FAILURE_TYPES = new Set(['hookFailed', 'cancelledByParent']);

/** In node's failure text, a test file whose process exited non-zero or was killed. */
const NODE_PROCESS_FAILURE = /\bexitCode: [1-9]|\bsignal: '/;

/**
 * Parses a JUnit XML report. Never throws; problems go to `warnings`.
 *
 * @param text - the XML document.
 */
export function parseJunit(text: string): ParsedReport {
  return neverThrow('junit', text, parseJunitText);
}

function parseJunitText(text: string): ParsedReport {
  const log = new WarningLog();
  const document = parseXml(text, (message) => log.add(message));
  const roots = childElements(document);
  if (roots.length === 0) log.add('no XML root element found');
  if (roots.length > 1) log.add(`${roots.length} root elements found; all were read`);
  warnStrayText(document, log);
  const found: FoundCase[] = [];
  for (const root of roots) findCases(root, found);
  if (found.length === 0) log.add('no <testcase> elements found');
  const nodeStyle = found.length > 0 && found.every((c) => c.element.attributes.get('classname') === 'test');
  const tests = found.map((c) => toResult(c, nodeStyle));
  return finishReport('junit', tests, log, roots[0] === undefined ? undefined : summaryOf(roots[0], document));
}

/** Reports non-whitespace text outside the root element (e.g. interleaved console output). */
function warnStrayText(document: XmlElement, log: WarningLog): void {
  const stray = document.children.some((child) => child.type === 'text' && child.text.trim() !== '');
  if (stray) log.add('text outside the root element ignored');
}

/** Suite names from the outermost suite, as a linked list so deep nesting stays cheap. */
interface SuitePath {
  name: string;
  parent?: SuitePath;
}

/** Collects the `<testcase>` elements under `root` in document order (iteratively: nesting may be deep). */
function findCases(root: XmlElement, out: FoundCase[]): void {
  const stack: Array<{ element: XmlElement; path?: SuitePath }> = [{ element: root }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { element, path } = item;
    if (element.name === 'testcase') {
      out.push({ element, suitePath: pathNames(path) });
      continue;
    }
    const inner = element.name === 'testsuite' ? { name: element.attributes.get('name') ?? '', parent: path } : path;
    const children = childElements(element).filter((child) => child.name === 'testcase' || !OPAQUE.has(child.name));
    for (let k = children.length - 1; k >= 0; k--) stack.push({ element: children[k] as XmlElement, path: inner });
  }
}

/** The names of a suite path, outermost first. */
function pathNames(path: SuitePath | undefined): string[] {
  const names: string[] = [];
  for (let at = path; at !== undefined; at = at.parent) names.push(at.name);
  return names.reverse();
}

/** Turns one `<testcase>` into a result. */
function toResult({ element, suitePath }: FoundCase, nodeStyle: boolean): TestCaseResult {
  const { status, message } = statusOf(element, nodeStyle);
  return makeCase(caseId(element, suitePath, nodeStyle), status, message, durationOf(element));
}

/** The id of a test case; see the module documentation for the rule. */
function caseId(element: XmlElement, suitePath: string[], nodeStyle: boolean): string {
  const name = element.attributes.get('name') ?? '';
  const classname = element.attributes.get('classname');
  if (nodeStyle || classname === undefined) return [...suitePath, name].join(' > ');
  return classname === '' ? name : `${classname} > ${name}`;
}

/** Status and message from the `<skipped>`, `<error>` and `<failure>` children. */
function statusOf(element: XmlElement, nodeStyle: boolean): { status: TestStatus; message?: string } {
  const skipped = childElements(element, 'skipped')[0];
  if (skipped !== undefined) return { status: 'skipped', message: messageOf(skipped) };
  const error = childElements(element, 'error')[0];
  if (error !== undefined) return { status: 'error', message: messageOf(error) };
  const failure = childElements(element, 'failure')[0];
  if (failure === undefined) return { status: 'passed' };
  const type = failure.attributes.get('type') ?? '';
  const broken = ERROR_FAILURE_TYPES.has(type) || (nodeStyle && NODE_PROCESS_FAILURE.test(textContent(failure)));
  return { status: broken ? 'error' : 'failed', message: messageOf(failure) };
}

/** The `message` attribute, or the element's trimmed text when that is empty. */
function messageOf(element: XmlElement): string | undefined {
  const attribute = element.attributes.get('message')?.trim();
  if (attribute !== undefined && attribute !== '') return attribute;
  const text = textContent(element).trim();
  return text === '' ? undefined : text;
}

/** The `time` attribute (seconds) in milliseconds, rounded to microseconds. */
function durationOf(element: XmlElement): number | undefined {
  const time = element.attributes.get('time');
  if (time === undefined || time.trim() === '') return undefined;
  const seconds = Number(time.replace(/,/g, ''));
  return Number.isFinite(seconds) ? Math.round(seconds * 1e6) / 1e3 : undefined;
}

/**
 * The totals the report claims: the root's `tests`/`failures`/`errors`/`skipped` attributes; else
 * node's closing comments (`<!-- tests 18 -->`); else the sum over the root's child suites.
 */
function summaryOf(root: XmlElement, document: XmlElement): ParsedReport['summary'] {
  const own = countsOf(root);
  if (own !== undefined) return own;
  const fromComments = summaryFromNodeCounters(nodeCounters(root, document));
  if (fromComments !== undefined) return fromComments;
  if (childElements(root, 'testcase').length > 0) return undefined;
  const parts = childElements(root, 'testsuite').map(countsOf);
  if (parts.length === 0 || parts.some((part) => part === undefined)) return undefined;
  return parts.reduce<NonNullable<ParsedReport['summary']>>(
    (sum, part) => ({
      passed: sum.passed + (part?.passed ?? 0),
      failed: sum.failed + (part?.failed ?? 0),
      skipped: sum.skipped + (part?.skipped ?? 0),
      total: sum.total + (part?.total ?? 0),
    }),
    { passed: 0, failed: 0, skipped: 0, total: 0 },
  );
}

/** Counts from a suite element's attributes, when it has a numeric `tests` attribute. */
function countsOf(suite: XmlElement): ParsedReport['summary'] {
  const read = (name: string): number => {
    const value = Number(suite.attributes.get(name) ?? '0');
    return Number.isFinite(value) ? value : 0;
  };
  const testsAttribute = suite.attributes.get('tests');
  if (testsAttribute === undefined || !Number.isFinite(Number(testsAttribute))) return undefined;
  const total = read('tests');
  const failed = read('failures') + read('errors');
  const skipped = read('skipped') + read('disabled');
  return { passed: Math.max(0, total - failed - skipped), failed, skipped, total };
}

/** Node's `<!-- name N -->` comments directly inside the root (or after it). */
function nodeCounters(root: XmlElement, document: XmlElement): Map<string, number> {
  const counters = new Map<string, number>();
  for (const child of [...root.children, ...document.children]) {
    if (child.type !== 'comment') continue;
    const match = /^\s*(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) (\d+(?:\.\d+)?)\s*$/.exec(child.text);
    if (match !== null) counters.set(match[1] ?? '', Number(match[2]));
  }
  return counters;
}
