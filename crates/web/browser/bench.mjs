// The page's benchmark (numbers, not pass/fail), run by `cargo xtask bench-web` on a release dist/:
// - the gzip size of everything the page downloads,
// - the time from navigation to the first drawn frame of the example,
// - frame times (p50/p95) while animating 300 pods on 30 nodes.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve, launch, dist } from './harness.mjs';

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const server = await serve();
const browser = await launch();

// 1. Size: every file the page requests when it opens (read in the browser, so a file the
// page does not load, such as the embed script, does not count), gzipped at level 9 as a static
// host would serve it. The files beside them in dist/ are listed for reference.
const loaded = new Set();
{
  const page = await browser.newPage();
  page.on('request', (r) => loaded.add(decodeURIComponent(new URL(r.url()).pathname).replace(/^\/$/, '/index.html').slice(1)));
  await page.goto(server.url);
  await page.waitForSelector('svg.picture g[data-kind="pod"]');
  await page.close();
}
let raw = 0;
let gz = 0;
for (const f of (await readdir(dist)).sort()) {
  const body = await readFile(join(dist, f));
  const z = gzipSync(body, { level: 9 }).length;
  if (loaded.has(f)) {
    raw += body.length;
    gz += z;
  }
  console.log(`  ${(loaded.has(f) ? '' : '(not loaded) ') + f}`.padEnd(42) + `${kb(body.length).padStart(10)} ${kb(z).padStart(10)} gzip`);
}
console.log(`download: ${kb(gz)} gzip (${kb(raw)} raw) in ${loaded.size} files; target 250 KB, goal 180 KB`);

// 2. First frame: navigation start to the first animation frame after the picture is in the DOM.
const firsts = [];
for (let i = 0; i < 5; i++) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector('svg.picture g[data-kind="pod"]')) {
        obs.disconnect();
        requestAnimationFrame(() => { window.__firstFrame = performance.now(); });
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(server.url);
  await page.waitForFunction(() => window.__firstFrame !== undefined);
  firsts.push(await page.evaluate(() => window.__firstFrame));
  await page.close();
}
console.log(`first frame: median ${quantile(firsts, 0.5).toFixed(0)} ms (runs: ${firsts.map((t) => t.toFixed(0)).join(', ')})`);

// 3. Frame times while 300 pods on 30 nodes move: the large example, played at 64x over the
// scale-up, then over the node failure, measuring requestAnimationFrame intervals.
const page = await browser.newPage();
await page.goto(server.url + '#example=large');
await page.waitForSelector('svg.picture g[data-kind="pod"]');
await page.locator('[data-testid=speed]').selectOption({ label: '64×' });
const frames = [];
// The main thread's own account of the work (Chrome's Performance domain): frame intervals alone
// cannot go below the display's 16.7 ms, so this shows how much of each frame the page uses.
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
const before = await metrics();
for (const start of [9000, 1_790_000]) {
  await page.locator('[data-testid=scrub]').fill(String(start));
  await page.locator('[data-testid=play]').click();
  frames.push(...await page.evaluate(() => new Promise((resolve) => {
    const deltas = [];
    let last = performance.now();
    const end = last + 4000;
    const tick = (now) => {
      deltas.push(now - last);
      last = now;
      if (now < end) requestAnimationFrame(tick); else resolve(deltas.slice(2));
    };
    requestAnimationFrame(tick);
  })));
  await page.locator('[data-testid=play]').click();
}
const after = await metrics();
const busy = (name) => ((after[name] - before[name]) * 1000) / frames.length;
const pods = await page.locator('svg.picture g[data-kind="pod"]').count();
console.log(`frames (${pods} pods on screen, ${frames.length} frames): p50 ${quantile(frames, 0.5).toFixed(1)} ms, p95 ${quantile(frames, 0.95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms; goal p95 < 16 ms`);
console.log(`main thread per frame: ${busy('TaskDuration').toFixed(1)} ms busy (script ${busy('ScriptDuration').toFixed(1)}, style ${busy('RecalcStyleDuration').toFixed(1)}, layout ${busy('LayoutDuration').toFixed(1)} ms)`);
await browser.close();
await server.close();
