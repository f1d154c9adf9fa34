import { VERSION } from '../../version.js';
import type { Agent, AgentFactory, AgentSession } from '../types.js';
import { resolveOpenAIConfig } from './config.js';
import type { ResolvedOpenAIConfig } from './config.js';
import { runChatLoop } from './loop.js';
import { loadSystemPrompt } from './prompt.js';
import type { SystemPrompt } from './prompt.js';
import { ChatProvider } from './provider.js';
import type { RetryListener } from './provider.js';

export { OpenAIAgentConfigSchema, resolveOpenAIConfig } from './config.js';
export type { OpenAIAgentConfig, ResolvedOpenAIConfig } from './config.js';
export { NUDGE, runChatLoop } from './loop.js';
export { loadSystemPrompt } from './prompt.js';
export { ChatProvider } from './provider.js';

/**
 * What the trajectory header records of the agent: endpoint, model, sampling, retry policy and
 * which system prompt (version, variant, sha256). Never the key — only where it came from.
 */
export function recordedConfig(config: ResolvedOpenAIConfig, prompt: SystemPrompt): Record<string, unknown> {
  return {
    base_url: config.displayBaseURL,
    model: config.model,
    api_key_source: config.apiKeySource,
    ...config.sampling,
    prompt_version: prompt.version,
    prompt_variant: prompt.variant,
    system_prompt_sha256: prompt.sha256,
    ...(prompt.file ? { system_prompt_file: prompt.file } : {}),
    ...(config.price ? { price_per_million: config.price } : {}),
    max_retries: config.retry.maxRetries,
    retry_base_delay_ms: config.retry.baseDelayMs,
    retry_max_delay_ms: config.retry.maxDelayMs,
    request_timeout_sec: config.requestTimeoutMs / 1000,
    max_nudges: config.maxNudges,
  };
}

/** `openai:MODEL`: a Chat Completions tool-calling loop against any OpenAI-compatible endpoint. */
export class OpenAIAgent implements Agent {
  readonly name = 'openai';
  readonly version = VERSION;
  readonly model: string;
  readonly config: Record<string, unknown>;
  readonly promptVariant: string;
  readonly secrets: string[];

  constructor(
    private readonly resolved: ResolvedOpenAIConfig,
    private readonly prompt: SystemPrompt,
    private readonly onRetry?: RetryListener,
  ) {
    this.model = resolved.model;
    this.config = recordedConfig(resolved, prompt);
    this.promptVariant = prompt.variant;
    this.secrets = [...resolved.secrets];
  }

  async run(session: AgentSession): Promise<void> {
    const provider = new ChatProvider(this.resolved, session.seed, this.onRetry);
    await runChatLoop(session, { provider, config: this.resolved, systemPrompt: this.prompt.text });
  }
}

/**
 * Factory for `openai:MODEL`. Configuration (`--agent-config`): `base_url`, `api_key_env`,
 * `temperature`, `top_p`, `max_tokens`, `system_prompt_file` or `prompt_version`,
 * `prompt_variant`, `price_per_million` {prompt, completion}, `max_retries`,
 * `retry_base_delay_ms`, `retry_max_delay_ms`, `request_timeout_sec`, `max_nudges`; environment:
 * `OPENAI_BASE_URL`, `OPENAI_API_KEY`.
 */
export const openaiAgent: AgentFactory = async (ctx) => {
  const resolved = resolveOpenAIConfig(ctx.arg, ctx.config);
  const prompt = await loadSystemPrompt(resolved.prompt);
  return new OpenAIAgent(resolved, prompt);
};
