// Shared by the browser tests and the page benchmark: a static server for dist/ and a headless
// Chromium from the system (never downloaded), driven by playwright-core.
import { createServer } from 'node:http';
import { readFile, mkdtemp } from 'node:fs/promises';
import { join, extname, normalize } from 'node:path';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

export const root = new URL('../../../', import.meta.url).pathname;
export const dist = join(root, 'dist');
export const artifacts = join(root, 'artifacts');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
};

/** Serves dist/ on 127.0.0.1 at a free port; resolves to { url, close }. `headers(path)` may add
 * response headers (a Content-Security-Policy, for instance). */
export async function serve({ headers = () => ({}) } = {}) {
  const server = createServer(async (req, res) => {
    try {
      let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (path.endsWith('/')) path += 'index.html';
      const file = normalize(join(dist, path));
      if (!file.startsWith(dist)) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers(path) });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Headless Chromium with a fresh profile, no network beyond 127.0.0.1. */
export async function launch() {
  const profile = await mkdtemp(join(tmpdir(), 'ordinal-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1600, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Runs `tests` (name -> async function) one after another. A test fails if it throws or if it
 * added anything to `problems` (console errors and warnings, page errors). `ONLY=regex` runs the
 * tests whose names match. Prints `ok`/`not ok` lines and the closing
 * `browser: N passed, M failed` that `cargo xtask test` reads; resolves to the failure count.
 */
export async function run(tests, problems) {
  const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null;
  let passed = 0;
  let failed = 0;
  for (const [name, test] of Object.entries(tests)) {
    if (only && !only.test(name)) continue;
    const before = problems.length;
    try {
      await test();
      const fresh = problems.slice(before);
      assert.deepEqual(fresh, [], 'no console errors');
      passed += 1;
      console.log(`ok - ${name}`);
    } catch (e) {
      failed += 1;
      console.log(`not ok - ${name}\n  ${String(e.stack || e).split('\n').slice(0, 6).join('\n  ')}`);
    }
  }
  console.log(`screenshots: ${join(artifacts, 'screenshots')}`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  return failed;
}

/** A screenshot once the page's transitions have finished (a colour caught halfway through its
 * fade says nothing true), or after two seconds if something keeps moving (the page playing). */
export async function shot(target, path, options = {}) {
  const page = typeof target.page === 'function' ? target.page() : target;
  await page.waitForFunction(() => {
    const roots = [document, ...[...document.querySelectorAll('*')].map((e) => e.shadowRoot).filter(Boolean)];
    return roots.flatMap((r) => r.getAnimations()).every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity);
  }, null, { timeout: 2000, polling: 50 }).catch(() => {});
  await target.screenshot({ path, ...options });
}
