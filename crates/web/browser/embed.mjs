// Embedding, sharing and exporting, in a real browser: players in a documentation page (also
// under a strict Content-Security-Policy), a host driving a player, the single offline file
// opened from disk with no network, a reveal.js deck from disk driving a player with its
// fragments, share links, hostile text, and every export.
// `cargo xtask test` builds dist/ (with `cargo xtask dist`'s offline file) and runs this with node.
// Closes with `browser: N passed, M failed`; screenshots go to artifacts/screenshots/.
import { mkdir, mkdtemp, copyFile, readFile, writeFile, cp } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { serve, launch, artifacts, dist, root, run, shot } from './harness.mjs';

const shots = join(artifacts, 'screenshots');
await mkdir(shots, { recursive: true });

const CSP = "script-src 'self' 'wasm-unsafe-eval'";
const server = await serve();
const strict = await serve({ headers: (path) => (path.endsWith('.html') ? { 'content-security-policy': CSP } : {}) });
const browser = await launch();
const problems = [];

function watch(page) {
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`a dialog opened: ${d.message()}`); d.dismiss(); });
  return page;
}

async function newPage() {
  return watch(await browser.newPage());
}

/** Runs `test(page, requests)` in a page with the network off and every request but file: and
 * data: aborted and listed; the network comes back whatever happens. */
async function offline(test) {
  const page = await newPage();
  const requests = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.context().setOffline(true);
  try {
    await test(page, requests);
  } finally {
    await page.context().setOffline(false);
    await page.close();
  }
}

/** The n-th embedded player's shadow root content, as a locator (Playwright's CSS pierces open shadow roots). */
const player = (page, n) => page.locator('.ordinal-embed').nth(n);
const clockOf = (page, n) => player(page, n).locator('.time .now').innerText();

const HOSTILE = '<img src=x onerror=alert(1)>';
const hostileYaml = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: "${HOSTILE}"
spec:
  serviceName: "<script>alert(2)</script>"
  replicas: 1
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
      containers: [{name: c, image: "<svg onload=alert(3)>"}]
`;

const tests = {
  async 'two embedded players render and play independently, styles kept apart'() {
    const page = await newPage();
    await page.goto(server.url + 'embed.html');
    await player(page, 0).locator('g[data-kind="pod"]').first().waitFor({ timeout: 20000 });
    await player(page, 1).locator('g[data-kind="pod"]').first().waitFor({ timeout: 20000 });
    assert.equal(await clockOf(page, 1), '1:00.0', 'data-start=1m');
    assert.equal(await player(page, 0).locator('[data-testid=speed]').count(), 0, 'minimal controls have no speed');
    assert.equal(await player(page, 1).locator('[data-testid=speed]').count(), 1, 'full controls do');
    // The host's `svg text { font-family: Comic Sans }` does not reach in.
    const font = await player(page, 0).locator('svg.picture text').first().evaluate((t) => getComputedStyle(t).fontFamily);
    assert.doesNotMatch(font, /Comic/);
    await player(page, 0).locator('[data-testid=play]').click();
    await page.waitForFunction(() => {
      const root = document.querySelectorAll('.ordinal-embed')[0].shadowRoot;
      return [...root.querySelectorAll('g[data-kind="pod"]')].filter((g) => g.dataset.status === 'Running').length >= 2;
    }, null, { timeout: 20000 });
    assert.notEqual(await clockOf(page, 0), '0:00.0', 'the first player moved');
    assert.equal(await clockOf(page, 1), '1:00.0', 'the second did not');
    // Keys belong to the player that has focus.
    await player(page, 1).locator('.ordinal-player').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelectorAll('.ordinal-embed')[1].shadowRoot.querySelector('.time .now').innerText !== '1:00.0');
    await shot(page, join(shots, '10-embed-two-players.png'), { fullPage: true });
    await page.close();
  },

  async 'a player told its height fits the picture, and zoomed it scrolls'() {
    const page = await newPage();
    await page.goto(server.url + 'embed.html');
    const p = player(page, 1);
    await p.scrollIntoViewIfNeeded();
    await p.locator('g[data-kind="pod"]').first().waitFor({ timeout: 20000 });
    const box = () => p.locator('.picture-scroll').evaluate((e) => ({ w: e.clientWidth, h: e.clientHeight, sw: e.scrollWidth, sh: e.scrollHeight }));
    // The width the picture is drawn at: its viewBox meets the element's box.
    const svg = () => p.locator('svg.picture').evaluate((e) => {
      const r = e.getBoundingClientRect();
      const [, , w, h] = e.getAttribute('viewBox').split(' ').map(Number);
      return w * Math.min(r.width / w, r.height / h);
    });
    const fit = await box();
    assert.ok(fit.sw <= fit.w && fit.sh <= fit.h, `the whole picture fits: ${JSON.stringify(fit)}`);
    const fitWidth = await svg();
    // Fitted, it meets the player's box: as wide as it, or as tall.
    const [, , vbw0, vbh0] = (await p.locator('svg.picture').getAttribute('viewBox')).split(' ').map(Number);
    const fitHeight = fitWidth * vbh0 / vbw0;
    assert.ok(fitWidth > fit.w - 14 || fitHeight > fit.h - 14, `fitted picture ${fitWidth}x${fitHeight}px in ${fit.w}x${fit.h}px`);
    // The box is much wider than the picture: the StatefulSet stands beside the nodes, not above.
    const rect = (kind) => p.locator(`g[data-kind="${kind}"]`).first().evaluate((e) => { const r = e.getBoundingClientRect(); return { l: r.left, r: r.right, t: r.top }; });
    const [set, node] = [await rect('statefulset'), await rect('node')];
    assert.ok(set.r < node.l && set.t < node.t, `StatefulSet ${JSON.stringify(set)} left of the nodes ${JSON.stringify(node)}`);
    await p.getByRole('button', { name: 'Zoom in' }).click();
    // One step up from the scale shown, as a browser's zoom: 61% fitted becomes 67%.
    const [, , vbw] = (await p.locator('svg.picture').getAttribute('viewBox')).split(' ').map(Number);
    const shown = fitWidth / vbw;
    const stepped = Number((await p.getByRole('button', { name: /^Fit, now/ }).innerText()).replace('%', '')) / 100;
    assert.ok(stepped > shown && stepped < shown * 1.35, `one step up from ${shown}: ${stepped}`);
    await p.getByRole('button', { name: 'Zoom in' }).click();
    const zoomed = await box();
    assert.ok(await svg() > fitWidth * 1.2, 'zooming in enlarges the picture');
    assert.ok(zoomed.sw > zoomed.w || zoomed.sh > zoomed.h, `and the view scrolls: ${JSON.stringify(zoomed)}`);
    // Dragging the background pans.
    const area = await p.locator('.picture-scroll').boundingBox();
    const scroll = () => p.locator('.picture-scroll').evaluate((e) => [e.scrollLeft, e.scrollTop]);
    const [left0, top0] = await scroll();
    await page.mouse.move(area.x + 6, area.y + 6);
    await page.mouse.down();
    await page.mouse.move(area.x - 60, area.y - 80, { steps: 5 });
    await page.mouse.up();
    const [left1, top1] = await scroll();
    assert.ok(left1 > left0 || top1 > top0, `dragging panned: ${[left0, top0]} -> ${[left1, top1]}`);
    await p.getByRole('button', { name: 'Fit' }).click();
    assert.equal(Math.round(await svg()), Math.round(fitWidth), 'Fit shows the whole picture again');
    await shot(p, join(shots, '17-embed-fixed-height.png'));
    await page.close();
  },

  async 'on a phone a player gets a narrow picture, and one told its height too, scrolling in it'() {
    const page = await newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url + 'embed.html');
    const rows = (n) => player(page, n).locator('g[data-kind="node"]').evaluateAll((gs) =>
      new Set(gs.map((g) => Math.round(g.getBoundingClientRect().y))).size);
    await player(page, 0).locator('g[data-kind="node"]').first().waitFor({ timeout: 20000 });
    // Three nodes of one pod column each: two fit side by side, the third goes under them.
    await page.waitForFunction(() => {
      const gs = document.querySelectorAll('.ordinal-embed')[0].shadowRoot.querySelectorAll('g[data-kind="node"]');
      return new Set([...gs].map((g) => Math.round(g.getBoundingClientRect().y))).size > 1;
    });
    const scale = await player(page, 0).locator('svg.picture').evaluate((e) => {
      const [, , w] = e.getAttribute('viewBox').split(' ').map(Number);
      return e.getBoundingClientRect().width / w;
    });
    assert.ok(scale >= 0.75, `drawn at ${scale}`);
    // Told its height (460), a narrow player keeps it and scrolls a readable narrow picture:
    // the wide one fitted in was drawn at half size, its text 4 or 5 px high.
    await player(page, 1).scrollIntoViewIfNeeded();
    await player(page, 1).locator('g[data-kind="node"]').first().waitFor({ timeout: 20000 });
    await page.waitForFunction(() => document.querySelectorAll('.ordinal-embed')[1].shadowRoot.querySelector('.ordinal-player.narrow'));
    const told = await player(page, 1).locator('svg.picture').evaluate((e) => {
      const [, , w] = e.getAttribute('viewBox').split(' ').map(Number);
      const scroller = e.closest('.picture-scroll');
      return { scale: e.getBoundingClientRect().width / w, scrolls: scroller.scrollHeight > scroller.clientHeight + 20,
        height: e.closest('.ordinal-player').getBoundingClientRect().height };
    });
    assert.ok(told.scale >= 0.75 && told.scrolls && Math.abs(told.height - 460) < 2, JSON.stringify(told));
    await page.close();
  },

  async 'a player whose column narrows without the window resizing is laid out again'() {
    const page = await newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.url + 'embed.html');
    await player(page, 0).locator('g[data-kind="node"]').first().waitFor({ timeout: 20000 });
    // How many rows the first player's nodes stand in, and a wait until it is `rows`.
    const nodeRows = (rows) => page.waitForFunction((rows) => {
      const gs = document.querySelectorAll('.ordinal-embed')[0].shadowRoot.querySelectorAll('g[data-kind="node"]');
      return new Set([...gs].map((g) => Math.round(g.getBoundingClientRect().y))).size === rows;
    }, rows, { timeout: 5000 });
    const setWidth = (w) => player(page, 0).evaluate((e, w) => { e.style.width = w; }, w);
    await nodeRows(1);
    // A documentation page's column folding to a phone's width: no resize event reaches the window.
    await setWidth('380px');
    await nodeRows(2);
    await setWidth('');
    await nodeRows(1);
    await page.close();
  },

  async 'theme auto follows the page\'s declared light or dark, else the system'() {
    const page = await newPage();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(server.url + 'embed.html');
    await player(page, 0).locator('g[data-kind="pod"]').first().waitFor({ timeout: 20000 });
    const background = (expected) => page.waitForFunction((expected) => {
      const root = document.querySelectorAll('.ordinal-embed')[0].shadowRoot;
      return getComputedStyle(root.querySelector('.ordinal-player')).backgroundColor === expected;
    }, expected, { timeout: 5000 });
    const [light, dark] = ['rgb(246, 247, 249)', 'rgb(15, 19, 24)'];
    await background(light);
    // As mdBook's dark themes and Docusaurus's switch do: the page says it is dark.
    await page.evaluate(() => { document.documentElement.style.colorScheme = 'dark'; });
    await background(dark);
    await page.evaluate(() => { document.documentElement.style.colorScheme = 'light'; });
    await page.emulateMedia({ colorScheme: 'dark' });
    await background(light);
    // A page that declares nothing: the reader's system.
    await page.evaluate(() => { document.documentElement.style.colorScheme = ''; });
    await background(dark);
    await page.close();
  },

  async 'a player starts only when scrolled into view, and a host drives it step by step'() {
    const page = await newPage();
    await page.setViewportSize({ width: 1000, height: 700 });
    await page.goto(server.url + 'embed.html');
    await player(page, 0).locator('g[data-kind="pod"]').first().waitFor({ timeout: 20000 });
    assert.equal(await page.evaluate(() => !!document.querySelectorAll('.ordinal-embed')[2].shadowRoot), false, 'not started while out of view');
    await page.locator('#next-step').scrollIntoViewIfNeeded();
    await player(page, 2).locator('g[data-kind="pod"]').first().waitFor({ timeout: 20000 });
    await page.locator('#next-step').click();
    await page.waitForFunction(() => document.getElementById('step-status').textContent === 'Step 1 of 3', null, { timeout: 20000 });
    // The step plays to just before the next one, then pauses there.
    const paused = await page.waitForFunction(() => {
      const p = document.querySelectorAll('.ordinal-embed')[2].ordinalPlayer;
      return p && !p.playing && p.time() > 100_000 ? p.time() : false;
    }, null, { timeout: 20000 });
    assert.equal(await paused.jsonValue(), 119_999);
    assert.equal(await page.locator('#step-status').innerText(), 'Step 1 of 3');
    const pods = await player(page, 2).locator('g[data-kind="pod"][data-status="Running"]').count();
    assert.equal(pods, 3, 'scaled to 3 during step 1');
    await page.locator('#next-step').click();
    await page.waitForFunction(() => document.getElementById('step-status').textContent === 'Step 2 of 3', null, { timeout: 20000 });
    await shot(page, join(shots, '11-embed-driven.png'));
    // The API reports what it knows.
    const api = await page.evaluate(() => {
      const p = document.querySelectorAll('.ordinal-embed')[2].ordinalPlayer;
      return { steps: Array.from(p.stepTimes()), errors: p.errors(), duration: p.duration() > 240_000 };
    });
    assert.deepEqual(api, { steps: [10_000, 120_000, 240_000], errors: [], duration: true });
    await page.close();
  },

  async 'code fences as mdBook and Docusaurus write them become players'() {
    const page = await newPage();
    await page.goto(server.url + 'embed.html');
    await page.waitForFunction(() => window.Ordinal);
    const yaml = await page.locator('#ordered').textContent();
    await page.evaluate((text) => {
      const escaped = text.split('\n').map((l) => l.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
      // Prism as Docusaurus 2 writes a line (a newline in each), and as Docusaurus 3 does (a <br>, no newline).
      const v2 = escaped.map((l) => `<span class="token-line">${l}\n</span>`).join('');
      const v3 = escaped.map((l) => `<div class="token-line"><span class="token plain">${l}</span><br></div>`).join('');
      const section = document.createElement('section');
      section.innerHTML = '<pre><code class="language-ordinal hljs" id="mdbook"></code></pre>'
        + `<pre class="prism-code language-ordinal" id="docusaurus"><code>${v2}</code></pre>`
        + `<div class="theme-code-block" id="frame3"><div class="codeBlockContent"><pre class="prism-code language-ordinal" id="docusaurus3"><code>${v3}</code></pre>`
        + '<div class="buttonGroup"><button>Copy</button></div></div></div>';
      section.querySelector('#mdbook').textContent = text;
      document.body.prepend(section);
      window.Ordinal.scan();
    }, yaml);
    for (const id of ['#mdbook', '#docusaurus', '#frame3']) {
      const host = page.locator(`section pre:has(${id}) + .ordinal-embed, ${id} + .ordinal-embed`).first();
      await host.scrollIntoViewIfNeeded();
      await host.locator('g[data-kind="pod"]').first().waitFor({ timeout: 20000 });
      const read = await host.evaluate((h) => h.ordinalPlayer.errors().length === 0 && h.ordinalPlayer.duration() > 20_000);
      assert.ok(read, `${id}: the whole scenario was read, line by line`);
    }
    // Docusaurus's frame, with its copy button, is hidden, not laid over the player.
    assert.equal(await page.locator('#frame3').isVisible(), false);
    await page.close();
  },

  async 'the players work under a strict Content-Security-Policy'() {
    const page = await newPage();
    const violations = [];
    await page.exposeFunction('reportViolation', (v) => violations.push(v));
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
    const response = await page.goto(strict.url + 'embed.html');
    assert.equal(response.headers()['content-security-policy'], CSP);
    await player(page, 0).locator('g[data-kind="pod"]').first().waitFor({ timeout: 20000 });
    await player(page, 0).locator('[data-testid=play]').click();
    await page.waitForFunction(() => document.querySelectorAll('.ordinal-embed')[0].shadowRoot.querySelector('.time .now').innerText !== '0:00.0');
    assert.deepEqual(violations, []);
    await page.close();
  },

  async 'the single file plays from disk with networking off'() {
    const dir = await mkdtemp(join(tmpdir(), 'ordinal-offline-'));
    const file = join(dir, 'slides.html');
    await copyFile(join(dist, 'web.offline.html'), file);
    await offline(async (page, requests) => {
      await page.goto(pathToFileURL(file).href);
      await page.locator('.ordinal-embed g[data-kind="pod"]').first().waitFor({ timeout: 30000 });
      await page.locator('.ordinal-embed [data-testid=speed]').selectOption({ label: '64×' });
      await page.locator('.ordinal-embed [data-testid=play]').click();
      await page.locator('.ordinal-embed g[data-kind="pod"][data-name="web-2"][data-status="Running"]').waitFor({ timeout: 30000 });
      await shot(page, join(shots, '12-offline-file.png'));
      assert.deepEqual(requests, [], 'nothing was fetched');
    });
  },

  async 'a reveal.js deck opened from disk with no network steps its player with fragments'() {
    // The README's reveal.js snippet, in a deck made the way reveal.js's own index.html is, with
    // ordinal.offline.js: the deck folder is all there is.
    const dir = await mkdtemp(join(tmpdir(), 'ordinal-deck-'));
    await cp(join(root, '.tools/node_modules/reveal.js/dist'), join(dir, 'reveal'), { recursive: true });
    await copyFile(join(dist, 'ordinal.offline.js'), join(dir, 'ordinal.offline.js'));
    const yaml = (await readFile(join(root, 'examples/web.yaml'), 'utf8')).replace(/&/g, '&amp;').replace(/</g, '&lt;');
    await writeFile(join(dir, 'deck.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Failover</title>
<link rel="stylesheet" href="reveal/reset.css"><link rel="stylesheet" href="reveal/reveal.css">
<link rel="stylesheet" href="reveal/theme/black.css"></head>
<body><div class="reveal"><div class="slides">
<section><h2>What a StatefulSet does when a node fails</h2></section>
<section>
  <pre class="ordinal" id="failover" data-controls="none" data-height="70vh" data-theme="dark" data-speed="1024">${yaml}</pre>
  <span class="fragment" data-step="0"></span><span class="fragment" data-step="1"></span>
</section>
</div></div>
<script src="reveal/reveal.js"></script>
<script src="ordinal.offline.js"></script>
<script>
  Reveal.initialize({ hash: false });
  Reveal.on('fragmentshown', async (e) =>
    (await Ordinal.player('failover')).playStep(Number(e.fragment.dataset.step)));
</script>
</body></html>
`);
    await offline(async (page, requests) => {
      await page.goto(pathToFileURL(join(dir, 'deck.html')).href);
      await page.waitForFunction(() => window.Reveal?.isReady());
      const host = page.locator('.ordinal-embed');
      const stopped = (at) => page.waitForFunction(async (at) => {
        const p = await window.Ordinal.player('failover');
        return !p.playing && p.time() === at;
      }, at, { timeout: 20000 });
      // Slide 2, then each fragment plays one scenario step and stops just before the next.
      await page.keyboard.press('ArrowRight');
      await host.locator('g[data-kind="pod"]').first().waitFor({ timeout: 30000 });
      await page.keyboard.press('ArrowRight');
      await stopped(149_999);
      await host.locator('g[data-kind="pod"][data-name="web-4"][data-status="Running"]').waitFor({ timeout: 5000 });
      assert.equal(await host.locator('g[data-kind="pod"][data-status="Running"]').count(), 5, 'step 0 scaled web to 5');
      await page.keyboard.press('ArrowRight');
      await stopped(239_999);
      assert.equal(await page.evaluate(async () => (await window.Ordinal.player('failover')).currentStep()), 1);
      await host.locator('g[data-kind="pod"][data-name="web-1"][data-status="Running"]').waitFor();
      await page.waitForTimeout(1000); // the change's motion settles
      await shot(page, join(shots, '16-reveal-deck-offline.png'));
      assert.deepEqual(requests, [], 'nothing was fetched');
    });
  },

  async 'a share link round-trips text and view'() {
    const page = await newPage();
    await page.goto(server.url);
    await page.waitForSelector('svg.picture g[data-kind="pod"]', { timeout: 20000 });
    const text = (await page.locator('textarea.text').inputValue()).replace('replicas: 3', 'replicas: 2');
    await page.locator('textarea.text').fill(text);
    await page.waitForSelector('.chip.ok', { timeout: 5000 });
    await page.locator('[data-testid=scrub]').fill('45000');
    await page.locator('[data-testid=speed]').selectOption({ label: '64×' });
    await page.locator('svg.picture g[data-kind="pod"][data-name="web-1"]').click();
    await page.locator('[data-testid=share]').click();
    const link = await page.locator('[data-testid=share-link]').inputValue();
    assert.match(link, /#v1=[A-Za-z0-9_-]+$/);
    assert.equal(page.url(), link, 'the address bar holds the link');
    // The box has the focus, leaves the time readout in view, and Escape gives the focus back.
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'share-link');
    const box = await page.locator('.link-box').boundingBox();
    const readout = await page.locator('[data-testid=speed]').boundingBox();
    assert.ok(box.x >= readout.x + readout.width, `the link box (from x ${box.x}) covers the speed (to x ${readout.x + readout.width})`);
    await page.keyboard.press('Escape');
    await page.waitForSelector('.link-box', { state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'share');
    await page.close();

    const other = await newPage();
    // Every text the editor shows, frame by frame: the shared one only, never the example first.
    await other.addInitScript(() => {
      window.__texts = [];
      const poll = () => {
        const value = document.querySelector('textarea.text')?.value;
        if (value && window.__texts.at(-1) !== value) window.__texts.push(value);
        requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
    await other.goto(link);
    await other.waitForFunction(() => document.querySelector('[data-testid=clock]')?.innerText === '0:45.0', null, { timeout: 20000 });
    assert.equal(await other.locator('textarea.text').inputValue(), text);
    assert.deepEqual(await other.evaluate(() => window.__texts), [text], 'the page showed another text before the shared one');
    assert.equal(await other.locator('[data-testid=speed]').inputValue(), '4');
    assert.equal(await other.locator('svg.picture g[data-kind="pod"][data-name="web-1"]').getAttribute('aria-pressed'), 'true');
    assert.equal(await other.locator('svg.picture g[data-kind="pod"][data-name="web-2"]').count(), 0, 'two replicas, as shared');
    await shot(other, join(shots, '13-share-restored.png'));
    await other.close();
  },

  async 'a damaged or oversized link says so and shows the example'() {
    for (const [hash, message] of [['#v1=AAAA%%%', /damaged.*not base64/], ['#v1=' + 'q'.repeat(300 * 1024), /too long/], ['#v1=c2hvcnQ', /damaged.*inflate|damaged.*Share button/]]) {
      const page = await newPage();
      await page.goto(server.url + hash);
      await page.waitForSelector('[data-testid=alert]', { timeout: 20000 });
      const alert = await page.locator('[data-testid=alert]').innerText();
      assert.match(alert, message);
      assert.doesNotMatch(alert, /\.\)|\.\s*\./, `one sentence, one full stop: ${alert}`);
      await page.waitForSelector('svg.picture g[data-kind="pod"]');
      if (hash.length < 100) await shot(page, join(shots, '14-damaged-link.png'));
      await page.close();
    }
  },

  async 'hostile names stay text, in the page and in a player'() {
    const page = await newPage();
    await page.goto(server.url);
    await page.waitForSelector('svg.picture g[data-kind="pod"]', { timeout: 20000 });
    await page.locator('textarea.text').fill(hostileYaml);
    await page.waitForSelector('.diag.err', { timeout: 5000 });
    const messages = await page.locator('.diagnostics').innerText();
    assert.ok(messages.includes(HOSTILE), `the name shows as text: ${messages}`);
    assert.equal(await page.locator('img').count(), 0);
    await page.close();

    const embed = await newPage();
    await embed.goto(server.url + 'embed.html');
    const before = problems.length;
    await embed.waitForFunction(() => window.Ordinal);
    await embed.evaluate(async (yaml) => {
      const div = document.createElement('div');
      div.id = 'hostile';
      document.body.prepend(div);
      window.hostile = await window.Ordinal.render(div, yaml, { height: '300px;background:url(x)', speed: '<b>' });
    }, hostileYaml);
    await embed.locator('#hostile .player-errors li').first().waitFor();
    const shown = await embed.locator('#hostile .player-errors').innerText();
    assert.ok(shown.includes(HOSTILE), shown);
    assert.equal(await embed.locator('#hostile img, #hostile script, #hostile b').count(), 0);
    assert.equal(await embed.locator('#hostile .player-warnings li').count(), 2, 'bad options are named');
    const errors = await embed.evaluate(() => window.hostile.errors());
    assert.ok(errors.length >= 1 && errors[0].startsWith('line 4:'), errors.join('\n'));
    await shot(embed, join(shots, '15-hostile.png'));
    // The two bad options are also reported on the console, as warnings: expected, and only those.
    const warned = problems.splice(before);
    assert.deepEqual(warned.map((w) => w.split(' ').slice(0, 3).join(' ')), ['warning: Ordinal: option', 'warning: Ordinal: option']);
    await embed.close();
  },

  async 'exports: SVG, PNG, animated SVG, the offline HTML and the offline embed script'() {
    const page = await newPage();
    await page.goto(server.url);
    await page.waitForSelector('svg.picture g[data-kind="pod"]', { timeout: 20000 });
    await page.locator('[data-testid=scrub]').fill('60000');
    const save = async (label) => {
      await page.locator('[data-testid=export]').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
      return { name: download.suggestedFilename(), body: await readFile(await download.path()) };
    };
    const svg = await save('Picture as SVG');
    assert.equal(svg.name, 'ordinal-1m00s0.svg');
    assert.match(svg.body.toString(), /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg".*web-0/s);
    const png = await save('Picture as PNG');
    assert.deepEqual([...png.body.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const anim = await save('Whole run as animated SVG');
    assert.match(anim.body.toString(), /<animate attributeName="display"/);
    const html = await save('Scenario as offline HTML');
    const file = html.body.toString();
    assert.ok(file.includes("render, wasm: 'AGFzbQ") && file.includes('kind: StatefulSet'), 'the wasm and the scenario are inside');
    const script = await save('Embed script for offline pages');
    assert.equal(script.name, 'ordinal.offline.js');
    assert.deepEqual(script.body, await readFile(join(dist, 'ordinal.offline.js')), 'the same file as cargo xtask dist writes');
    // The animated SVG loads as an image (what slides do with it).
    const frames = await page.evaluate(async (text) => {
      const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
      const look = document.createElement('img');
      look.src = url;
      document.body.append(look);
      await new Promise((r) => { look.onload = r; });
      return look.naturalWidth;
    }, anim.body.toString());
    assert.ok(frames > 100, 'the animation loads as an image');
    await page.close();
  },
};

const failed = await run(tests, problems);
await browser.close();
await server.close();
await strict.close();
process.exit(failed ? 1 : 0);
