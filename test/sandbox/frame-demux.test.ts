import { describe, expect, it } from 'vitest';
import { FrameDemux, LineSplitter } from '../../src/sandbox/docker/frame-demux.js';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('FrameDemux', () => {
  it('splits stdout and stderr frames even when chunks cut through headers and payloads', () => {
    const out: string[] = [];
    const err: string[] = [];
    const demux = new FrameDemux((c) => out.push(c.toString()), (c) => err.push(c.toString()));
    const bytes = Buffer.concat([frame(1, 'hello '), frame(2, 'oops'), frame(1, 'world')]);
    for (let i = 0; i < bytes.length; i += 3) demux.push(bytes.subarray(i, i + 3));
    expect(out.join('')).toBe('hello world');
    expect(err.join('')).toBe('oops');
  });
});

describe('LineSplitter', () => {
  it('emits complete lines only, joining pieces across chunks', () => {
    const lines: string[] = [];
    const split = new LineSplitter((l) => lines.push(l));
    split.push(Buffer.from('{"a":'));
    split.push(Buffer.from('1}\n{"b"'));
    split.push(Buffer.from(':2}\n{"c":'));
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
  });
});
