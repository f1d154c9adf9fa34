import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { HarnessError } from '../../errors.js';
import { parseRetryAfter, retryDelayMs, seededRandom, sleep } from './backoff.js';
import type { ResolvedOpenAIConfig } from './config.js';

/** A completion and how long the request that produced it took. */
export interface TimedCompletion {
  completion: ChatCompletion;
  latencyMs: number;
}

/** Why a request failed, as one line without secrets; `retry` when trying again may help. */
interface Failure {
  retry: boolean;
  message: string;
  retryAfterMs?: number;
  /** True when the failure is the agent's own (e.g. its conversation outgrew the context window). */
  agentFault?: boolean;
}

/** Told before each wait (tests, logs). */
export type RetryListener = (info: { retry: number; delayMs: number; reason: string }) => void;

/** HTTP statuses worth retrying: timeouts, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Makes provider text fit for a one-line message: whitespace folded, the key (and anything shaped
 * like a key, such as the masked one OpenAI quotes back on a 401) removed, length capped.
 */
export function sanitize(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  out = out.replace(/\b(?:sk|key|api[-_]?key)[-_][A-Za-z0-9*_-]{6,}/gi, '[redacted]');
  out = out.replace(/\s+/g, ' ').trim();
  return out.length > 300 ? `${out.slice(0, 299)}…` : out;
}

/**
 * One Chat Completions endpoint, with the backoff policy of the configuration: 408, 429, 5xx and
 * network failures are retried with exponential backoff and jitter drawn from the attempt's seed
 * (`Retry-After` honoured); whatever still fails — or fails for good, like a refused key — throws
 * `HarnessError('PROVIDER_FAILED')`: the attempt says nothing about the agent then.
 */
export class ChatProvider {
  private readonly client: OpenAI;
  private readonly random: () => number;
  /** Retries made so far (all requests). */
  retries = 0;

  constructor(
    private readonly config: ResolvedOpenAIConfig,
    seed: number,
    private readonly onRetry?: RetryListener,
  ) {
    this.client = new OpenAI({
      apiKey: config.apiKey,
      baseURL: config.baseURL,
      adminAPIKey: null,
      webhookSecret: null,
      maxRetries: 0,
      timeout: config.requestTimeoutMs,
      logLevel: 'off',
    });
    this.random = seededRandom(seed);
  }

  /**
   * Asks for one completion. Resolves `undefined` when `signal` aborted the request or a wait (the
   * attempt is over: nothing to report).
   */
  async complete(body: ChatCompletionCreateParamsNonStreaming, signal: AbortSignal): Promise<TimedCompletion | undefined> {
    const { maxRetries } = this.config.retry;
    for (let retry = 0; ; retry++) {
      if (signal.aborted) return undefined;
      const started = performance.now();
      let failure: Failure;
      try {
        const completion = await this.client.chat.completions.create(body, { signal, maxRetries: 0, timeout: this.config.requestTimeoutMs });
        const latencyMs = Math.round(performance.now() - started);
        if (!completion || typeof completion !== 'object' || !Array.isArray(completion.choices) || !completion.choices[0]?.message) {
          failure = { retry: true, message: `${this.config.displayBaseURL} returned a response without a message (not a chat completion)` };
        } else {
          return { completion, latencyMs };
        }
      } catch (err) {
        if (signal.aborted || err instanceof APIUserAbortError) return undefined;
        failure = this.describe(err);
        // Outgrowing the context window is the agent's own doing (how much it read and kept),
        // so it ends the attempt as the agent's failure, not the harness's.
        if (failure.agentFault) throw new Error(failure.message, { cause: err });
        if (!failure.retry) throw new HarnessError('PROVIDER_FAILED', failure.message, { cause: err });
      }
      if (retry >= maxRetries) {
        throw new HarnessError('PROVIDER_FAILED', `${failure.message} (still failing after ${maxRetries} ${maxRetries === 1 ? 'retry' : 'retries'})`);
      }
      const delayMs = retryDelayMs(this.config.retry, retry, this.random, failure.retryAfterMs);
      this.retries += 1;
      this.onRetry?.({ retry: retry + 1, delayMs, reason: failure.message });
      await sleep(delayMs, signal);
    }
  }

  private describe(err: unknown): Failure {
    const where = this.config.displayBaseURL;
    const secrets = this.config.secrets;
    if (err instanceof APIConnectionTimeoutError) {
      return { retry: true, message: `model provider at ${where} did not answer within ${Math.round(this.config.requestTimeoutMs / 1000)} s` };
    }
    if (err instanceof APIConnectionError) {
      const cause = err.cause instanceof Error ? err.cause : undefined;
      const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? ((cause?.cause as NodeJS.ErrnoException | undefined)?.code);
      const detail = code ?? cause?.message ?? err.message;
      return { retry: true, message: `cannot reach the model provider at ${where}: ${sanitize(detail, secrets)}` };
    }
    if (err instanceof APIError && typeof err.status === 'number') {
      const status = err.status;
      const body = err.error as { message?: unknown } | undefined;
      const said = typeof body?.message === 'string' ? body.message : err.message.replace(/^\d+\s*/, '');
      const detail = said ? `: ${sanitize(said, secrets)}` : '';
      const retryAfterMs = parseRetryAfter(err.headers);
      if (status === 401) {
        return { retry: false, message: `model provider at ${where} refused the API key (401; key from ${this.config.apiKeySource})${detail}` };
      }
      const code = (err as { code?: unknown }).code;
      if (status === 400 && (code === 'context_length_exceeded' || /context (length|window)|maximum context|too many tokens/i.test(said))) {
        return { retry: false, agentFault: true, message: `the conversation no longer fits the model's context (${status}${detail})` };
      }
      if (isRetryableStatus(status)) {
        return { retry: true, message: `model provider at ${where} answered ${status}${detail}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
      }
      return { retry: false, message: `model provider at ${where} answered ${status} for model ${JSON.stringify(this.config.model)}${detail}` };
    }
    return { retry: false, message: `model provider at ${where}: unexpected client error: ${sanitize((err as Error)?.message ?? String(err), secrets)}` };
  }
}
