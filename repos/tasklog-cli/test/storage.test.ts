import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { ConfigError, StorageError } from '../src/errors.js';
import { emptyLog, loadLog, saveLog } from '../src/storage.js';
import { entry, tempDir } from './helpers.js';

let dir = '';
let cleanup: () => void = () => {};

/** Every test gets a fresh temporary directory (registered per suite). */
function useTempDir(): void {
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterEach(() => {
    cleanup();
  });
}

describe('loadLog and saveLog', () => {
  useTempDir();

  test('a missing file is an empty log', () => {
    assert.deepEqual(loadLog(join(dir, 'nope.json')), emptyLog());
  });

  test('round-trips entries, creates parent directories and leaves no temp file', () => {
    const path = join(dir, 'nested', 'deeper', 'log.json');
    const log = { version: 1 as const, entries: [entry(1, '2024-01-01T09:00:00.000Z', null, ['work'])] };
    saveLog(path, log);
    assert.deepEqual(loadLog(path), log);
    assert.deepEqual(readdirSync(join(dir, 'nested', 'deeper')), ['log.json']);
    assert.ok(readFileSync(path, 'utf8').endsWith('}\n'));
  });

  test('upgrades the legacy bare-array format with optional tags', () => {
    const path = join(dir, 'log.json');
    writeFileSync(path, JSON.stringify([{ id: 3, description: 'old', start: '2023-05-01T10:00:00Z', end: '2023-05-01T11:00:00Z' }]));
    assert.deepEqual(loadLog(path), {
      version: 1,
      entries: [{ id: 3, description: 'old', tags: [], start: '2023-05-01T10:00:00Z', end: '2023-05-01T11:00:00Z' }],
    });
  });

  test('rejects invalid JSON and files from a newer version', () => {
    const path = join(dir, 'log.json');
    writeFileSync(path, '{"version":1,');
    assert.throws(() => loadLog(path), (err: unknown) => err instanceof StorageError && err.message.includes(path));
    writeFileSync(path, JSON.stringify({ version: 2, entries: [] }));
    assert.throws(() => loadLog(path), /newer tasklog/);
  });

  test('rejects duplicate ids and entries that end before they start', () => {
    const path = join(dir, 'log.json');
    const a = entry(1, '2024-01-01T09:00:00Z', '2024-01-01T10:00:00Z');
    writeFileSync(path, JSON.stringify({ version: 1, entries: [a, { ...a }] }));
    assert.throws(() => loadLog(path), /duplicate id 1/);
    writeFileSync(path, JSON.stringify({ version: 1, entries: [{ ...a, end: '2024-01-01T08:00:00Z' }] }));
    assert.throws(() => loadLog(path), /ends before it starts/);
  });
});

describe('loadConfig', () => {
  useTempDir();

  test('falls back to defaults under the home directory when no config file exists', () => {
    const { config, warnings, path } = loadConfig({ env: {}, homeDir: dir, cwd: '/' });
    assert.equal(path, join(dir, '.tasklogrc.json'));
    assert.deepEqual(config, {
      dataFile: join(dir, '.tasklog', 'log.json'),
      utcOffsetMinutes: 0,
      roundToMinutes: 1,
      defaultTags: [],
    });
    assert.deepEqual(warnings, []);
  });

  test('reads the config file and resolves a relative dataFile against its directory', () => {
    mkdirSync(join(dir, 'etc'));
    const configPath = join(dir, 'etc', 'tasklog.json');
    writeFileSync(
      configPath,
      JSON.stringify({ dataFile: 'data/log.json', utcOffsetMinutes: '+01:00', roundToMinutes: 15, defaultTags: ['#Work'] }),
    );
    const { config } = loadConfig({ env: { TASKLOG_CONFIG: configPath }, homeDir: dir, cwd: '/' });
    assert.deepEqual(config, {
      dataFile: join(dir, 'etc', 'data', 'log.json'),
      utcOffsetMinutes: 60,
      roundToMinutes: 15,
      defaultTags: ['work'],
    });
  });

  test('environment variables override the file and an explicit path overrides TASKLOG_CONFIG', () => {
    const fileA = join(dir, 'a.json');
    const fileB = join(dir, 'b.json');
    writeFileSync(fileA, JSON.stringify({ dataFile: '~/a-log.json', utcOffsetMinutes: 60 }));
    writeFileSync(fileB, JSON.stringify({ dataFile: '~/b-log.json', utcOffsetMinutes: 120 }));
    const fromExplicit = loadConfig({ env: { TASKLOG_CONFIG: fileA }, homeDir: dir, cwd: '/', configPath: fileB });
    assert.equal(fromExplicit.config.dataFile, join(dir, 'b-log.json'));
    const env = { TASKLOG_CONFIG: fileA, TASKLOG_FILE: 'rel/log.json', TASKLOG_UTC_OFFSET: '+05:30' };
    const { config } = loadConfig({ env, homeDir: dir, cwd: '/work' });
    assert.equal(config.dataFile, '/work/rel/log.json');
    assert.equal(config.utcOffsetMinutes, 330);
  });

  test('unknown keys are warnings while invalid values are errors', () => {
    const configPath = join(dir, 'rc.json');
    writeFileSync(configPath, JSON.stringify({ dataFiel: 'typo.json' }));
    const { warnings } = loadConfig({ env: {}, homeDir: dir, cwd: '/', configPath });
    assert.deepEqual(warnings, [`${configPath}: unknown config key "dataFiel"`]);
    for (const bad of [{ roundToMinutes: 0 }, { utcOffsetMinutes: '+25:00' }, { defaultTags: ['no spaces'] }, { dataFile: '' }]) {
      writeFileSync(configPath, JSON.stringify(bad));
      assert.throws(() => loadConfig({ env: {}, homeDir: dir, cwd: '/', configPath }), ConfigError);
    }
    writeFileSync(configPath, 'not json');
    assert.throws(() => loadConfig({ env: {}, homeDir: dir, cwd: '/', configPath }), ConfigError);
    assert.equal(existsSync(join(dir, '.tasklog')), false);
  });
});
