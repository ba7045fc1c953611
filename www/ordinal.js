// Ordinal's embed script. Include it once:
//
//   <script src="https://your.site/ordinal/ordinal.js" defer></script>
//
// and every <pre class="ordinal"> block of YAML (or a ```ordinal fence, as mdBook or Docusaurus
// write it) becomes a live player when it scrolls into view. Options are data-
// attributes: data-autoplay, data-loop, data-speed, data-start, data-controls (full, minimal,
// none), data-height, data-theme (light, dark, auto), data-editor.
//
// It also defines window.Ordinal for hosts that drive players themselves:
//
//   const player = await Ordinal.render(element, yamlText, { controls: 'none' });
//   player.on('step', ({ index, count }) => ...);   // also an 'ordinal:step' DOM event
//   player.nextStep();                              // plays the next scenario step
//   (await Ordinal.player('my-block-id')).play();   // the player of a <pre class="ordinal" id=...>
//
// The WebAssembly (web_bg.wasm) and its glue (web.js) are loaded from beside this script, once,
// for all players. In ordinal.offline.js (`cargo xtask dist`) they are inlined before this
// script and nothing is fetched, so a page opened from disk works.
//
// No eval, no inline script, no markup made from the YAML: it works under
// Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'.
(() => {
  'use strict';
  if (globalThis.Ordinal && globalThis.Ordinal.render) return; // included twice

  const script = document.currentScript; // without a src when inline (the offline HTML)
  const base = new URL('.', script && script.src ? script.src : document.baseURI);
  // Written by hand, by mdBook (<pre><code class="language-ordinal">) and by Docusaurus (Prism:
  // <pre class="language-ordinal">).
  const SELECTOR = 'pre.ordinal, pre.language-ordinal, pre > code.language-ordinal';

  let loading = null;
  /** The WebAssembly, instantiated once; resolves to the glue module's exports. */
  function load() {
    if (!loading) {
      loading = (async () => {
        const inlined = globalThis.__ordinalGlue; // ordinal.offline.js: glue and wasm are here
        if (inlined && inlined.wasm) {
          const text = atob(inlined.wasm);
          const bytes = new Uint8Array(text.length);
          for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
          await inlined.default({ module_or_path: bytes });
          return inlined;
        }
        const glue = await import(new URL('web.js', base).href);
        await glue.default({ module_or_path: new URL('web_bg.wasm', base) });
        return glue;
      })();
    }
    return loading;
  }

  /** A player of `text` in `element`; resolves to its handle (see crates/web/src/api.rs). */
  async function render(element, text, options = {}) {
    const glue = await load();
    follow(element);
    return glue.render(element, String(text), options);
  }

  // The theme `auto` follows the page's own light or dark when the page declares one on <html>
  // (mdBook's themes and Docusaurus's switch set `color-scheme` there), else the reader's system.
  // The player's style sheet reads it as --ordinal-page-scheme, set on each player's element.
  const followed = new Set(); // WeakRefs to the elements players live in
  function pageScheme() {
    const scheme = getComputedStyle(document.documentElement).colorScheme.replace('only', '').trim();
    return scheme === 'dark' || scheme === 'light' ? scheme : '';
  }
  function paint(element, scheme) {
    if (scheme) element.style.setProperty('--ordinal-page-scheme', scheme);
    else element.style.removeProperty('--ordinal-page-scheme');
  }
  function follow(element) {
    if (followed.size === 0 && 'MutationObserver' in globalThis) {
      const repaint = () => {
        const scheme = pageScheme();
        for (const ref of followed) {
          const el = ref.deref();
          if (el) paint(el, scheme); else followed.delete(ref);
        }
      };
      const attributeFilter = ['class', 'style', 'data-theme'];
      new MutationObserver(repaint).observe(document.documentElement, { attributes: true, attributeFilter });
      if (document.body) new MutationObserver(repaint).observe(document.body, { attributes: true, attributeFilter });
    }
    followed.add(new WeakRef(element));
    paint(element, pageScheme());
  }

  /** The block's data- attributes, as options (unknown ones are reported by the player). */
  function optionsOf(el) {
    const options = {};
    for (const { name, value } of el.attributes) {
      if (name.startsWith('data-') && !name.startsWith('data-ordinal')) options[name.slice(5)] = value;
    }
    return options;
  }

  const observer = 'IntersectionObserver' in globalThis
    ? new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) start(entry.target);
      }
    }, { rootMargin: '200px' })
    : null;

  const pending = new WeakMap(); // host -> what to render, until it starts
  const started = new WeakMap(); // host -> promise of its player
  const hosts = new WeakMap(); // the block (and its <code>) -> its host

  function start(host) {
    const job = pending.get(host);
    if (!job) return started.get(host);
    pending.delete(host);
    if (observer) observer.unobserve(host);
    // The placeholder's height goes once the player (or its error) takes the place.
    const player = render(host, job.text, job.options).finally(() => { host.style.minHeight = ''; }).then((player) => {
      host.ordinalPlayer = player;
      host.dispatchEvent(new CustomEvent('ordinal:ready', { detail: player, bubbles: true }));
      return player;
    }, (error) => {
      host.textContent = 'Ordinal could not start: ' + (error && error.message ? error.message : error)
        + (location.protocol === 'file:' && !globalThis.__ordinalGlue
          ? ' (a page opened from a file cannot load web.js or web_bg.wasm: include ordinal.offline.js instead of ordinal.js)'
          : '');
      host.setAttribute('role', 'alert');
      throw error;
    });
    player.catch(() => {}); // reported in the page; a caller of player() still sees the error
    started.set(host, player);
    return player;
  }

  /** The player of a block (the element or its id), started now if it has not scrolled into
   * view yet: how a slide deck or a page's own buttons reach a player they did not render. */
  function player(block) {
    const el = typeof block === 'string' ? document.getElementById(block) : block;
    if (!el) return Promise.reject(new Error('Ordinal.player: no element ' + block));
    if (!hosts.has(el) && !el.classList.contains('ordinal-embed')) scan(el.parentNode || document);
    const host = hosts.get(el) || el;
    return start(host) || Promise.reject(new Error('Ordinal.player: the element is not an Ordinal block'));
  }

  /** The block's text. Docusaurus 3 (Prism) writes each line as <div class="token-line">…<br></div>,
   * with no newline characters: there a <br> stands for the line break. */
  function sourceOf(block) {
    if (!block.querySelector('br')) return block.textContent;
    const copy = block.cloneNode(true);
    copy.querySelectorAll('br').forEach((br) => br.replaceWith('\n'));
    return copy.textContent;
  }

  /** The <pre> of a block: itself, or the parent of a fence's <code>. */
  const preOf = (block) => (block.tagName === 'CODE' ? block.parentElement : block);

  /** What turning a block into a player needs from the page, read before anything is changed. */
  function measure(block) {
    const pre = preOf(block);
    // The code block's own frame goes too: Docusaurus wraps a fence in one with copy and
    // word-wrap buttons, which would float over the player.
    const frame = pre.closest('.theme-code-block') || pre;
    const options = Object.assign(optionsOf(pre), block === pre ? {} : optionsOf(block));
    // The player keeps the block's margins, so the text around it keeps its rhythm, and its
    // place while it loads, so the page does not jump (and an empty host still has an area to
    // scroll into view). The CSSOM drops a height it cannot read.
    const { marginTop, marginBottom } = getComputedStyle(frame);
    const height = options.height && /^\d+(\.\d+)?$/.test(options.height) ? options.height + 'px' : options.height;
    const minHeight = height || Math.max(pre.offsetHeight, 200) + 'px';
    return { block, pre, frame, options, text: sourceOf(block), style: { marginTop, marginBottom, minHeight } };
  }

  /** Puts a player host in place of a measured block; the block stays in the page, hidden (its
   * text is the source). */
  function place({ block, pre, frame, options, text, style }) {
    pre.setAttribute('data-ordinal-done', '');
    const host = document.createElement('div');
    host.className = 'ordinal-embed';
    Object.assign(host.style, style);
    frame.after(host);
    for (const el of new Set([pre, frame])) {
      el.hidden = true;
      // `hidden` alone loses to a host's `pre { display: block }` (reveal.js has one).
      el.style.setProperty('display', 'none', 'important');
    }
    hosts.set(pre, host);
    hosts.set(block, host);
    pending.set(host, { text, options });
    if (observer) observer.observe(host); else start(host);
  }

  /** Upgrades every block under `root` that is not a player yet. Every block is read before
   * any is changed, so the page is laid out once, not once per block. */
  function scan(root = document) {
    const pres = new Set();
    const blocks = [...root.querySelectorAll(SELECTOR)].filter((block) => {
      const pre = preOf(block);
      if (pre.hasAttribute('data-ordinal-done') || pres.has(pre)) return false;
      pres.add(pre);
      return true;
    });
    blocks.map(measure).forEach(place);
  }

  globalThis.Ordinal = { render, scan, load, player };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => scan());
  } else {
    scan();
  }
})();
