import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HarnessError } from '../../errors.js';
import { packageRoot } from '../../paths.js';

/** The bundled system prompt used when the configuration names none. */
export const DEFAULT_PROMPT_VERSION = 'v1';

/** A system prompt with what identifies it in a trajectory header. */
export interface SystemPrompt {
  text: string;
  /** `system-v1` for a bundled prompt, `file:NAME` for one of your own. */
  version: string;
  /** Recorded as the trajectory's prompt variant. */
  variant: string;
  /** sha256 (hex) of `text`. */
  sha256: string;
  /** The custom prompt file, relative to the working directory. */
  file?: string;
}

/** Folder of the bundled, versioned prompts (`system-<version>.md`); shipped with the package. */
export function promptsDir(): string {
  return path.join(packageRoot(), 'src', 'agent', 'prompts');
}

async function readPrompt(file: string, what: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new HarnessError('CONFIG_INVALID', `cannot read ${what} ${file}${code ? ` (${code})` : ''}`);
  }
  if (!text.trim()) throw new HarnessError('CONFIG_INVALID', `${what} ${file} is empty`);
  return text.trim();
}

/**
 * Loads the system prompt: the file `system_prompt_file` names, or the bundled
 * `system-<prompt_version>.md` (default {@link DEFAULT_PROMPT_VERSION}). Throws `CONFIG_INVALID`
 * when it cannot be read or is empty.
 */
export async function loadSystemPrompt(options: { file?: string; version?: string; variant?: string }, cwd: string = process.cwd()): Promise<SystemPrompt> {
  let text: string;
  let version: string;
  let file: string | undefined;
  if (options.file) {
    const abs = path.resolve(cwd, options.file);
    text = await readPrompt(abs, 'system prompt file');
    file = path.relative(cwd, abs) || path.basename(abs);
    version = `file:${path.basename(abs)}`;
  } else {
    version = `system-${options.version ?? DEFAULT_PROMPT_VERSION}`;
    text = await readPrompt(path.join(promptsDir(), `${version}.md`), 'bundled prompt');
  }
  return {
    text,
    version,
    variant: options.variant ?? version,
    sha256: createHash('sha256').update(text).digest('hex'),
    ...(file ? { file } : {}),
  };
}
