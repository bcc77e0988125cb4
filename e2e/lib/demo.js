// Starts `tongban demo` in a new data folder on free loopback ports and reads the portal
// addresses and the one-time passwords from what it prints.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPOSITORY = resolve(import.meta.dirname, '..', '..');
const START_TIMEOUT_MS = 180_000;

/** The `tongban` binary: $TONGBAN_BIN, or the debug build of this checkout. */
function binary() {
  return process.env.TONGBAN_BIN ?? join(REPOSITORY, 'target', 'debug', 'tongban');
}

/** Resolves with true when `port` on 127.0.0.1 can be bound. */
function portIsFree(port) {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** Finds a base port whose next three ports are free too, in the range 20000–29999. */
async function freeBasePort() {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20000 + Math.floor(Math.random() * 2500) * 4;
    const checks = await Promise.all([0, 1, 2, 3].map((offset) => portIsFree(base + offset)));
    if (checks.every(Boolean)) {
      return base;
    }
  }
  throw new Error('no four consecutive free loopback ports found in 20000–29999');
}

/** Parses the demo's welcome text: portal lines and account lines. */
export function parseWelcome(text) {
  const urls = {};
  const passwords = {};
  for (const line of text.split('\n')) {
    const portal = line.match(/^\s+(hub|gd|zj|mps)\s+(http:\/\/127\.0\.0\.1:\d+)\s/);
    if (portal) {
      urls[portal[1]] = portal[2];
    }
    const account = line.match(/^\s+(hub|gd|zj|mps)\s+(admin|clerk)\s+(\S+)\s+(\S+)\s*$/);
    if (account) {
      passwords[account[3]] = account[4];
    }
  }
  return { urls, passwords };
}

/**
 * Starts the demo and resolves once it printed its stop hint (the last line of its welcome).
 * Returns the portal addresses, the passwords by login name and a `stop()` that ends it.
 */
export async function startDemo() {
  if (process.env.TONGBAN_WALK_ATTACH) {
    // A demo started by hand, whose welcome text was saved to this file: quicker while
    // changing the walk. It is left running.
    const text = readFileSync(process.env.TONGBAN_WALK_ATTACH, 'utf8');
    return { ...parseWelcome(text), stop: async () => {}, logs: () => '' };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'tongban-walk-'));
  const basePort = await freeBasePort();
  const child = spawn(binary(), ['demo', '--data-dir', dataDir, '--base-port', String(basePort)], {
    cwd: REPOSITORY,
    env: { ...process.env, TONGBAN_LANG: 'en', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk) => {
    errors = (errors + chunk).slice(-20_000);
  });
  const lastLines = () => errors.trimEnd().split('\n').slice(-15).join('\n');
  const ready = new Promise((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`the demo did not start within ${START_TIMEOUT_MS / 1000} s:\n${lastLines()}`)),
      START_TIMEOUT_MS,
    );
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (/Ctrl-C/.test(output)) {
        clearTimeout(timer);
        done();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the demo exited with ${code} before it was ready:\n${lastLines()}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(new Error(`cannot start ${binary()}: ${error.message}`));
    });
  });
  await ready;

  const { urls, passwords } = parseWelcome(output);
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGINT');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { urls, passwords, stop, logs: () => errors };
}
