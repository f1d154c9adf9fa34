import { baseFiles, referenceFiles } from '../grade/reference-files.js';
import type { ReferenceFile } from '../grade/reference-files.js';
import type { ToolResponse } from '../tools/dispatcher.js';
import { VERSION } from '../version.js';
import type { Agent, AgentContext, AgentSession } from './types.js';

const RETRIES = 3;

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** True when a `read_file` result holds fewer lines than its own line range says. */
function looksTruncated(result: Record<string, unknown>): boolean {
  const lines = String(result.content ?? '').split('\n').length;
  const expected = Number(result.end_line) - Number(result.start_line) + 1;
  return Number.isFinite(expected) && lines < expected;
}

/** Calls a tool, retrying up to 3 times while it reports a transient failure. */
async function withRetry(session: AgentSession, tool: string, args: Record<string, unknown>): Promise<ToolResponse> {
  let last: ToolResponse = { ok: false, error: { type: 'unknown', message: 'not called' } };
  for (let i = 0; i < RETRIES && !session.ended; i++) {
    last = await session.call(tool, args);
    if (last.ok || !['unavailable', 'timeout'].includes(last.error.type)) return last;
  }
  return last;
}

/**
 * The well-behaved trajectory, proving a task solvable through the tools: declare a plan, read
 * the files the reference changes, run the visible tests, write each file's reference content,
 * read it back and rewrite on mismatch (falling back to `bash` when writes keep failing or are
 * silently dropped), delete and rename through `bash`, run the tests again (through `bash` when
 * `run_tests` is unavailable), submit. Retries a failed call up to 3 times.
 */
export class OracleAgent implements Agent {
  readonly name = 'oracle';
  readonly version = VERSION;
  readonly config = {};
  readonly secrets: string[] = [];

  constructor(
    private readonly files: ReferenceFile[],
    private readonly testCommand: string,
    /** Files the task expects to be read first (its required `read_file` calls), e.g. an API spec. */
    private readonly alsoRead: string[] = [],
    /** Set on impossible tasks: why the visible tests cannot pass with an honest change (reported at submit). */
    private readonly impossible?: string,
  ) {}

  async run(session: AgentSession): Promise<void> {
    await session.call('plan', {
      steps: [
        { id: 'reproduce', text: 'Run the tests and read the relevant files', status: 'in_progress' },
        { id: 'patch', text: `Change ${this.files.map((f) => f.path).join(', ')}`, status: 'pending' },
        { id: 'validate', text: 'Run the tests again and submit', status: 'pending' },
      ],
    });
    for (const p of this.alsoRead) await this.read(session, p);
    for (const f of this.files) if (!f.created || f.renamedFrom) await this.read(session, f.renamedFrom ?? f.path);
    await this.runTests(session);
    await session.call('plan', {
      steps: [
        { id: 'reproduce', text: 'Run the tests and read the relevant files', status: 'done' },
        { id: 'patch', text: `Change ${this.files.map((f) => f.path).join(', ')}`, status: 'in_progress' },
        { id: 'validate', text: 'Run the tests again and submit', status: 'pending' },
      ],
    });
    for (const f of this.files) {
      if (session.ended) return;
      if (f.content === null) await withRetry(session, 'bash', { command: `rm -f -- ${shellQuote(f.path)}` });
      else await this.writeVerified(session, f.path, f.content);
    }
    const passed = await this.runTests(session);
    await session.call('plan', {
      steps: [
        { id: 'reproduce', text: 'Run the tests and read the relevant files', status: 'done' },
        { id: 'patch', text: `Change ${this.files.map((f) => f.path).join(', ')}`, status: 'done' },
        { id: 'validate', text: 'Run the tests again and submit', status: 'done' },
      ],
    });
    const summary = `Applied the fix to ${this.files.map((f) => f.path).join(', ')}`;
    // On an impossible task the honest end is to say so: the visible tests contradict the instructions.
    if (this.impossible) await withRetry(session, 'submit', { summary, testsPass: false, cannotComply: true, reason: this.impossible });
    else await withRetry(session, 'submit', { summary, testsPass: passed });
  }

  private async read(session: AgentSession, path: string): Promise<string | undefined> {
    let r = await withRetry(session, 'read_file', { path });
    // A read that returns fewer lines than it says it covers was cut short: read it again.
    for (let i = 0; i < RETRIES - 1 && r.ok && looksTruncated(r.result); i++) r = await session.call('read_file', { path });
    if (r.ok) return String(r.result.content);
    if (r.error.type === 'not_found') return undefined;
    const viaBash = await withRetry(session, 'bash', { command: `cat -- ${shellQuote(path)}` });
    return viaBash.ok && viaBash.result.exit_code === 0 ? String(viaBash.result.stdout) : undefined;
  }

  private async writeVerified(session: AgentSession, path: string, content: string): Promise<void> {
    for (let attempt = 0; attempt < RETRIES && !session.ended; attempt++) {
      const useBash = attempt === RETRIES - 1;
      if (useBash) {
        const b64 = Buffer.from(content).toString('base64');
        await withRetry(session, 'bash', { command: `mkdir -p -- "$(dirname ${shellQuote(path)})" && printf %s ${shellQuote(b64)} | base64 -d > ${shellQuote(path)}` });
      } else {
        await withRetry(session, 'write_file', { path, content });
      }
      const back = await this.read(session, path);
      if (back === content) return;
    }
  }

  /** Runs the visible tests; through `bash` when `run_tests` keeps failing. True when they pass. */
  private async runTests(session: AgentSession): Promise<boolean> {
    const r = await withRetry(session, 'run_tests', {});
    if (r.ok) return r.result.passed === true;
    const viaBash = await withRetry(session, 'bash', { command: this.testCommand, timeout_sec: 300 });
    return viaBash.ok && viaBash.result.exit_code === 0;
  }
}

/** Files the task's required `read_file` calls name (exactly, or by pattern over the base tree). */
async function requiredReads(ctx: AgentContext): Promise<string[]> {
  const patterns = ctx.task.definition.expect.required_calls.filter((c) => c.tool === 'read_file');
  if (patterns.length === 0) return [];
  const files = await baseFiles(ctx.task);
  const out: string[] = [];
  for (const p of patterns) {
    const exact = typeof p.args?.path === 'string' ? p.args.path.trim() : undefined;
    const re = p.args_match?.path ? new RegExp(p.args_match.path) : undefined;
    const hit = exact ?? files.find((f) => !re || re.test(f));
    if (hit && !out.includes(hit)) out.push(hit);
  }
  return out;
}

/** Factory for `oracle`: needs the task's reference solution, computed on the host. */
export async function oracleAgent(ctx: AgentContext): Promise<Agent> {
  const files = await referenceFiles(ctx.task);
  const alsoRead = (await requiredReads(ctx)).filter((p) => !files.some((f) => f.path === p || f.renamedFrom === p));
  return new OracleAgent(files, ctx.task.definition.tests.visible.command, alsoRead, ctx.task.definition.impossible?.reason);
}
