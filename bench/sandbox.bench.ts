// Sandbox benchmark: each figure is measured side by side with its baseline in the same run
// (these machines are noisy) and printed as medians and ratios; docs/benchmarks.md is rewritten.
// Run: npm run bench
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DockerProvider } from '../src/sandbox/docker/docker-provider.js';
import type { DockerSandbox } from '../src/sandbox/docker/docker-sandbox.js';
import { buildSandboxImage } from '../src/sandbox/image/sandbox-image.js';
import { materializeRepo } from '../src/sandbox/materialize.js';
import type { Sandbox } from '../src/sandbox/types.js';

const run = promisify(execFile);
const ROUNDS = { ready: 10, exec: 40, read: 40 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Alternates candidate and baseline so drift in machine load hits both alike. */
async function sideBySide(rounds: number, candidate: () => Promise<unknown>, baseline: () => Promise<unknown>) {
  const c: number[] = [];
  const b: number[] = [];
  await candidate();
  await baseline();
  for (let i = 0; i < rounds; i++) {
    c.push(await time(candidate));
    b.push(await time(baseline));
  }
  return { candidate: median(c), baseline: median(b), ratio: median(c) / median(b) };
}

interface Row {
  figure: string;
  candidate: string;
  baseline: string;
  ratio: number;
  target: number;
}

const provider = new DockerProvider();
await provider.ping();
const image = (await buildSandboxImage(provider.docker, 'default')).tag;
const repoDir = path.resolve('repos', 'inventory-service');
const repo = await materializeRepo({ dir: repoDir });
const rows: Row[] = [];

// (a) sandbox ready vs `docker run --rm IMAGE true`
{
  const r = await sideBySide(
    ROUNDS.ready,
    async () => {
      const started = performance.now();
      const sb = await provider.create({ image, repo });
      const ready = performance.now() - started;
      await sb.close();
      return ready;
    },
    () => run('docker', ['run', '--rm', '--network', 'none', image, 'true']),
  );
  rows.push({ figure: `(a) sandbox ready (create + start + ${path.basename(repoDir)} materialized, ${repo.fileCount} files) vs \`docker run --rm IMAGE true\``, candidate: `${r.candidate.toFixed(0)} ms`, baseline: `${r.baseline.toFixed(0)} ms`, ratio: r.ratio, target: 1.5 });
}

const sandbox = (await provider.create({ image, repo })) as DockerSandbox;
try {
  // (b) exec true vs `docker exec CONTAINER true`
  const b = await sideBySide(ROUNDS.exec, () => sandbox.exec(['true']), () => run('docker', ['exec', '-u', 'agent', sandbox.id, 'true']));
  rows.push({ figure: '(b) `true` through Sandbox.exec vs `docker exec CONTAINER true`', candidate: `${b.candidate.toFixed(1)} ms`, baseline: `${b.baseline.toFixed(1)} ms`, ratio: b.ratio, target: 0.1 });

  // (c) read a 10 KB file vs `docker exec CONTAINER cat FILE`
  await sandbox.writeFile('bench-10k.txt', 'x'.repeat(10 * 1024));
  const c = await sideBySide(ROUNDS.read, () => sandbox.readFile('bench-10k.txt'), () => run('docker', ['exec', '-u', 'agent', sandbox.id, 'cat', '/workspace/bench-10k.txt']));
  rows.push({ figure: '(c) read a 10 KB file through the sandbox vs `docker exec CONTAINER cat FILE`', candidate: `${c.candidate.toFixed(1)} ms`, baseline: `${c.baseline.toFixed(1)} ms`, ratio: c.ratio, target: 0.05 });
} finally {
  await sandbox.close();
}

// (d) 8 sandboxes alive at once
const rssBefore = process.memoryUsage().rss;
const eight: Sandbox[] = [];
let perSandboxMiB = 0;
try {
  for (let i = 0; i < 8; i++) eight.push(await provider.create({ image, repo }));
  await Promise.all(eight.map((s) => s.exec(['true'])));
  const rssAfter = process.memoryUsage().rss;
  const usages = await Promise.all(
    eight.map(async (s) => {
      const stats = (await provider.docker.getContainer(s.id).stats({ stream: false })) as { memory_stats: { usage?: number; stats?: { cache?: number } } };
      return (stats.memory_stats.usage ?? 0) - (stats.memory_stats.stats?.cache ?? 0);
    }),
  );
  perSandboxMiB = median(usages) / 1024 / 1024;
  rows.push({
    figure: '(d) 8 sandboxes alive: evaluator RSS before → after; median container memory',
    candidate: `${(rssBefore / 1048576).toFixed(0)} → ${(rssAfter / 1048576).toFixed(0)} MiB (+${((rssAfter - rssBefore) / 1048576 / 8).toFixed(1)} MiB per sandbox)`,
    baseline: `${perSandboxMiB.toFixed(1)} MiB per container (supervisor + workspace)`,
    ratio: Number.NaN,
    target: Number.NaN,
  });
} finally {
  await Promise.all(eight.map((s) => s.close()));
}

const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
const engine = await provider.docker.version();
const machine = `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Linux ${os.release()}, Docker engine ${engine.Version}, Node ${process.version}`;
const verdict = (r: Row) => (Number.isNaN(r.target) ? '—' : r.ratio <= r.target ? `≤ ${r.target} met` : `≤ ${r.target} **missed**`);
const table = [
  '| figure | Crucible | baseline | ratio | target |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.figure} | ${r.candidate} | ${r.baseline} | ${Number.isNaN(r.ratio) ? '—' : r.ratio.toFixed(3)} | ${verdict(r)} |`),
].join('\n');
process.stdout.write(`${machine}\n\n${table}\n`);

const docPath = path.resolve('docs', 'benchmarks.md');
const previous = (() => {
  try {
    return readFileSync(docPath, 'utf8');
  } catch {
    return '';
  }
})();
const section = `<!-- sandbox-bench:start -->\n## Sandbox layer (\`npm run bench\`)\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine}. Medians of ${ROUNDS.ready} / ${ROUNDS.exec} / ${ROUNDS.read} alternating rounds; baselines shell out to the docker CLI in the same run.\n\n${table}\n<!-- sandbox-bench:end -->`;
const doc = previous.includes('<!-- sandbox-bench:start -->')
  ? previous.replace(/<!-- sandbox-bench:start -->[\s\S]*<!-- sandbox-bench:end -->/, section)
  : `# Benchmarks\n\nFigures are ratios against a baseline measured in the same run; absolute times on these shared machines drift.\n\n${section}\n`;
writeFileSync(docPath, doc);
