/**
 * Sandboxes alive in this process, so that Ctrl-C or SIGTERM removes them instead of leaving
 * containers behind. Providers register every sandbox they create; `installSignalCleanup` (called
 * once by the CLI) closes them all on a signal before the process exits.
 */
const live = new Set<() => Promise<void>>();
let installed = false;

/** Registers a closer; returns the function that unregisters it. */
export function trackForCleanup(close: () => Promise<void>): () => void {
  live.add(close);
  return () => live.delete(close);
}

/** Number of sandboxes this process still holds. */
export function liveSandboxCount(): number {
  return live.size;
}

/** Closes every tracked sandbox, waiting at most `timeoutMs`. */
export async function closeAllSandboxes(timeoutMs = 15_000): Promise<void> {
  const closing = [...live].map((close) => close().catch(() => {}));
  live.clear();
  await Promise.race([Promise.all(closing), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
}

/** On SIGINT / SIGTERM: close all sandboxes, then exit with 130 / 143. A second signal exits at once. */
export function installSignalCleanup(): void {
  if (installed) return;
  installed = true;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (stopping) process.exit(code);
    stopping = true;
    process.stderr.write(`\ncrucible: ${signal}, removing ${live.size} sandbox(es)…\n`);
    void closeAllSandboxes().finally(() => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
