/**
 * Splits Docker's multiplexed attach stream (used when a container has no TTY) into stdout and
 * stderr payloads. Each frame is an 8-byte header — stream id, three zero bytes, a big-endian
 * length — followed by that many bytes; frames may arrive split across chunks.
 */
export class FrameDemux {
  private pending: Buffer = Buffer.alloc(0);

  constructor(
    private readonly onStdout: (chunk: Buffer) => void,
    private readonly onStderr: (chunk: Buffer) => void,
  ) {}

  /** Feeds raw bytes from the attach stream. */
  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) return;
      const payload = this.pending.subarray(8, 8 + size);
      if (this.pending[0] === 2) this.onStderr(payload);
      else this.onStdout(payload);
      this.pending = this.pending.subarray(8 + size);
    }
  }
}

/** Calls `onLine` for every complete newline-terminated line pushed into it. */
export class LineSplitter {
  private partial: Buffer[] = [];

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
      this.partial.push(chunk.subarray(start, i));
      this.onLine(Buffer.concat(this.partial).toString('utf8'));
      this.partial = [];
      start = i + 1;
    }
    if (start < chunk.length) this.partial.push(chunk.subarray(start));
  }
}
