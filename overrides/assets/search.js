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
  const MAX_CHECKED = 50;   // candidates checked before a query that is not exact shows
  const PAGE = 10;          // results shown at first, and added as the list scrolls
  const CONTEXT = 40;       // characters of excerpt before the first match

  const base = new URL(root.dataset.digestSearch, location.href);
  const input = root.querySelector(".md-search__input");
  const form = root.querySelector("form");
  const meta = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const scrollwrap = root.querySelector(".md-search__scrollwrap");
  const toggle = document.getElementById("__search");
  const config = JSON.parse(document.getElementById("__config").textContent);
  const t = key => config.translations[key] || "";

  let engine = null;
  function load() {
    engine ??= Promise.all([
      import(new URL("pagefind.js", base).href),
      fetch(new URL("digest-search.json", base)).then(r => r.json()),
    ]).then(async ([pagefind, data]) => {
      await start(pagefind, data.language);
      const table = new Map();
      const [from, to] = data.fold.map(s => Array.from(s));
      from.forEach((c, i) => table.set(c, to[i]));
      // Character for character: offsets in the folded text are offsets in the page's text.
      const fold = s => Array.from(s, c => table.get(c) ?? c).join("").replace(/[A-Z]/g, c => c.toLowerCase());
      return { pagefind, data, fold };
    });
    return engine;
  }

  // Pagefind takes the language it searches in from <html lang>, once, as it starts; in a
  // Chinese one it cuts the query into words (Intl.Segmenter), so the pair 高淳 became the two
  // words 高 and 淳, and pages were missed or found wrongly. The index holds this script's own
  // terms in the language it was built with (digest/search_index.py): Pagefind starts in that.
  async function start(pagefind, language) {
    const html = document.documentElement;
    const lang = html.getAttribute("lang");
    html.setAttribute("lang", language);
    let started;
    try {
      started = pagefind.init();  // reads the language before its first await
    } finally {
      html.setAttribute("lang", lang);
    }
    await started;
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

  // What a page must contain as written: the words of the query that hold Han characters (the
  // reader's other words are Pagefind's to match, stemmed), and another name of a park or
  // region whole.
  const needles = (name, rank) => rank > 0 && !HAS_HAN.test(name) ? [name]
    : name.split(" ").filter(w => HAS_HAN.test(w));
  // A query whose every needle is at most two characters is answered by the index exactly.
  const exact = (name, rank) => needles(name, rank).every(w => Array.from(w).length <= 2 && IS_HAN.test(w));

  // The query, then the other names of the park or region it names.
  function variants(query, data) {
    const out = [query];
    for (const group of data.aliases)
      if (group.includes(query)) for (const name of group) if (!out.includes(name)) out.push(name);
    return out;
  }

  // --------------------------------------------------------------------- page text

  // The page's text from its tokens (南京 京高 高淳 淳区 区 → 南京高淳区), up to the sentinel that
  // starts the folded copies; the space mark stands for whitespace beside Han text or
  // punctuation, and two plain words always had a space between them.
  const PUNCT = /^[^\x00-\x7f\p{L}\p{N}_]$/u;
  function decode(content, data) {
    const cut = content.indexOf(` ${data.sentinel}`);
    let out = "", prev = "";
    for (const token of (cut < 0 ? content : content.slice(0, cut)).split(" ")) {
      if (!token) continue;
      if (token === data.space) { out += " "; prev = "space"; continue; }
      const chars = Array.from(token);
      if (chars.length <= 2 && IS_HAN.test(token)) { out += chars[0]; prev = "han"; continue; }
      const kind = PUNCT.test(token) ? "punct" : "word";
      if (prev === "word" && kind === "word") out += " ";
      out += token;
      prev = kind;
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
        spans.push([i, i + needle.length]);
    }
    spans.sort((a, b) => a[0] - b[0]);
    let html = "", pos = from;
    for (const [s, e] of spans) {
      if (s < pos) continue;
      html += escapeHtml(text.slice(pos, s)) + "<mark>" + escapeHtml(text.slice(s, e)) + "</mark>";
      pos = e;  // a match that runs past `to` is shown whole
    }
    return html + escapeHtml(text.slice(pos, Math.max(pos, to)));
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

  // The candidates of a query in Pagefind's order (a title holding the query ranks first),
  // the reader's words before other names; `check` loads and checks the next ones.
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
        if (!candidates.has(result.id)) candidates.set(result.id, result);
    }
    const queue = [...candidates.values()];
    const hits = [];
    async function check(count) {
      const batch = queue.splice(0, count);
      const pages = await Promise.all(batch.map(result => result.data()));
      const found = [];
      for (const page of pages) {
        const text = decode(page.content, data);
        const folded = fold(text);
        const rank = names.findIndex((name, r) => needles(name, r).every(w => folded.includes(w)));
        if (rank < 0) continue;
        const words = needles(names[rank], rank).length ? needles(names[rank], rank) : names[rank].split(" ");
        const title = page.meta.title || page.url;
        const titleFolded = fold(title);
        // Named: the title holds the query or another name of the same park or region.
        const named = names.some((n, r) => needles(n, r).some(w => titleFolded.includes(w)));
        found.push({ url: page.url, title, titleFolded, text, folded, words, named });
      }
      // Pages whose title holds the query first (Pagefind weighs titles, but a document that
      // repeats a name can outrank the park's own page); otherwise Pagefind's order.
      found.sort((a, b) => b.named - a.named);
      hits.push(...found);
    }
    // Exact: every candidate is a hit, so the count is known and pages load as they are shown.
    // Otherwise the first candidates are checked before anything is shown, and the rest as the
    // list scrolls (they hold every pair of the query's characters: the count is nearly exact).
    const isExact = names.every((name, rank) => exact(name, rank));
    await check(isExact ? PAGE : MAX_CHECKED);
    return { hits, check, remaining: () => queue.length, total: () => hits.length + queue.length };
  }

  function item(hit) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    li.innerHTML =
      `<a href="${escapeHtml(hit.url)}" class="md-search-result__link">` +
      `<article class="md-search-result__article md-typeset">` +
      `<div class="md-search-result__icon md-icon"></div>` +
      `<h1>${mark(hit.title, hit.titleFolded, hit.words)}</h1>` +
      `<p>${excerpt(hit.text, hit.folded, hit.words)}</p></article></a>`;
    return li;
  }

  let current = null;
  function render(result) {
    current = result;
    list.replaceChildren();
    scrollwrap.scrollTop = 0;
    if (result === null) {
      meta.textContent = t("search.result.placeholder");
      return;
    }
    const n = result.total();
    meta.textContent = n === 0 ? t("search.result.none")
      : (n === 1 ? t("search.result.one") : t("search.result.other")).replace("#", n);
    list.append(...result.hits.map(item));
    list.dataset.remaining = result.remaining();  // candidates not loaded yet (the tests read it)
    more();
  }

  // More results as the list scrolls to its end, a page at a time (as Material's list does).
  let loading = false;
  // The end of the list is in view (or nearly): the panel is shown and scrolled to its end,
  // or the list is too short to fill it.
  const end = document.createElement("div");
  end.setAttribute("aria-hidden", "true");
  list.after(end);
  function nearEnd() {
    const panel = scrollwrap.getBoundingClientRect();
    return panel.height > 0 && end.getBoundingClientRect().top <= panel.bottom + 64;
  }
  new IntersectionObserver(() => more(), { root: scrollwrap, rootMargin: "0px 0px 64px 0px" }).observe(end);
  scrollwrap.addEventListener("scroll", () => more());
  async function more() {
    const result = current;
    if (loading || !result || !result.remaining() || !nearEnd()) return;
    loading = true;
    try {
      const shown = result.hits.length;
      // Candidates that turn out not to hold the query add nothing: check on until one does.
      do await result.check(PAGE); while (result.hits.length === shown && result.remaining());
      if (result === current) {
        list.append(...result.hits.slice(shown).map(item));
        list.dataset.remaining = result.remaining();
      }
    } finally {
      loading = false;
    }
    more();  // the list may still not reach the end of the panel, or a newer query waits
  }

  let latest = 0, timer = 0;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const ticket = ++latest;
      const value = input.value;
      let result;
      try {
        result = value.trim() ? await search(value) : null;
      } catch (err) {
        if (ticket === latest) meta.textContent = t("search.result.none");
        throw err;
      }
      if (ticket === latest) render(result);
    }, 120);
  }

  // --------------------------------------------------------------------- dialog

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    if (document.activeElement !== input) input.focus();
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
  // As Material's own search: the panel opens when the box takes focus (on a wide screen the
  // box is always in the header, and a reader clicks into it rather than on the icon).
  input.addEventListener("focus", () => open());
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
