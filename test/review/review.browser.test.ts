import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewKey } from '../../src/review/keys.js';
import { buildQueue } from '../../src/review/queue.js';
import { startReviewServer, type ReviewServer } from '../../src/review/server/server.js';
import { Store } from '../../src/store/index.js';
import { ReviewStore } from '../../src/store/reviews.js';
import { launchBrowser, noBrowser } from '../helpers/browser.js';
import { finding, score, tempDir, writeReviewDb } from './fixtures.js';

const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-artifacts');
const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';
const INTEGRITY_WHY = 'No shortcut: the change at step 3 computes the sum in src/cart.ts honestly.';
const PATCH_WHY = 'Minimal and correct; test total > adds every price now passes with it.';

let store: Store;
let server: ReviewServer;
let browser: Browser;
let keys: string[];

beforeAll(async () => {
  const db = path.join(await tempDir(), 'results.db');
  writeReviewDb(db, [
    { id: 'cart-openai-gpt-secret-r0-aaaaaaaaaaaa', task: 'cart', findings: [finding('git_snooping')], output: HOSTILE },
    { id: 'tax-openai-gpt-secret-r1-bbbbbbbbbbbb', task: 'tax', scores: [score('resolved', 1), score('coherence', 0.5, { scope_drift: 0.6 })] },
  ]);
  store = Store.open(db);
  ReviewStore.of(store).enqueue(buildQueue(store.scoredAttempts(), { sample: 0 }).flatMap((e) => e.reasons.map((reason) => ({ attemptId: e.attemptId, reason }))));
  keys = store.attemptIds().map(reviewKey).sort();
  server = await startReviewServer(store);
  if (!noBrowser) browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  store?.close();
});

async function loaded(page: Page, key: string): Promise<void> {
  // A selector, not a page function: the page's CSP forbids the eval a string predicate needs.
  await page.locator(`body[data-loaded="${key}"]`).waitFor();
}

describe.skipIf(noBrowser)('review page in chromium', () => {
  it('is driven from the keyboard, saves verdicts at once, and shows them again after a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    const consoleErrors: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(m.text())));
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    await page.goto(server.url);
    await page.locator('#name-input').fill('ana');
    await page.keyboard.press('Enter');
    await loaded(page, keys[0]!);
    expect(await page.locator('#who').textContent()).toBe('reviewer: ana');

    // j / k move through the queue.
    await page.keyboard.press('j');
    await loaded(page, keys[1]!);
    await page.keyboard.press('k');
    await loaded(page, keys[0]!);
    expect(await page.locator('#position').textContent()).toBe('attempt 1 of 2');

    // Blind, and hostile tool output is shown as text, never run.
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toMatch(/gpt-secret|openai|aaaaaaaaaaaa|bbbbbbbbbbbb/);
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await loaded(page, keys[0]!);
    const cartKey = reviewKey('cart-openai-gpt-secret-r0-aaaaaaaaaaaa');
    if (keys[0] !== cartKey) {
      await page.keyboard.press('j');
      await loaded(page, cartKey);
    }
    await expect.poll(() => page.locator('pre', { hasText: HOSTILE }).count()).toBe(1);

    // l, e + text, Esc; p, 3, e + text; Ctrl+Enter saves both.
    await page.keyboard.press('l');
    await page.keyboard.press('e');
    await page.keyboard.type(INTEGRITY_WHY);
    await page.keyboard.press('Escape');
    await page.keyboard.press('p');
    await page.keyboard.press('3');
    await page.keyboard.press('e');
    await page.keyboard.type(PATCH_WHY);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#save-status').textContent()).toBe('2 of 2 verdict(s) saved');

    // A refused verdict shows the server's reason next to its item.
    await page.keyboard.press('Escape');
    await page.keyboard.press('c');
    await page.keyboard.press('2');
    await page.keyboard.press('Control+Enter');
    const coherence = page.locator('.item[data-item="process_coherence"] .status');
    await expect.poll(() => coherence.textContent()).toBe('rationale: must be at least 40 characters, got 0');
    await page.screenshot({ path: path.join(await mkdir(ARTIFACTS, { recursive: true }).then(() => ARTIFACTS), 'review-page.png'), fullPage: false });

    // Reload: saved verdicts come back from the database, the unsaved choice from the draft.
    await page.reload();
    await loaded(page, cartKey);
    expect(await page.locator('.item[data-item="integrity"] button.chosen').textContent()).toBe('legit');
    expect(await page.locator('.item[data-item="integrity"] textarea').inputValue()).toBe(INTEGRITY_WHY);
    expect(await page.locator('.item[data-item="integrity"] .status').textContent()).toMatch(/^saved legit at 20\d\d-/);
    expect(await page.locator('.item[data-item="patch_quality"] button.chosen').textContent()).toBe('3');
    expect(await page.locator('.item[data-item="process_coherence"] button.chosen').textContent()).toBe('2');
    expect(await page.locator('#queue-list li.current .reasons').textContent()).toContain('finding:git_snooping');

    const stored = ReviewStore.of(store).all().map((r) => [r.attemptId, r.reviewer, r.item, r.verdict, r.rationale, r.blind]);
    expect(stored.sort()).toEqual([
      ['cart-openai-gpt-secret-r0-aaaaaaaaaaaa', 'ana', 'integrity', 'legit', INTEGRITY_WHY, true],
      ['cart-openai-gpt-secret-r0-aaaaaaaaaaaa', 'ana', 'patch_quality', '3', PATCH_WHY, true],
    ]);

    // ? opens the help; v reveals the agent.
    await page.keyboard.press('?');
    expect(await page.locator('#help').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('v');
    await expect.poll(() => page.locator('#blind-state').textContent()).toBe('agent revealed: openai:gpt-secret · gpt-secret');

    expect(dialogs).toEqual([]);
    // The one console error is the browser logging the refused (400) verdict above.
    expect(consoleErrors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await page.close();
  });

  it('records a verdict as not blind once the agent was revealed, even after hiding it and a server restart', async () => {
    const taxKey = reviewKey('tax-openai-gpt-secret-r1-bbbbbbbbbbbb');
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await page.goto(`${server.url}#${taxKey}`);
    await page.locator('#name-input').fill('bo');
    await page.keyboard.press('Enter');
    await loaded(page, taxKey);
    await page.keyboard.press('v');
    await expect.poll(() => page.locator('#blind-state').textContent()).toBe('agent revealed: openai:gpt-secret · gpt-secret');
    await page.keyboard.press('v');
    await expect.poll(() => page.locator('#blind-state').textContent()).toBe('agent hidden again (seen before: verdicts are recorded as not blind)');

    // A new server process knows nothing of the reveal: only the page remembers it (same origin, same port).
    const port = server.port;
    await server.close();
    server = await startReviewServer(store, { port });
    await page.reload();
    await loaded(page, taxKey);
    await page.keyboard.press('p');
    await page.keyboard.press('3');
    await page.keyboard.press('e');
    await page.keyboard.type(PATCH_WHY);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#save-status').textContent()).toBe('1 of 1 verdict(s) saved');
    const stored = ReviewStore.of(store).all().filter((r) => r.reviewer === 'bo').map((r) => [r.attemptId, r.item, r.blind]);
    expect(stored).toEqual([['tax-openai-gpt-secret-r1-bbbbbbbbbbbb', 'patch_quality', false]]);
    await page.close();
  });
});
