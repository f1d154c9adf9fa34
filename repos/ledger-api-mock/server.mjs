#!/usr/bin/env node
// Mock server for the Ledger API v1.  See README.md for flags and chaos switches.

import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { createApp } from './lib/app.mjs';

// flag -> [option name, kind, default]
const FLAGS = {
  '--host': ['host', 'string', '127.0.0.1'],
  '--port': ['port', 'int', 8080],
  '--api-key': ['apiKeys', 'list', []],
  '--read-only-key': ['readOnlyKeys', 'list', []],
  '--seed': ['seed', 'int', 42],
  '--accounts': ['accounts', 'int', 3],
  '--transactions': ['transactions', 'int', 60],
  '--rate-limit-every': ['rateLimitEvery', 'int', 0],
  '--retry-after': ['retryAfter', 'int', 1],
  '--fail-every': ['failEvery', 'int', 0],
  '--malformed-every': ['malformedEvery', 'int', 0],
  '--slow-every': ['slowEvery', 'int', 0],
  '--slow-ms': ['slowMs', 'int', 3000],
  '--latency': ['latencyMs', 'int', 0],
  '--quiet': ['quiet', 'bool', false],
};

export const DEFAULTS = Object.freeze(Object.fromEntries(Object.values(FLAGS).map(([name, , value]) => [name, value])));

export function parseArgs(argv) {
  const options = { ...DEFAULTS, apiKeys: [], readOnlyKeys: [] };
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i];
    let value;
    if (flag.includes('=')) [flag, value] = [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)];
    const spec = FLAGS[flag];
    if (!spec) throw new Error(`unknown flag ${flag}`);
    const [name, kind] = spec;
    if (kind === 'bool') {
      options[name] = true;
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new Error(`${flag} needs a value`);
    }
    if (kind === 'int') {
      if (!/^\d+$/.test(value)) throw new Error(`${flag} expects a non-negative integer, got ${value}`);
      options[name] = Number(value);
    } else if (kind === 'list') {
      options[name].push(value);
    } else {
      options[name] = value;
    }
  }
  return options;
}

/** Start the mock. Resolves with `{ url, port, server, app, close }`. */
export function startServer(overrides = {}) {
  const options = { ...DEFAULTS, ...overrides };
  if (options.apiKeys.length === 0) throw new Error('at least one --api-key is required');
  const app = createApp(options);
  const server = http.createServer((req, res) => {
    app.handle(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address();
      const close = () => new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      resolve({ url: `http://${options.host}:${port}`, port, server, app, close });
    });
  });
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
    if (options.apiKeys.length === 0) throw new Error('at least one --api-key is required');
  } catch (err) {
    console.error(`ledger-api-mock: ${err.message}`);
    console.error('usage: node server.mjs --port 8080 --api-key KEY [--seed N] [chaos flags, see README.md]');
    process.exit(2);
  }
  const { url, close } = await startServer(options);
  console.log(`ledger-api-mock listening on ${url}`);
  const stop = () => close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
