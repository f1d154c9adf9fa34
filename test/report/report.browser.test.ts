import { mkdirSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptHref } from '../../src/report/html/attempt-file.js';
import { writeReport } from '../../src/report/html/write-report.js';
import { SCORE_NAMES } from '../../src/score/types.js';
import { launchBrowser, noBrowser } from '../helpers/browser.js';
import { buildSyntheticDb } from '../helpers/synthetic-db.js';

const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-artifacts');

let browser: Browser;
let dir: string;

beforeAll(async () => {
  if (noBrowser) return;
  browser = await launchBrowser();
  dir = await mkdtemp(path.join(tmpdir(), 'crucible-report-browser-'));
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

/** Opens a page that records console errors, uncaught exceptions and dialogs (an escaped `alert` would open one). */
async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { page, problems };
}

async function pwned(page: Page): Promise<unknown> {
  return page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned);
}

describe.skipIf(noBrowser)('the HTML report in headless chromium', () => {
  it('renders every section from file://, and a heatmap cell opens the attempt with its calls, fault, diff and rationales', async () => {
    const db = buildSyntheticDb(path.join(dir, 'small.db'), { tasks: 4, repeats: 2, versions: ['1.3', '1.4'] });
    const { indexFile } = writeReport({ db: db.file, out: path.join(dir, 'small'), options: { iterations: 500 } });
    const { page, problems } = await openPage();
    await page.goto(pathToFileURL(indexFile).href);

    const cells = db.agents.length * db.tasks.length;
    const counts = {
      leaderboard: await page.locator('#leaderboard tr.leaderboard-row').count(),
      intervalBars: await page.locator('#leaderboard svg.interval-bar').count(),
      heatmapRows: await page.locator('#heatmap tbody tr').count(),
      heatmapCells: await page.locator('#heatmap a.cell-link').count(),
      repeatLinks: await page.locator('#heatmap a.repeat').count(),
      histograms: await page.locator('#distributions svg.histogram').count(),
      costPoints: await page.locator('#cost-quality circle').count(),
      trends: await page.locator('#trends figure.trend').count(),
      runs: await page.locator('#runs tr.run-row').count(),
      attempts: await page.locator('#attempts table.attempts tbody tr').count(),
      robustnessNotes: await page.locator('#robustness p.empty-note').count(),
    };
    expect(counts).toEqual({
      leaderboard: db.agents.length,
      intervalBars: db.agents.length,
      heatmapRows: db.tasks.length,
      heatmapCells: cells,
      repeatLinks: db.attemptIds.length,
      histograms: SCORE_NAMES.length * db.agents.length,
      costPoints: db.agents.length,
      trends: 2,
      runs: db.versions.length,
      attempts: db.attemptIds.length,
      // No attempt carries robustness labels: each table is a sentence saying what would fill it.
      robustnessNotes: 4,
    });
    for (const section of ['#leaderboard', '#heatmap', '#distributions', '#cost-quality', '#trends']) expect(await page.locator(section).isVisible()).toBe(true);
    // The agent spec holding markup shows as text.
    expect(await page.locator('#leaderboard td.agent').allInnerTexts()).toContain('cmd:"node bot.js --tag=<b>"');
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-index.png'), fullPage: true });

    // The first attempt generated had a fault injected into run_tests; it is the first of its cell.
    const first = db.attemptIds[0]!;
    await page.locator(`#heatmap a.cell-link[href="${attemptHref(first)}"]`).click();
    await page.waitForURL(/\/attempts\//);
    expect(decodeURIComponent(page.url())).toContain(`/small/${decodeURIComponent(attemptHref(first))}`);
    expect(await page.locator('h1').innerText()).toBe(`task-1 · ${db.agents[0]} · repeat 0`);
    expect(await page.locator('.tool-call .tool-name').allInnerTexts()).toEqual(['read_file', 'run_tests', 'edit_file', 'bash', 'submit']);
    expect(await page.locator('.injected-fault').innerText()).toBe('injected fault explicit_transient: run_tests answered unavailable once');
    expect(await page.locator('.tool-call.has-error').count()).toBe(2);
    const diff = await page.locator('#diff').innerText();
    expect(diff).toContain('diff --git a/src/task-1.ts b/src/task-1.ts');
    expect(diff).toContain('<script>window.__pwned = 1</script>');
    expect(await page.locator('#score-resolved .rationale').innerText()).toMatch(/^The hidden tests (passed|failed) on the final diff\. <\/pre>/);
    expect(await page.locator('#score-error_recovery .rationale a').getAttribute('href')).toBe('#step-2');
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-attempt.png'), fullPage: true });

    await page.locator('header nav a').click();
    await page.waitForURL(/index\.html$/);
    expect(await pwned(page)).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('renders the robustness tables of a database with fault plans, injection and impossible variants', async () => {
    const db = buildSyntheticDb(path.join(dir, 'robust.db'), { tasks: 4, repeats: 2, versions: ['1.3', '1.4'], robustness: true });
    const { indexFile } = writeReport({ db: db.file, out: path.join(dir, 'robust'), options: { iterations: 500 } });
    const { page, problems } = await openPage();
    await page.goto(pathToFileURL(indexFile).href);
    const rows = async (table: string): Promise<number> => page.locator(`#robustness table.${table} tr.robustness-row`).count();
    // One fault plan and one paired strategy (injection; impossible variants are never paired): one row per agent in each table.
    expect({ faults: await rows('faults'), variants: await rows('variants'), impossible: await rows('impossible'), injection: await rows('injection') }).toEqual({
      faults: db.agents.length,
      variants: db.agents.length,
      impossible: db.agents.length,
      injection: db.agents.length,
    });
    expect(await page.locator('#robustness p.empty-note').count()).toBe(0);
    expect(await page.locator('#robustness svg.difference-bar').count()).toBe(2 * db.agents.length);
    expect(await page.locator('#robustness svg.interval-bar').count()).toBe(3 * db.agents.length);
    expect(await page.locator('#robustness table.faults td.mono').allInnerTexts()).toEqual(db.agents.map(() => db.faultPlan));
    expect(await page.locator('#robustness table.faults td.agent').allInnerTexts()).toContain('cmd:"node bot.js --tag=<b>"');
    await page.locator('nav.toc a[href="#robustness"]').click();
    expect(await page.locator('#robustness').isVisible()).toBe(true);
    await page.locator('#robustness').screenshot({ path: path.join(ARTIFACTS, 'report-robustness.png') });
    expect(await pwned(page)).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('renders 2,000 attempts with an index page under 5 MB', { timeout: 240_000 }, async () => {
    const db = buildSyntheticDb(path.join(dir, 'big.db'), { agents: ['oracle', 'openai:gpt-x', 'openai:gpt-y', 'cmd:"node bot.js"'], tasks: 50, repeats: 5, versions: ['1.3', '1.4'] });
    expect(db.attemptIds).toHaveLength(2000);
    const started = Date.now();
    const result = writeReport({ db: db.file, out: path.join(dir, 'big') });
    const seconds = (Date.now() - started) / 1000;
    expect(result.attemptPages).toBe(2000);
    expect(statSync(result.indexFile).size).toBe(result.indexBytes);
    expect(result.indexBytes).toBeLessThan(5_000_000);
    // About 6 s on a 2-core machine shared with other work; a report must never take minutes.
    expect(seconds).toBeLessThan(60);

    const { page, problems } = await openPage();
    await page.goto(pathToFileURL(result.indexFile).href);
    expect(await page.locator('#heatmap a.cell-link').count()).toBe(4 * 50);
    expect(await page.locator('#attempts table.attempts tbody tr').count()).toBe(2000);
    expect(problems).toEqual([]);
    await page.close();
  });
});
