// Site search over the edition's Pagefind index (pagefind/, written by digest/search_index.py).
//
// The index holds every pair of neighbouring Han characters of a page and every single one, so
// a query is turned into its pairs (联影小镇 → 联影 影小 小镇), which Pagefind finds together;
// a page is shown only if its text, rebuilt from its tokens, holds the query as written
// (高淳 never matches 高端). Query and text are folded to Simplified characters with the table
// in pagefind/digest-search.json (OpenCC t2s, character for character), so either script finds
// either edition's pages; a query that is a park's or region's name also asks for its other
// names (the same file's alias groups). Nothing is downloaded until the reader opens the search.
(() => {
  "use strict";
  const root = document.querySelector("[data-digest-search]");
  if (!root) return;
  const HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"; // as digest/search_index.py
  const HAN_RUN = new RegExp(`[${HAN}]+`, "g");
  const IS_HAN = new RegExp(`^[${HAN}]+$`);
  const HAS_HAN = new RegExp(`[${HAN}]`);
  const MAX_CHECKED = 50;   // candidate pages whose text is checked for one query
  const CONTEXT = 40;       // characters of excerpt before the first match

  const base = new URL(root.dataset.digestSearch, location.href);
  const input = root.querySelector(".md-search__input");
  const form = root.querySelector("form");
  const meta = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const toggle = document.getElementById("__search");
  const config = JSON.parse(document.getElementById("__config").textContent);
  const t = key => config.translations[key] || "";

  let engine = null;
  function load() {
    engine ??= Promise.all([
      import(new URL("pagefind.js", base).href).then(async pagefind => { await pagefind.init(); return pagefind; }),
      fetch(new URL("digest-search.json", base)).then(r => r.json()),
    ]).then(([pagefind, data]) => {
      const table = new Map();
      const [from, to] = data.fold.map(s => Array.from(s));
      from.forEach((c, i) => table.set(c, to[i]));
      // Character for character: offsets in the folded text are offsets in the page's text.
      const fold = s => Array.from(s, c => table.get(c) ?? c).join("").replace(/[A-Z]/g, c => c.toLowerCase());
      return { pagefind, data, fold };
    });
    return engine;
  }

  // --------------------------------------------------------------------- query

  // Pagefind's terms for one word of the query: Han runs as their pairs, the rest as words.
  function terms(word) {
    const out = [];
    let pos = 0;
    for (const m of word.matchAll(HAN_RUN)) {
      out.push(word.slice(pos, m.index));
      const run = Array.from(m[0]);
      if (run.length === 1) out.push(run[0]);
      for (let i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      pos = m.index + m[0].length;
    }
    out.push(word.slice(pos));
    return out.map(s => s.replace(/[^\p{L}\p{N}._-]+/gu, " ").trim()).filter(Boolean);
  }

  // The words a page must contain as written: the Han parts of each word of the query.
  const needles = query => query.split(" ").filter(w => HAS_HAN.test(w));

  // The query, then the other names of the park or region it names.
  function variants(query, data) {
    const out = [query];
    for (const group of data.aliases)
      if (group.includes(query)) for (const name of group) if (!out.includes(name)) out.push(name);
    return out;
  }

  // --------------------------------------------------------------------- page text

  // The page's text from its tokens (南京 京高 高淳 淳区 区 → 南京高淳区), up to the sentinel
  // that starts the folded copies.
  function decode(content, sentinel) {
    const cut = content.indexOf(` ${sentinel}`);
    let out = "", prev = "";
    for (const token of (cut < 0 ? content : content.slice(0, cut)).split(" ")) {
      if (!token) continue;
      const chars = Array.from(token);
      if (chars.length <= 2 && IS_HAN.test(token)) {
        if (prev === "end") out += " ";     // two runs: something not Han stood between them
        out += chars[0];
        prev = chars.length === 2 ? "run" : "end";
      } else {
        if (prev === "word" && /[\p{L}\p{N})\].,;:!?%]$/u.test(out) && /^[\p{L}\p{N}(\[]/u.test(token)) out += " ";
        out += token;
        prev = "word";
      }
    }
    return out;
  }

  const escapeHtml = s => s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

  // `text` with every occurrence of `words` (found in `folded`, same offsets) marked.
  function mark(text, folded, words, from = 0, to = text.length) {
    const spans = [];
    for (const w of words) {
      const needle = w.toLowerCase();
      if (!needle) continue;
      for (let i = folded.indexOf(needle, from); i >= 0 && i < to; i = folded.indexOf(needle, i + needle.length))
        spans.push([i, Math.min(i + needle.length, to)]);
    }
    spans.sort((a, b) => a[0] - b[0]);
    let html = "", pos = from;
    for (const [s, e] of spans) {
      if (s < pos) continue;
      html += escapeHtml(text.slice(pos, s)) + "<mark>" + escapeHtml(text.slice(s, e)) + "</mark>";
      pos = e;
    }
    return html + escapeHtml(text.slice(pos, to));
  }

  function excerpt(text, folded, words) {
    let first = -1;
    for (const w of words) {
      const i = folded.indexOf(w.toLowerCase());
      if (i >= 0 && (first < 0 || i < first)) first = i;
    }
    const from = Math.max(0, first - CONTEXT);
    const to = Math.min(text.length, from + 3 * CONTEXT);
    return (from > 0 ? "… " : "") + mark(text, folded, words, from, to) + (to < text.length ? " …" : "");
  }

  // --------------------------------------------------------------------- search

  async function search(raw) {
    const { pagefind, data, fold } = await load();
    const query = fold(raw.normalize("NFC")).trim().split(/\s+/).join(" ");
    if (!query) return null;
    const names = variants(query, data);
    const candidates = new Map();
    for (const [rank, name] of names.entries()) {
      const asked = name.split(" ").flatMap(terms).join(" ");
      if (!asked) continue;
      const found = await pagefind.search(asked);
      for (const result of found?.results ?? [])
        if (!candidates.has(result.id)) candidates.set(result.id, { result, rank });
    }
    const checked = await Promise.all([...candidates.values()].slice(0, MAX_CHECKED).map(
      async c => ({ ...c, page: await c.result.data() })));
    const hits = [];
    for (const [order, { rank, page }] of checked.entries()) {
      const text = decode(page.content, data.sentinel);
      const folded = fold(text);
      // The first of the names whose Han words the page holds as written.
      const name = names.find(n => needles(n).every(w => folded.includes(w)));
      if (name === undefined) continue;
      const words = needles(name).length ? needles(name) : name.split(" ");
      const title = page.meta.title || page.url;
      const titleFolded = fold(title);
      const titleHit = words.some(w => titleFolded.includes(w.toLowerCase()));
      hits.push({ url: page.url, title, titleFolded, text, folded, words, titleHit, rank, order });
    }
    // Pages named by the query first, then the reader's own words before other names, then Pagefind's order.
    hits.sort((a, b) => (b.titleHit - a.titleHit) || (a.rank - b.rank) || (a.order - b.order));
    return hits;
  }

  function render(hits) {
    list.replaceChildren();
    if (hits === null) {
      meta.textContent = t("search.result.placeholder");
      return;
    }
    meta.textContent = hits.length === 0 ? t("search.result.none")
      : (hits.length === 1 ? t("search.result.one") : t("search.result.other")).replace("#", hits.length);
    for (const hit of hits) {
      const item = document.createElement("li");
      item.className = "md-search-result__item";
      item.innerHTML =
        `<a href="${escapeHtml(hit.url)}" class="md-search-result__link">` +
        `<article class="md-search-result__article md-typeset">` +
        `<div class="md-search-result__icon md-icon"></div>` +
        `<h1>${mark(hit.title, hit.titleFolded, hit.words)}</h1>` +
        `<p>${excerpt(hit.text, hit.folded, hit.words)}</p></article></a>`;
      list.appendChild(item);
    }
  }

  let latest = 0, timer = 0;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const ticket = ++latest;
      const value = input.value;
      let hits;
      try {
        hits = value.trim() ? await search(value) : null;
      } catch (err) {
        if (ticket === latest) meta.textContent = t("search.result.none");
        throw err;
      }
      if (ticket === latest) render(hits);
    }, 120);
  }

  // --------------------------------------------------------------------- dialog

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    input.focus();
    load();
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
  }

  input.addEventListener("input", schedule);
  input.addEventListener("focus", () => load());
  form.addEventListener("submit", event => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", () => setTimeout(() => { render(null); input.focus(); }));
  toggle.addEventListener("change", () => { if (toggle.checked) setTimeout(() => input.focus(), 100); });

  document.addEventListener("keydown", event => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!toggle.checked) {
      if (!typing && ["/", "s", "f"].includes(event.key)) { event.preventDefault(); open(); }
      return;
    }
    if (event.key === "Escape") { event.preventDefault(); close(); return; }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = [...list.querySelectorAll("a")];
    if (!links.length) return;
    event.preventDefault();
    const at = links.indexOf(document.activeElement);
    const next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (next < 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  });
})();
