import { z } from 'zod';
import { HarnessError } from '../../errors.js';

/** Where requests go when neither the configuration nor `OPENAI_BASE_URL` says otherwise. */
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * Sent as the key to servers that need none (a local vLLM, Ollama or llama.cpp started without
 * one): the client library insists on some key. Not a secret.
 */
export const NO_KEY = 'no-key';

const PriceSchema = z.strictObject({
  prompt: z.number().nonnegative(),
  completion: z.number().nonnegative(),
});

/**
 * The agent configuration `openai:MODEL` accepts (`--agent-config`). Unknown keys are refused, so a
 * typo cannot silently run a different experiment.
 */
export const OpenAIAgentConfigSchema = z.strictObject({
  /** OpenAI-compatible endpoint, e.g. `http://127.0.0.1:8000/v1`; default `OPENAI_BASE_URL`, then OpenAI's. */
  base_url: z.url({ protocol: /^https?$/ }).optional(),
  /** Name of the environment variable holding the API key (default `OPENAI_API_KEY`). */
  api_key_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
  temperature: z.number().min(0).optional(),
  top_p: z.number().gt(0).max(1).optional(),
  max_tokens: z.number().int().positive().optional(),
  /** A system prompt of your own instead of the bundled one (path relative to the working directory). */
  system_prompt_file: z.string().min(1).optional(),
  /** Which bundled system prompt (`src/agent/prompts/system-<version>.md`); default `v1`. */
  prompt_version: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only').optional(),
  /** Label recorded as the trajectory's prompt variant; defaults to the prompt's version id. */
  prompt_variant: z.string().min(1).optional(),
  /** US dollars per million tokens, for `costUsd` of each message. */
  price_per_million: PriceSchema.optional(),
  /** Retries of a request that failed with 408, 429, 5xx or a network error. */
  max_retries: z.number().int().min(0).max(20).default(5),
  /** First backoff delay; doubles on each retry, with seeded jitter. */
  retry_base_delay_ms: z.number().nonnegative().default(1000),
  /** Longest wait between two tries (a longer `Retry-After` is cut to this). */
  retry_max_delay_ms: z.number().nonnegative().default(60_000),
  /** Time allowed for one request. */
  request_timeout_sec: z.number().positive().default(600),
  /** Replies in a row without a tool call that get a reminder before the agent gives up. */
  max_nudges: z.number().int().min(0).default(2),
});

export type OpenAIAgentConfig = z.infer<typeof OpenAIAgentConfigSchema>;

/** Everything the agent needs, resolved from the spec, the configuration and the environment. */
export interface ResolvedOpenAIConfig {
  model: string;
  /** Without a trailing slash. */
  baseURL: string;
  /** The base URL with any password masked: for records and messages. */
  displayBaseURL: string;
  /** The key to send; {@link NO_KEY} when none is configured for a non-default endpoint. */
  apiKey: string;
  /** Where the key came from: `env:NAME`, or `none`. Safe to record. */
  apiKeySource: string;
  /** Strings that must never reach a trajectory. */
  secrets: string[];
  sampling: { temperature?: number; top_p?: number; max_tokens?: number };
  price?: { prompt: number; completion: number };
  retry: { maxRetries: number; baseDelayMs: number; maxDelayMs: number };
  requestTimeoutMs: number;
  maxNudges: number;
  prompt: { file?: string; version?: string; variant?: string };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Resolves `openai:MODEL`: base URL from `base_url`, `OPENAI_BASE_URL` or OpenAI's; the key from
 * the variable `api_key_env` names (which must then be set) or `OPENAI_API_KEY`. Without any key,
 * only a non-default endpoint is accepted (local servers need none). Throws `CONFIG_INVALID` or
 * `ENV_MISSING` with a one-line message.
 */
export function resolveOpenAIConfig(model: string, config: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): ResolvedOpenAIConfig {
  if (!model.trim()) throw new HarnessError('CONFIG_INVALID', 'openai needs a model: openai:MODEL (e.g. openai:gpt-4.1-mini)');
  const parsed = OpenAIAgentConfigSchema.safeParse(config);
  if (!parsed.success) throw new HarnessError('CONFIG_INVALID', `invalid openai agent configuration: ${oneLine(z.prettifyError(parsed.error))}`);
  const c = parsed.data;
  if (c.system_prompt_file && c.prompt_version) throw new HarnessError('CONFIG_INVALID', 'invalid openai agent configuration: give system_prompt_file or prompt_version, not both');

  const rawBase = c.base_url ?? (env.OPENAI_BASE_URL?.trim() || DEFAULT_BASE_URL);
  let url: URL;
  try {
    url = new URL(rawBase);
  } catch {
    throw new HarnessError('CONFIG_INVALID', `invalid OpenAI base URL ${JSON.stringify(rawBase)} (from ${c.base_url ? 'base_url' : 'OPENAI_BASE_URL'})`);
  }
  const secrets: string[] = [];
  if (url.password) secrets.push(decodeURIComponent(url.password), url.password);
  const baseURL = rawBase.replace(/\/+$/, '');
  let displayBaseURL = baseURL;
  if (url.password) {
    url.password = '***';
    displayBaseURL = url.toString().replace(/\/+$/, '');
  }

  const keyVar = c.api_key_env ?? 'OPENAI_API_KEY';
  const key = env[keyVar]?.trim();
  if (c.api_key_env && !key) throw new HarnessError('ENV_MISSING', `the environment variable ${keyVar} (api_key_env) is not set`);
  if (!key && baseURL === DEFAULT_BASE_URL) throw new HarnessError('ENV_MISSING', `OPENAI_API_KEY is not set (or name another variable with api_key_env, or point base_url at a local server)`);
  if (key) secrets.push(key);

  const sampling: ResolvedOpenAIConfig['sampling'] = {};
  if (c.temperature !== undefined) sampling.temperature = c.temperature;
  if (c.top_p !== undefined) sampling.top_p = c.top_p;
  if (c.max_tokens !== undefined) sampling.max_tokens = c.max_tokens;

  return {
    model: model.trim(),
    baseURL,
    displayBaseURL,
    apiKey: key || NO_KEY,
    apiKeySource: key ? `env:${keyVar}` : 'none',
    secrets,
    sampling,
    ...(c.price_per_million ? { price: c.price_per_million } : {}),
    retry: { maxRetries: c.max_retries, baseDelayMs: c.retry_base_delay_ms, maxDelayMs: c.retry_max_delay_ms },
    requestTimeoutMs: c.request_timeout_sec * 1000,
    maxNudges: c.max_nudges,
    prompt: {
      ...(c.system_prompt_file ? { file: c.system_prompt_file } : {}),
      ...(c.prompt_version ? { version: c.prompt_version } : {}),
      ...(c.prompt_variant ? { variant: c.prompt_variant } : {}),
    },
  };
}

/** Cost of one response in US dollars, when prices are configured. */
export function costUsd(price: ResolvedOpenAIConfig['price'], tokens: { prompt: number; completion: number } | undefined): number | undefined {
  if (!price || !tokens) return undefined;
  return (tokens.prompt * price.prompt + tokens.completion * price.completion) / 1_000_000;
}
