import type { ChatCompletionFunctionTool, ChatCompletionMessageParam, ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';
import type { ToolSpec } from '../../tools/registry.js';
import type { AgentSession } from '../types.js';
import { costUsd } from './config.js';
import type { ResolvedOpenAIConfig } from './config.js';
import type { ChatProvider } from './provider.js';

/** What the model is told after a reply without a tool call. */
export const NUDGE = 'Use the tools; call submit when done.';

/** One tool call of an assistant message, with the raw arguments exactly as the model wrote them. */
export interface RawToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** Function definitions for the `tools` field of a request. */
export function functionTools(specs: readonly ToolSpec[]): ChatCompletionFunctionTool[] {
  return specs.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
}

/**
 * The tool calls of a reply, in order. The arguments stay the model's raw text (servers that send
 * an object get it serialised); a missing or already used id is replaced by `call_<turn>_<index>`,
 * and the replacement is what the conversation carries from then on.
 */
export function normalizeToolCalls(calls: readonly ChatCompletionMessageToolCall[] | null | undefined, turn: number, used: Set<string>): RawToolCall[] {
  const out: RawToolCall[] = [];
  (calls ?? []).forEach((call, i) => {
    const loose = call as { id?: unknown; function?: { name?: unknown; arguments?: unknown }; custom?: { name?: unknown; input?: unknown } };
    const fn = loose.function ?? (loose.custom ? { name: loose.custom.name, arguments: loose.custom.input } : undefined);
    const name = typeof fn?.name === 'string' ? fn.name : '';
    const raw = fn?.arguments;
    const args = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : JSON.stringify(raw);
    let id = typeof loose.id === 'string' && loose.id ? loose.id : `call_${turn}_${i + 1}`;
    if (used.has(id)) id = `call_${turn}_${i + 1}`;
    for (let n = 2; used.has(id); n++) id = `call_${turn}_${i + 1}_${n}`;
    used.add(id);
    out.push({ id, name, arguments: args });
  });
  return out;
}

function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : 0;
}

/** What the loop needs besides the session. */
export interface ChatLoopOptions {
  provider: Pick<ChatProvider, 'complete'>;
  config: Pick<ResolvedOpenAIConfig, 'model' | 'sampling' | 'price' | 'maxNudges'>;
  systemPrompt: string;
}

/**
 * The tool-calling loop: system prompt and task instructions, then request → record the assistant
 * message → run each tool call through the session with its raw arguments (the dispatcher judges
 * and records malformed calls; the model gets the error back as the tool result) → repeat, until
 * the session ends (submit, a limit) or the model keeps answering without tool calls after
 * `maxNudges` reminders in a row. Provider failures propagate as `HarnessError`s.
 */
export async function runChatLoop(session: AgentSession, options: ChatLoopOptions): Promise<void> {
  const { provider, config } = options;
  const tools = functionTools(session.tools);
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: options.systemPrompt },
    { role: 'user', content: session.task.instructions },
  ];
  session.message({ role: 'system', text: options.systemPrompt });
  session.message({ role: 'user', text: session.task.instructions });
  const used = new Set<string>();
  let nudges = 0;
  for (let turn = 1; !session.ended && !session.signal.aborted; turn++) {
    const reply = await provider.complete({ model: config.model, messages, ...(tools.length ? { tools } : {}), ...config.sampling }, session.signal);
    if (!reply) return;
    const message = reply.completion.choices[0]!.message;
    const calls = normalizeToolCalls(message.tool_calls, turn, used);
    const usage = reply.completion.usage;
    const tokens = usage ? { prompt: tokenCount(usage.prompt_tokens), completion: tokenCount(usage.completion_tokens) } : undefined;
    const cost = costUsd(config.price, tokens);
    const text = typeof message.content === 'string' ? message.content : '';
    session.message({
      role: 'assistant',
      text,
      ...(calls.length ? { toolCallIds: calls.map((c) => c.id) } : {}),
      ...(tokens ? { tokens } : {}),
      ...(cost !== undefined ? { costUsd: cost } : {}),
      latencyMs: reply.latencyMs,
    });
    messages.push({
      role: 'assistant',
      content: text || null,
      ...(calls.length ? { tool_calls: calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })) } : {}),
    });

    if (!calls.length) {
      if (nudges >= config.maxNudges) return;
      nudges += 1;
      messages.push({ role: 'user', content: NUDGE });
      session.message({ role: 'user', text: NUDGE });
      continue;
    }
    nudges = 0;
    for (const call of calls) {
      if (session.ended) return;
      const response = await session.call(call.name, call.arguments, call.id);
      messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(response) });
    }
  }
}
