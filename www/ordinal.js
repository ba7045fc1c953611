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
//
// The WebAssembly (web_bg.wasm) and its glue (web.js) are loaded from beside this script, once,
// for all players. In the single-file build they are inlined and nothing is fetched.
//
// No eval, no inline script, no markup made from the YAML: it works under
// Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'.
(() => {
  'use strict';
  if (globalThis.Ordinal && globalThis.Ordinal.render) return; // included twice

  const script = document.currentScript; // null when inlined in a module (the single file)
  const base = new URL('.', script && script.src ? script.src : document.baseURI);
  // Written by hand, by mdBook (<pre><code class="language-ordinal">) and by Docusaurus (Prism:
  // <pre class="language-ordinal">).
  const SELECTOR = 'pre.ordinal, pre.language-ordinal, pre > code.language-ordinal';

  let loading = null;
  /** The WebAssembly, instantiated once; resolves to the glue module's exports. */
  function load() {
    if (!loading) {
      loading = (async () => {
        const inlined = document.getElementById('ordinal-wasm');
        if (globalThis.__ordinalGlue && inlined) {
          const text = atob(inlined.textContent.trim());
          const bytes = new Uint8Array(text.length);
          for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
          await globalThis.__ordinalGlue.default({ module_or_path: bytes });
          return globalThis.__ordinalGlue;
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
    return glue.render(element, String(text), options);
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
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          start(entry.target);
        }
      }
    }, { rootMargin: '200px' })
    : null;

  const pending = new WeakMap();

  function start(host) {
    const job = pending.get(host);
    if (!job) return;
    pending.delete(host);
    render(host, job.text, job.options).then((player) => {
      host.style.minHeight = '';
      host.ordinalPlayer = player;
      host.dispatchEvent(new CustomEvent('ordinal:ready', { detail: player, bubbles: true }));
    }, (error) => {
      host.textContent = 'Ordinal could not start: ' + (error && error.message ? error.message : error);
      host.setAttribute('role', 'alert');
    });
  }

  /** Turns one block into a player host; the block stays in the page, hidden (its text is the source). */
  function upgrade(block) {
    const pre = block.tagName === 'CODE' ? block.parentElement : block;
    if (pre.hasAttribute('data-ordinal-done')) return;
    pre.setAttribute('data-ordinal-done', '');
    const options = Object.assign(optionsOf(pre), block === pre ? {} : optionsOf(block));
    const host = document.createElement('div');
    host.className = 'ordinal-embed';
    // Keep the block's place while the player loads, so the page does not jump.
    host.style.minHeight = options.height ? '' : Math.max(pre.offsetHeight, 200) + 'px';
    pre.after(host);
    pre.hidden = true;
    pending.set(host, { text: block.textContent, options });
    if (observer) observer.observe(host); else start(host);
  }

  /** Upgrades every block under `root` that is not a player yet. */
  function scan(root = document) {
    root.querySelectorAll(SELECTOR).forEach(upgrade);
  }

  globalThis.Ordinal = { render, scan, load };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => scan());
  } else {
    scan();
  }
})();
