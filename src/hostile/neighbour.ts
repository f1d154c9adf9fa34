import type { DockerProvider } from '../sandbox/docker/docker-provider.js';
import type { Sandbox } from '../sandbox/types.js';

/** How a neighbouring sandbox fared while a hostile attempt ran. */
export interface NeighbourReport {
  probes: number;
  failures: number;
  maxLatencyMs: number;
}

/**
 * A sandbox beside the hostile one that runs `true` every `intervalMs` and measures how long each
 * answer takes: a fork bomb, memory hog or flood next door must not starve it.
 */
export class NeighbourProbe {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly report: NeighbourReport = { probes: 0, failures: 0, maxLatencyMs: 0 };

  private constructor(private readonly sandbox: Sandbox) {}

  /** Starts a neighbour sandbox of `image` and its probe loop. */
  static async start(provider: DockerProvider, image: string, attemptId: string, intervalMs = 500): Promise<NeighbourProbe> {
    const probe = new NeighbourProbe(await provider.create({ image, attemptId }));
    probe.loop = probe.run(intervalMs);
    return probe;
  }

  private async run(intervalMs: number): Promise<void> {
    while (!this.stopped) {
      const started = performance.now();
      const ok = await this.sandbox.exec(['true'], { timeoutMs: 30_000 }).then((r) => r.exitCode === 0, () => false);
      const latency = performance.now() - started;
      this.report.probes++;
      if (!ok) this.report.failures++;
      this.report.maxLatencyMs = Math.max(this.report.maxLatencyMs, Math.round(latency));
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  /** Stops probing, removes the sandbox and returns what was measured. */
  async stop(): Promise<NeighbourReport> {
    this.stopped = true;
    await this.loop;
    await this.sandbox.close();
    return { ...this.report };
  }
}
