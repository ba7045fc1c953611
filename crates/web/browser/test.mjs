// The page in a real browser: `cargo xtask test` builds dist/ and runs this with node.
// Screenshots go to artifacts/screenshots/. Closes with `browser: N passed, M failed`.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { serve, launch, artifacts, root, run, shot } from './harness.mjs';

const shots = join(artifacts, 'screenshots');
await mkdir(shots, { recursive: true });

const server = await serve();
const browser = await launch();
const problems = [];

async function open(hash = '', options = {}) {
  const page = await browser.newPage();
  if (options.colorScheme || options.reducedMotion) {
    await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light', reducedMotion: options.reducedMotion ?? 'no-preference' });
  }
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(server.url + hash);
  await page.waitForSelector('svg.picture g[data-kind="pod"]', { timeout: 20000 });
  return page;
}

const pod = (page, name) => page.locator(`svg.picture g[data-kind="pod"][data-name="${name}"]`);
const attr = (page, sel, name) => page.locator(sel).first().getAttribute(name);

async function seek(page, ms) {
  await page.locator('[data-testid=scrub]').fill(String(ms));
  await page.waitForFunction((t) => document.querySelector('svg.picture')?.dataset.t !== undefined
    && Math.abs(Number(document.querySelector('[data-testid=scrub]').value) - t) < 101, ms);
}

/** The picture's drawn box and the box that scrolls it, in CSS pixels. */
const fitted = (page) => page.evaluate(() => {
  const svg = document.querySelector('svg.picture');
  const box = svg.parentElement;
  const [, , w, h] = svg.getAttribute('viewBox').split(' ').map(Number);
  const r = svg.getBoundingClientRect();
  // The viewBox meets the element's box: the scale it is drawn at.
  return { scale: Math.min(r.width / w, r.height / h), height: r.height, box: box.clientHeight, boxWidth: box.clientWidth, width: r.width };
});

const tests = {
  async 'the page loads the example'() {
    const page = await open();
    assert.equal(await page.title(), 'Ordinal — watch a StatefulSet reconcile');
    assert.match(await page.locator('textarea.text').inputValue(), /kind: StatefulSet/);
    assert.equal(await pod(page, 'web-0').count(), 1);
    assert.equal(await page.locator('svg.picture g[data-kind="node"]').count(), 3);
    assert.equal(await page.locator('[data-testid=clock]').innerText(), '0:00.0');
    assert.ok(await page.locator('svg.picture g[data-kind="pod"] title').count() >= 1, 'pods have SVG titles');
    assert.match(await pod(page, 'web-0').getAttribute('aria-label'), /^Pod web-0/);
    // At Fit a small cluster is shown whole, storage chain included, not enlarged past the
    // bottom of its box.
    await seek(page, 30000);
    const fit = await fitted(page);
    assert.ok(fit.height <= fit.box, `the picture (${fit.height}px) fits its box (${fit.box}px)`);
    assert.ok(fit.scale >= 0.8, `drawn at ${fit.scale}`);
    await seek(page, 0);
    await shot(page, join(shots, '01-loaded.png'));
    // The style sheet in the WebAssembly is www/style.css with its comments and spaces dropped
    // (crates/web/build.rs): the browser reads the same rules from both.
    const source = await readFile(join(root, 'www', 'style.css'), 'utf8');
    const [written, shipped] = await page.evaluate((source) => {
      const rules = (text) => { const sheet = new CSSStyleSheet(); sheet.replaceSync(text); return [...sheet.cssRules].map((r) => r.cssText); };
      return [rules(source), rules(document.querySelector('head style').textContent)];
    }, source);
    assert.ok(written.length > 100, `${written.length} rules`);
    assert.deepEqual(shipped, written);
    await page.close();
  },

  async 'playing shows web-0, web-1 and web-2 reach Running in order'() {
    const page = await open();
    await page.locator('[data-testid=speed]').selectOption({ label: '16×' });
    await page.locator('[data-testid=play]').click();
    // Record, from the DOM, when each pod is first seen Running.
    const order = await page.evaluate(() => new Promise((resolve, reject) => {
      const seen = [];
      const started = performance.now();
      const look = () => {
        for (const g of document.querySelectorAll('svg.picture g[data-kind="pod"][data-status="Running"]')) {
          if (!seen.includes(g.dataset.name)) seen.push(g.dataset.name);
        }
        if (['web-0', 'web-1', 'web-2'].every((n) => seen.includes(n))) return resolve(seen);
        if (performance.now() - started > 30000) return reject(new Error(`only ${seen} Running`));
        requestAnimationFrame(look);
      };
      look();
    }));
    assert.deepEqual(order.slice(0, 3), ['web-0', 'web-1', 'web-2']);
    await page.keyboard.press('Space'); // pause
    await page.waitForTimeout(600);
    await shot(page, join(shots, '02-three-running.png'));
    const t = Number(await page.locator('[data-testid=scrub]').inputValue());
    assert.ok(t > 25000, `the clock moved (${t})`);
    await page.close();
  },

  async 'broken YAML shows a diagnostic at its line and keeps the last good picture'() {
    const page = await open();
    const text = await page.locator('textarea.text').inputValue();
    const line = text.split('\n').findIndex((l) => l.trim() === 'replicas: 3') + 1;
    assert.ok(line > 0);
    await page.locator('textarea.text').fill(text.replace('  replicas: 3\n', '  replicas: [3\n'));
    await page.waitForSelector('.diag.err', { timeout: 5000 });
    const lines = await page.locator('.diag.err button').evaluateAll((bs) => bs.map((b) => Number(b.dataset.line)));
    assert.ok(lines.length > 0);
    assert.ok(lines.every((l) => l >= line - 1 && l <= line + 2), `diagnostic lines ${lines} near ${line}`);
    assert.ok(await page.locator('.ln.err').count() >= 1, 'the gutter marks the line');
    assert.ok(await page.locator('.bl.err .lens').count() >= 1, 'the message sits at its line');
    assert.match(await page.locator('.stale').innerText(), /last version that worked/);
    assert.equal(await pod(page, 'web-0').count(), 1, 'the last good picture stays');
    await shot(page, join(shots, '03-broken-yaml.png'));
    // A pasted text often ends without a line break: a problem at its end is on its last line
    // (the YAML reader puts it on the line after, which the editor does not have).
    const cut = `${text.trimEnd()}\n  - {at: 12m, deletePod: [web-0`;
    await page.locator('textarea.text').fill(cut);
    await page.waitForFunction((n) => document.querySelectorAll('.diag.err').length > 0
      && [...document.querySelectorAll('.diag.err button')].some((b) => Number(b.dataset.line) === n), cut.split('\n').length, { timeout: 5000 });
    assert.equal(await page.locator('.gutter .ln.err').last().innerText(), String(cut.split('\n').length), 'the last line is marked');
    assert.equal(await page.locator('.gutter .numbers').innerText().then((t) => t.trim().split('\n').length), cut.split('\n').length);
    await page.locator('textarea.text').fill(text);
    await page.waitForSelector('.chip.ok', { timeout: 5000 });
    assert.equal(await page.locator('.diag.err').count(), 0);
    // A long paste leaves the view at its end: its first problem is brought into view once read.
    const long = `${text.replace('  replicas: 3\n', '  replicas: [3\n')}\n${'# a long comment\n'.repeat(400)}`;
    await page.locator('textarea.text').evaluate((a, v) => {
      a.dispatchEvent(new Event('paste', { bubbles: true }));
      a.value = v;
      a.scrollTop = a.scrollHeight;
      a.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }, long);
    await page.waitForSelector('.diag.err', { timeout: 5000 });
    await page.waitForFunction((n) => {
      const a = document.querySelector('textarea.text');
      const top = 8 + (n - 1) * 20;
      return top >= a.scrollTop && top + 20 <= a.scrollTop + a.clientHeight;
    }, line, { timeout: 5000 });
    await page.close();
  },

  async 'deleting a pod brings back the same name on the same claim'() {
    const page = await open();
    await seek(page, 40000);
    assert.equal(await pod(page, 'web-1').getAttribute('data-status'), 'Running');
    const firstUid = await pod(page, 'web-1').getAttribute('data-uid');
    const volume = await attr(page, 'svg.picture g[data-kind="pvc"][data-name="www-web-1"]', 'data-volume');
    assert.match(volume, /^pvc-/);
    await pod(page, 'web-1').click();
    await page.waitForSelector('[data-testid=inspector] >> text=Pod default/web-1');
    await shot(page, join(shots, '04-pod-chosen.png'));
    // Zoomed in, dragging the background pans the picture and keeps the pod chosen.
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    // A point of the background (no item under it), away from the scroll bars.
    const [bx, by] = await page.locator('.picture-scroll').evaluate((el) => {
      const r = el.getBoundingClientRect();
      for (let y = r.bottom - 40; y > r.top + 20; y -= 10) {
        for (let x = r.right - 40; x > r.left + 20; x -= 10) {
          const hit = document.elementFromPoint(x, y);
          if (el.contains(hit) && !hit.closest('[data-id]')) return [x, y];
        }
      }
      return [r.left + 10, r.top + 10];
    });
    await page.mouse.move(bx, by);
    await page.mouse.down();
    await page.mouse.move(bx - 200, by - 140, { steps: 6 });
    await page.mouse.up();
    const panned = await page.locator('.picture-scroll').evaluate((e) => [e.scrollLeft, e.scrollTop]);
    assert.ok(panned[0] > 0 && panned[1] > 0, `panned to ${panned}`);
    assert.equal(await page.getByTestId('inspector').getByText('Pod default/web-1').count(), 1, 'still chosen after the drag');
    // A drag that starts on a box pans too, and chooses nothing.
    const node = await page.locator('svg.picture g[data-kind="node"][data-name="node-2"]').boundingBox();
    const [nx, ny] = [node.x + node.width / 2, node.y + 12];
    await page.mouse.move(nx, ny);
    await page.mouse.down();
    await page.mouse.move(nx + 120, ny + 90, { steps: 6 });
    await page.mouse.up();
    const again = await page.locator('.picture-scroll').evaluate((e) => [e.scrollLeft, e.scrollTop]);
    assert.ok(again[0] < panned[0] && again[1] < panned[1], `panned from a node: ${panned} -> ${again}`);
    assert.equal(await page.getByTestId('inspector').getByText('Pod default/web-1').count(), 1, 'the node was not chosen');
    await page.getByRole('button', { name: /^Fit/ }).click();
    await page.getByTestId('inspector').getByRole('button', { name: 'Delete pod', exact: true }).click();
    await page.waitForSelector('.step-list >> text=delete pod web-1');
    assert.match(await page.locator('textarea.text').inputValue(), /- \{at: 40s, deletePod: web-1\}/);
    // Space after a click plays: the clicked button keeps the focus, not the key.
    const deletes = async () => (await page.locator('textarea.text').inputValue()).match(/deletePod: web-1/g).length;
    const before = await deletes();
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid=play][aria-label^="Pause"]');
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid=play][aria-label^="Play"]');
    assert.equal(await deletes(), before, 'Space did not press Delete pod again');
    await seek(page, 40500);
    assert.equal(await pod(page, 'web-1').getAttribute('data-status'), 'Terminating');
    await shot(page, join(shots, '05-pod-terminating.png'));
    await seek(page, 58000);
    assert.equal(await pod(page, 'web-1').getAttribute('data-status'), 'Running');
    // Across the jump the old pod left and the new one stands where it stood: the old one does
    // not fade out over it.
    const place = await pod(page, 'web-1').getAttribute('style');
    const covering = await page.locator('svg.picture g.ghost').evaluateAll((gs, s) => gs.filter((g) => g.getAttribute('style') === s).length, place);
    assert.equal(covering, 0, 'no ghost of the old pod covers the new one');
    assert.equal(await pod(page, 'web-1').getAttribute('data-claims'), 'www-web-1');
    assert.equal(await attr(page, 'svg.picture g[data-kind="pvc"][data-name="www-web-1"]', 'data-volume'), volume);
    // The same name, a new pod: a new uid, drawn as a new element.
    assert.match(firstUid, /^[0-9a-f-]{36}$/);
    assert.notEqual(await pod(page, 'web-1').getAttribute('data-uid'), firstUid);
    const log = await page.locator('[data-testid=log]').innerText();
    assert.match(log, /DELETED\s+pod\/web-1/);
    await shot(page, join(shots, '06-pod-back.png'));
    // Undo removes the step and the future it made.
    await page.locator('[data-testid=undo]').click();
    await page.waitForFunction(() => !document.querySelector('textarea.text').value.includes('at: 40s, deletePod'));
    await page.close();
  },

  async 'the keyboard drives time and reaches every control'() {
    const page = await open();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    const clock = (text) => page.waitForFunction((t) => document.querySelector('[data-testid=clock]').innerText === t, text, { timeout: 3000 });
    await page.keyboard.press('ArrowRight');
    await clock('0:00.1');
    await page.keyboard.press('ArrowRight');
    await clock('0:03.1');
    await page.keyboard.press('ArrowLeft');
    await clock('0:00.1');
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.querySelector('[data-testid=clock]').innerText.length >= 6);
    await page.keyboard.press('Home');
    await clock('0:00.0');
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid=play][aria-label^="Pause"]');
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid=play][aria-label^="Play"]');
    // Tab reaches a pod, and Enter chooses it.
    await pod(page, 'web-0').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=inspector] >> text=Pod default/web-0');
    // The keyboard goes on to the panel: its actions are the next Tabs (past the close button),
    // and Escape brings it back to the pod.
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid=inspector]'));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Delete pod');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=inspector] >> text=Pod default/web-0', { state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-id')), 'pod/default/web-0');
    // So does Space, on an item the keyboard focused (after a click it plays, above).
    await pod(page, 'web-0').focus();
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid=inspector] >> text=Pod default/web-0');
    assert.equal(await page.locator('[data-testid=play]').getAttribute('aria-label').then((l) => l.startsWith('Play')), true, 'still paused');
    await page.keyboard.press('Escape');
    await page.close();
  },

  async 'the editor widens by dragging its edge or by the arrow keys, and keeps its width'() {
    const page = await open();
    const width = () => page.evaluate(() => document.querySelector('.editor').offsetWidth);
    const before = await width();
    const handle = await page.locator('.splitter').boundingBox();
    const y = handle.y + handle.height / 2;
    await page.mouse.move(handle.x + handle.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(handle.x + 150, y, { steps: 5 });
    await page.mouse.up();
    const dragged = await width();
    assert.ok(Math.abs(dragged - (before + 145)) <= 2, `dragged from ${before} to ${dragged}`);
    // The picture is fitted again to its narrower box.
    const fit = await fitted(page);
    assert.ok(fit.width <= fit.boxWidth + 1, `picture ${fit.width} wide in a box of ${fit.boxWidth}`);
    await page.reload();
    await page.waitForSelector('svg.picture g[data-kind="pod"]');
    assert.equal(await width(), dragged, 'the width is kept for the next visit');
    // The arrows move the edge, not the time; End gives the picture its least.
    await page.locator('.splitter').focus();
    await page.keyboard.press('Shift+ArrowLeft');
    assert.equal(await width(), dragged - 96);
    assert.equal(await page.locator('[data-testid=clock]').innerText(), '0:00.0');
    await page.keyboard.press('End');
    const widest = await width();
    assert.equal(String(widest), await page.locator('.splitter').getAttribute('aria-valuemax'));
    assert.ok((await fitted(page)).boxWidth >= 370, 'the picture keeps its least width');
    await page.screenshot({ path: join(shots, '20-editor-widened.png') });
    // A double click gives the default back, for this visit and the next.
    await page.locator('.splitter').dblclick();
    assert.equal(await width(), before);
    assert.equal(await page.evaluate(() => localStorage.getItem('ordinal.editor-width')), null);
    await page.close();
  },

  async 'scaling from the panel refuses a bad count, undo keeps the focus, a refused object is an error'() {
    const page = await open();
    await page.locator('svg.picture g[data-kind="statefulset"]').first().click();
    const inspector = page.getByTestId('inspector');
    const field = inspector.getByLabel('Replicas');
    const scaleTo = inspector.getByRole('button', { name: 'Scale to' });
    await field.fill('-3');
    assert.equal(await scaleTo.isDisabled(), true, '-3 is refused');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.match(await inspector.innerText(), /Replicas: a whole number from 0 to 20000/);
    // Enter in the field scales, as the button does.
    const before = await page.locator('.step-list li').count();
    await field.fill('7');
    await field.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('.step-list li').length === n + 1, before);
    assert.match(await page.locator('.step-list').innerText(), /scale web to 7/);
    // Undo takes its step away and turns itself off: the focus stays in the steps list.
    await page.getByTestId('undo').click();
    await page.waitForFunction((n) => document.querySelectorAll('.step-list li').length === n, before);
    assert.equal(await page.evaluate(() => document.activeElement.closest('.steps') !== null), true, 'the focus is in the steps');
    // An object the cluster refuses is an error; the rest is simulated, and the badge says so.
    const text = await page.locator('textarea.text').inputValue();
    assert.ok(text.includes('metadata:\n  name: web\n'));
    await page.locator('textarea.text').fill(text.replace('metadata:\n  name: web\n', 'metadata:\n  name: web\n  namespace: prod\n'));
    await page.waitForSelector('.chip.warn', { timeout: 5000 });
    assert.match(await page.locator('.chip.warn').innerText(), /1 object refused/);
    assert.match(await page.locator('.diag.err').first().innerText(), /namespaces "prod" not found/);
    assert.equal(await page.locator('svg.picture g[data-kind="node"]').count(), 3, 'the rest is simulated');
    await page.close();
  },

  async 'failing a node from the node, in the dark theme'() {
    const page = await open('', { colorScheme: 'dark' });
    await seek(page, 30000);
    await page.locator('svg.picture g[data-kind="node"][data-name="node-1"]').click({ position: { x: 30, y: 12 } });
    await page.getByRole('button', { name: 'Fail node (power off)' }).click();
    await seek(page, 80000);
    assert.equal(await attr(page, 'svg.picture g[data-kind="node"][data-name="node-1"]', 'data-ready'), 'Unknown');
    // Probes and restarts are the kubelet's: on its silent node a pod's readiness and crash
    // actions are off, and the panel says why.
    await page.locator('svg.picture g[data-kind="pod"][data-node="node-1"]').first().click();
    const inspector = page.getByTestId('inspector');
    assert.equal(await inspector.getByRole('button', { name: 'Crash container' }).isDisabled(), true);
    assert.equal(await inspector.getByRole('button', { name: /readiness$/ }).isDisabled(), true);
    assert.equal(await inspector.getByRole('button', { name: 'Delete pod', exact: true }).isDisabled(), false);
    assert.match(await inspector.innerText(), /node-1 stopped answering: no kubelet runs this pod's probes/);
    await shot(page, join(shots, '07-dark-node-failed.png'));
    await page.close();
  },

  async 'on a phone the picture is laid out narrow and readable, and widens with the window'() {
    const page = await open();
    const rowsNow = () => {
      const ys = [...document.querySelectorAll('svg.picture g[data-kind="node"]')].map((g) => Math.round(g.getBoundingClientRect().y));
      return new Set(ys).size;
    };
    // Waits until the nodes stand in this many rows.
    const nodeRows = (rows) => page.waitForFunction(`(${rowsNow})() === ${rows}`);
    assert.equal(await page.evaluate(rowsNow), 1, 'three nodes in a row on a desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await nodeRows(3);
    const fit = await fitted(page);
    assert.ok(fit.scale >= 0.8, `drawn at ${fit.scale} on a phone`);
    await seek(page, 30000);
    await shot(page, join(shots, '18-phone.png'));
    // A pod far down the picture, chosen: its panel opens on screen, over the picture's
    // bottom, and the time controls stay at the top as the picture scrolls.
    await pod(page, 'web-0').scrollIntoViewIfNeeded();
    await pod(page, 'web-0').click();
    const inView = (sel) => page.locator(sel).evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight + 1 && r.height > 0; });
    assert.ok(await inView('[data-testid=inspector]'), 'the chosen pod\'s panel is on screen');
    assert.ok(await inView('[data-testid=play]'), 'the play button is on screen');
    await shot(page, join(shots, '19-phone-pod-chosen.png'));
    // Closed, it gives the focus back to the pod it was about.
    await page.getByTestId('inspector').getByRole('button', { name: /^Close/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-id')), 'pod/default/web-0');
    // The log's lines fit its width (their messages under them), the playhead's whole.
    const log = await page.locator('.log-lines').evaluate((e) => {
      const d = e.querySelector('.row.current .d');
      return { fits: e.scrollWidth <= e.clientWidth + 1, whole: !d || d.scrollWidth <= d.clientWidth + 1 };
    });
    assert.ok(log.fits && log.whole, JSON.stringify(log));
    // The Export menu opens on screen, over the sticky time bar, and its items take a tap.
    await page.evaluate(() => scrollTo(0, 0));
    await page.locator('details.menu > summary').click();
    const menu = await page.locator('.menu-items').boundingBox();
    assert.ok(menu && menu.x >= 0 && menu.x + menu.width <= 390 && menu.y >= 0, JSON.stringify(menu));
    const item = await page.getByRole('button', { name: 'Picture as SVG' }).boundingBox();
    const onTop = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.textContent, [item.x + 20, item.y + item.height / 2]);
    assert.equal(onTop, 'Picture as SVG', 'the menu item is what a tap there reaches');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1600, height: 1000 });
    await nodeRows(1);
    await page.close();
  },

  async 'the large example is compact and readable'() {
    const page = await open('#example=large', { reducedMotion: 'reduce' });
    await seek(page, 120000);
    assert.ok(await page.locator('svg.picture.compact').count() === 1);
    assert.ok(await page.locator('svg.picture g[data-kind="pod"]').count() >= 250);
    // Too tall to show whole at a readable scale: the full width, and it scrolls.
    const fit = await fitted(page);
    assert.ok(Math.abs(fit.width - fit.boxWidth) < 14 && fit.height > fit.box, JSON.stringify(fit));
    await shot(page, join(shots, '08-large.png'));
    await page.close();
  },
};

const failed = await run(tests, problems);
await browser.close();
await server.close();
process.exit(failed ? 1 : 0);
