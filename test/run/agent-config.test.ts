import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrixAgents, runCommand } from '../../src/cli/commands/run.js';
import { runMatrix } from '../../src/run/matrix.js';
import { parseAgentArgument, planMatrix } from '../../src/run/matrix-plan.js';
import { Store } from '../../src/store/store.js';
import { runCli } from '../report/fixtures.js';
import { fakeRunner, fakeTask } from './matrix-helpers.js';

describe('--agent SPEC@FILE', () => {
  it('splits off a YAML or JSON file after the last @ outside quotes', () => {
    expect(parseAgentArgument('oracle')).toEqual({ spec: 'oracle' });
    expect(parseAgentArgument('oracle@cfg/oracle.yaml')).toEqual({ spec: 'oracle', configFile: 'cfg/oracle.yaml' });
    expect(parseAgentArgument('openai:gpt-x@My Config.JSON')).toEqual({ spec: 'openai:gpt-x', configFile: 'My Config.JSON' });
    expect(parseAgentArgument('cmd:"node a.js --x=1"@a.yml')).toEqual({ spec: 'cmd:"node a.js --x=1"', configFile: 'a.yml' });
    expect(parseAgentArgument('cmd:"npx pkg@1.2"@b.json')).toEqual({ spec: 'cmd:"npx pkg@1.2"', configFile: 'b.json' });
  });

  it('keeps specs with an @ of their own whole', () => {
    expect(parseAgentArgument('cmd:"npx pkg@1.2"')).toEqual({ spec: 'cmd:"npx pkg@1.2"' });
    expect(parseAgentArgument('cmd:"node run.js --config @conf.yaml"')).toEqual({ spec: 'cmd:"node run.js --config @conf.yaml"' });
    expect(parseAgentArgument('openai:model@2024-06')).toEqual({ spec: 'openai:model@2024-06' });
    expect(() => parseAgentArgument('@a.yaml')).toThrow(/--agent expects SPEC or SPEC@CONFIG\.yaml, got "@a\.yaml"/);
  });
});

describe('--agent with a cmd: or replay: spec', () => {
  it('takes @FILE only right after the closing quote of the command or path', () => {
    expect(parseAgentArgument('cmd:"node agent.js"@cfg.yaml')).toEqual({ spec: 'cmd:"node agent.js"', configFile: 'cfg.yaml' });
    expect(parseAgentArgument('replay:"runs/a@b.jsonl"@cfg.json')).toEqual({ spec: 'replay:"runs/a@b.jsonl"', configFile: 'cfg.json' });
    expect(parseAgentArgument('cmd:"node agent.js @args.json"')).toEqual({ spec: 'cmd:"node agent.js @args.json"' });
    expect(parseAgentArgument('replay:"runs/a@b.json"')).toEqual({ spec: 'replay:"runs/a@b.json"' });
    expect(parseAgentArgument('replay:runs/a.jsonl')).toEqual({ spec: 'replay:runs/a.jsonl' });
    expect(parseAgentArgument('cmd:npx pkg@1.2 --fast')).toEqual({ spec: 'cmd:npx pkg@1.2 --fast' });
  });

  it.each([
    ['cmd:node agent.js @args.json', 'command', `'cmd:"node agent.js"@cfg.yaml'`],
    ['cmd:node agent.js --config=@settings.yaml', 'command', `'cmd:"node agent.js"@cfg.yaml'`],
    ['replay:runs/a@b.json', 'path', `'replay:"runs/a.jsonl"@cfg.yaml'`],
  ])('refuses the unquoted %s rather than guess, telling how to quote it', (text, what, example) => {
    expect(() => parseAgentArgument(text)).toThrow(new RangeError(
      `--agent ${JSON.stringify(text)}: an @ before a file name in an unquoted ${text.slice(0, text.indexOf(':'))}: spec could be a configuration file or part of the ${what}; quote the ${what}: --agent ${example} for a configuration file, or put the @ inside the quotes to keep it`,
    ));
  });

  it('makes `crucible run` exit 1 with that message, before reading any task', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crucible-agent-quote-'));
    const out = await runCli(runCommand(), ['--tasks', 'all', '--agent', 'cmd:node agent.js @args.json', '--db', path.join(dir, 'r.db')]);
    expect(out).toMatchObject({ exitCode: 1, stdout: '', stderr: expect.stringMatching(/^crucible: --agent "cmd:node agent\.js @args\.json": an @ before a file name .* quote the command: --agent 'cmd:"node agent\.js"@cfg\.yaml'/) });
  });
});

async function configs() {
  const dir = await mkdtemp(path.join(tmpdir(), 'crucible-agent-config-'));
  const file = async (name: string, text: string) => {
    await writeFile(path.join(dir, name), text);
    return path.join(dir, name);
  };
  return {
    dir,
    a: await file('a.yaml', 'prompt_variant: terse\nlimits: { steps: 20 }\n'),
    b: await file('b.json', '{ "prompt_variant": "verbose", "temperature": 0.2 }'),
    shared: await file('shared.yaml', 'prompt_variant: shared\n'),
    list: await file('list.yaml', '- not\n- a mapping\n'),
  };
}

describe('agents with their own configurations', () => {
  it('gives each agent its own file, the others the shared one, and none {} without it', async () => {
    const c = await configs();
    expect(await matrixAgents([`oracle@${c.a}`, 'noop', `cmd:"node x.js"@${c.b}`], c.shared)).toEqual([
      { spec: 'oracle', config: { prompt_variant: 'terse', limits: { steps: 20 } } },
      { spec: 'noop', config: { prompt_variant: 'shared' } },
      { spec: 'cmd:"node x.js"', config: { prompt_variant: 'verbose', temperature: 0.2 } },
    ]);
    expect(await matrixAgents(['noop'], undefined)).toEqual([{ spec: 'noop', config: {} }]);
  });

  it('puts each configuration into the run key and into that agent’s attempts', async () => {
    const c = await configs();
    const agents = await matrixAgents([`oracle@${c.a}`, `noop@${c.b}`], undefined);
    const tasks = [fakeTask('alpha')];
    const plan = planMatrix({ tasks, agents, repeats: 1, seed: 1 });
    expect(plan.attempts.map((p) => [p.agent.spec, p.agent.config.prompt_variant])).toEqual([
      ['noop', 'verbose'],
      ['oracle', 'terse'],
    ]);
    const swapped = planMatrix({ tasks, agents: [{ ...agents[0]!, config: agents[1]!.config }, { ...agents[1]!, config: agents[0]!.config }], repeats: 1, seed: 1 });
    expect(swapped.runId).not.toBe(plan.runId);

    const store = Store.open(path.join(c.dir, 'r.db'));
    try {
      const fake = fakeRunner();
      const result = await runMatrix({ store, tasks, agents, repeats: 1, concurrency: 1, seed: 1, outDir: path.join(c.dir, 'traj'), runAttempt: fake.run });
      expect(result.runId).toBe(plan.runId);
      const stored = Object.fromEntries(result.attempts.map((a) => [a.agentSpec, [a.agentConfig, a.promptVariant]]));
      expect(stored).toEqual({ oracle: [agents[0]!.config, 'terse'], noop: [agents[1]!.config, 'verbose'] });
      expect(store.run(result.runId)!.agents).toEqual([agents[1], agents[0]]);
    } finally {
      store.close();
    }
  });

  it('refuses an unknown agent, an unreadable or non-mapping file, and the same spec twice', async () => {
    const c = await configs();
    await expect(matrixAgents([`gpt-magic@${c.a}`], undefined)).rejects.toThrow(/^unknown agent "gpt-magic"; known agents: .*oracle/);
    await expect(matrixAgents([`oracle@${c.dir}/missing.yaml`], undefined)).rejects.toThrow(`${c.dir}/missing.yaml: ENOENT`);
    await expect(matrixAgents([`oracle@${c.list}`], undefined)).rejects.toThrow(`${c.list}: an agent configuration must be a mapping (key: value), got a list`);
    const twice = await matrixAgents([`oracle@${c.a}`, `oracle@${c.b}`], undefined);
    expect(() => planMatrix({ tasks: [fakeTask('alpha')], agents: twice, repeats: 1, seed: 1 })).toThrow(
      'agent "oracle" is given with two configurations: attempt ids derive from the agent spec, so one run cannot hold both; run each configuration in its own run and tell them apart with a label (e.g. --label config=terse)',
    );
    const same = await matrixAgents([`oracle@${c.a}`, `oracle@${c.a}`], undefined);
    expect(() => planMatrix({ tasks: [fakeTask('alpha')], agents: same, repeats: 1, seed: 1 })).toThrow('agent "oracle" is given twice');
  });

  it('makes `crucible run` exit 1 with one line naming the file, before touching the engine', async () => {
    const c = await configs();
    const out = await runCli(runCommand(), ['--tasks', 'all', '--agent', `oracle@${c.list}`, '--db', path.join(c.dir, 'r.db')]);
    expect(out).toMatchObject({ exitCode: 1, stdout: '', stderr: `crucible: ${c.list}: an agent configuration must be a mapping (key: value), got a list\n` });
  });
});
