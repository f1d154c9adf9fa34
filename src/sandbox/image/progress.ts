import type Docker from 'dockerode';

/** One event of the engine's build / import / pull progress stream. */
interface ProgressEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/**
 * Follows a progress stream to its end. The engine reports a failed build as an event in a
 * successful HTTP response, so errors are read out of the events rather than from the call.
 * Resolves with the text output; rejects with the first error event's message.
 */
export function followProgress(docker: Docker, stream: NodeJS.ReadableStream, onLine?: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let failure: string | undefined;
    docker.modem.followProgress(
      stream,
      (err: Error | null) => {
        if (err) reject(err);
        else if (failure) reject(new Error(failure));
        else resolve(lines.join(''));
      },
      (event: ProgressEvent) => {
        if (event.error) failure ??= event.errorDetail?.message ?? event.error;
        const text = event.stream ?? (event.status ? `${event.status}\n` : '');
        if (text) {
          lines.push(text);
          onLine?.(text.trimEnd());
        }
      },
    );
  });
}
