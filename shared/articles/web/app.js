// The browser view of the articles API: plain JS, no build step, no dependencies.
// Routes live in the URL hash (#/articles/ID, #/entities/ID, #/search?q=…, #/?entity=…), so every
// view has a link that can be shared and the back button works. Data comes from the same API
// as every other client; on AWS the user pastes the API key once and it is sent on every call.
"use strict";

(() => {
  const KEY_STORE = "articles.apiKey";
  const PAGE = 15; // articles per listing page ("More articles" continues with the cursor)
  const TYPES = { PER: "Person", ORG: "Organisation", LOC: "Place", MISC: "Other" };
  const TYPE_GROUPS = { PER: "People", ORG: "Organisations", LOC: "Places", MISC: "Other names" };
  const DATE_SOURCES = {
    meta: "from the page's metadata", "json-ld": "from the page's structured data (JSON-LD)",
    json: "from the JSON document", dateline: "from the dateline", "page-header": "from the page header",
    url: "from the address (URL)",
  };
  const RTL = new Set(["ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb"]);
  const SCRIPTS = [
    ["Latin", /\p{Script=Latin}/u], ["Arabic", /\p{Script=Arabic}/u], ["Cyrillic", /\p{Script=Cyrillic}/u],
    ["Greek", /\p{Script=Greek}/u], ["Hebrew", /\p{Script=Hebrew}/u], ["Chinese", /\p{Script=Han}/u],
  ];
  const DAY = /^\d{4}-\d{2}-\d{2}/;
  const languageNames = (() => {
    try { return new Intl.DisplayNames(["en"], { type: "language" }); } catch { return null; }
  })();

  const main = document.getElementById("main");
  const statusEl = document.getElementById("status");
  const progress = document.getElementById("progress");
  const searchForm = document.getElementById("search-form");
  const searchInput = document.getElementById("q");
  const forgetKey = document.getElementById("forget-key");

  // ------------------------------------------------------------------ helpers
  /** An element: h("a", {href: "#/", class: "x"}, "text", child, [more]) */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") el.className = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    append(el, children);
    return el;
  }
  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  const SVG_NS = "http://www.w3.org/2000/svg";
  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
    return append(el, children);
  }
  const enc = encodeURIComponent;
  const day = (value) => (value && DAY.test(value) ? value.slice(0, 10) : null);
  const languageName = (code) => {
    if (!code) return null;
    try { return (languageNames && languageNames.of(code)) || code; } catch { return code; }
  };
  /** 2024-01-17T13:05:00+02:00 -> "2024-01-17 13:05 (UTC+02:00)": the time as the source gave it */
  const readableTime = (value) => {
    const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value || "");
    if (!m) return value;
    return `${m[1]} ${m[2]}${m[3] ? ` (UTC${m[3] === "Z" ? "" : m[3]})` : ""}`;
  };
  /** Links taken from articles open only as web addresses (never javascript:, data:…) */
  const webUrl = (value) => (typeof value === "string" && /^https?:\/\//i.test(value) ? value : null);
  const textDir = (language) => (language && RTL.has(language) ? "rtl" : null);
  const articleHref = (id) => `#/articles/${enc(id)}`;
  const entityHref = (id) => `#/entities/${enc(id)}`;
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many || one + "s"}`;
  // an entity's article count; counted from its links, a lower bound past a few thousand
  const articleCount = (e) => e.article_count_exact === false
    ? `${e.article_count}+ articles` : plural(e.article_count, "article");
  function announce(text) { statusEl.textContent = text; }

  // ------------------------------------------------------------------ API
  class ApiError extends Error {
    constructor(status, body) {
      super((body && (body.message || body.error)) || `the API answered ${status}`);
      this.status = status;
      this.body = body;
    }
    /** API Gateway's own 403 (no or wrong x-api-key): {"message": "Forbidden"}, no "error" slug */
    get needsKey() { return this.status === 403 && !(this.body && this.body.error); }
  }
  function storedKey() {
    try { return localStorage.getItem(KEY_STORE) || ""; } catch { return ""; }
  }
  function storeKey(value) {
    try {
      if (value) localStorage.setItem(KEY_STORE, value); else localStorage.removeItem(KEY_STORE);
    } catch { /* private mode: the key lives until the page closes */ memoryKey = value; }
    keyed();
  }
  /** With a key (AWS), the Swagger UI link is hidden: a page load cannot carry the key */
  function keyed() {
    forgetKey.hidden = !currentKey();
    document.getElementById("docs-link").hidden = Boolean(currentKey());
  }
  let memoryKey = "";
  const currentKey = () => storedKey() || memoryKey;

  async function api(path, params) {
    const url = new URL(path, document.baseURI);
    for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
    const headers = { Accept: "application/json" };
    const key = currentKey();
    if (key) headers["x-api-key"] = key;
    let resp;
    try {
      resp = await fetch(url, { headers });
    } catch (exc) {
      throw new ApiError(0, { message: `the API cannot be reached (${exc.message})` });
    }
    let body = null;
    try { body = await resp.json(); } catch { body = null; }
    if (!resp.ok) throw new ApiError(resp.status, body);
    return body;
  }

  // ------------------------------------------------------------------ shared pieces
  function statusBadge(status) {
    return h("span", { class: `badge status-${status}` }, status === "ok" ? "processed" : status);
  }
  function dateLine(a) {
    const d = day(a.published);
    return d ? h("time", { datetime: d }, d) : h("span", { class: "muted" }, "no date");
  }
  function articleItem(a) {
    const bits = [dateLine(a)];
    if (a.section) bits.push(a.section);
    if (a.language) bits.push(languageName(a.language));
    return h("li", { class: "item" },
      h("a", { class: "item-title", href: articleHref(a.id), dir: "auto", lang: a.language || null },
        a.title || `(no title) ${a.key || a.id}`),
      h("div", { class: "meta" }, bits.map((b, i) => [i ? " · " : "", b]), " ", statusBadge(a.status)),
      a.error ? h("p", { class: "error-reason" }, h("strong", {}, "Why it failed: "), a.error) : null);
  }
  /** An <ol> of articles and a "More" button that appends the next page (cursor) in place */
  function pagedList(first, fetchPage, { label, empty }) {
    const list = h("ol", { class: "items", "aria-label": label });
    const more = h("button", { type: "button", class: "more" }, "More articles");
    const wrap = h("div", { class: "paged" }, list, more);
    let next = first.next;
    const add = (items) => { for (const a of items) list.append(articleItem(a)); };
    add(first.items);
    if (!first.items.length) wrap.replaceChildren(h("p", { class: "muted" }, empty));
    more.hidden = !next;
    more.addEventListener("click", async () => {
      more.disabled = true;
      more.textContent = "Loading…";
      try {
        const page = await fetchPage(next);
        const firstNew = list.children.length;
        add(page.items);
        next = page.next;
        const link = list.children[firstNew] && list.children[firstNew].querySelector("a");
        if (link) link.focus();
        announce(`${plural(page.items.length, "more article")} loaded`);
      } catch (exc) {
        wrap.append(h("p", { class: "error-reason", role: "alert" }, exc.message));
      } finally {
        more.disabled = false;
        more.textContent = "More articles";
        more.hidden = !next;
      }
    });
    return wrap;
  }
  function typeTag(type) {
    return h("span", { class: `type type-${type}` }, TYPES[type] || type);
  }

  // ------------------------------------------------------------------ views
  async function articlesView(params) {
    const filters = {};
    for (const k of ["entity", "from", "to", "section", "language"]) if (params.get(k)) filters[k] = params.get(k);
    let entity = null;
    if (filters.entity) entity = await api(`entities/${enc(filters.entity)}`).catch(() => null);
    const first = await api("articles", { ...filters, limit: PAGE });
    const heading = entity ? ["Articles naming ", h("a", { href: entityHref(entity.id) }, entity.name)] : "Articles";
    const view = [
      h("h1", { tabindex: "-1" }, heading),
      filterForm(filters, entity),
      pagedList(first, (cursor) => api("articles", { ...filters, limit: PAGE, cursor }),
        { label: "Articles, newest first", empty: "No article matches these filters." }),
    ];
    return { title: entity ? `Articles naming ${entity.name}` : "Articles", view };
  }

  function filterForm(filters, entity) {
    const field = (name, label, attrs) => h("div", { class: "field" },
      h("label", { for: `f-${name}` }, label),
      h("input", { id: `f-${name}`, name, ...attrs }));
    const problem = h("p", { id: "filter-problem", class: "error-reason", role: "alert", hidden: true });
    const form = h("form", { class: "filters", "aria-label": "Filter articles" },
      field("entity", "Entity", { type: "text", value: entity ? entity.name : filters.entity || "",
        placeholder: "a name, e.g. Shoukri", "aria-describedby": "filter-problem", autocomplete: "off" }),
      field("from", "From", { type: "date", value: filters.from || "" }),
      field("to", "To", { type: "date", value: filters.to || "" }),
      field("section", "Section", { type: "text", value: filters.section || "" }),
      field("language", "Language", { type: "text", value: filters.language || "", list: "languages",
        pattern: "[a-z]{2,3}", placeholder: "en, ar, fr…", title: "an ISO 639 code: en, ar, fr…" }),
      h("datalist", { id: "languages" }, ["en", "ar", "fr", "es", "de"].map((c) => h("option", { value: c }, languageName(c)))),
      h("div", { class: "actions" },
        h("button", { type: "submit" }, "Filter"),
        Object.keys(filters).length ? h("a", { href: "#/" }, "Clear filters") : null),
      problem);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const out = new URLSearchParams();
      let name = String(data.get("entity") || "").trim();
      if (name && entity && name === entity.name) name = entity.id;
      if (name && !/^e_/.test(name)) {
        const found = await api("entities", { q: name }).catch(() => ({ items: [] }));
        if (!found.items.length) {
          problem.textContent = `No entity is called “${name}”.`;
          problem.hidden = false;
          return;
        }
        name = found.items[0].id;
      }
      if (name) out.set("entity", name);
      for (const k of ["from", "to", "section", "language"]) {
        const v = String(data.get(k) || "").trim();
        if (v) out.set(k, v);
      }
      navigate(`#/${out.toString() ? "?" + out : ""}`);
    });
    return form;
  }

  async function articleView(id) {
    const a = await api(`articles/${enc(id)}`);
    const dir = textDir(a.language);
    const lang = a.language || null;
    const facts = [];
    const published = day(a.published);
    facts.push(["Published", published
      ? [h("time", { datetime: a.published }, readableTime(a.published)), " ", h("span", { class: "muted" }, DATE_SOURCES[a.published_source] || "")]
      : h("span", { class: "muted" }, "no date found in the article")]);
    if (a.section) facts.push(["Section", h("a", { href: `#/?section=${enc(a.section)}` }, a.section)]);
    if (a.language) facts.push(["Language", h("a", { href: `#/?language=${enc(a.language)}` }, languageName(a.language))]);
    if (a.author && a.author.length) facts.push(["By", a.author.join(", ")]);
    const source = a.canonical_url || a.url;
    if (source) facts.push(["Source", webUrl(source) ? h("a", { href: source, rel: "noopener noreferrer nofollow" }, source) : source]);
    facts.push(["Status", [statusBadge(a.status), a.error ? [" ", h("span", { class: "error-reason" }, a.error)] : null]]);
    const stages = Object.entries(a.stages || {});
    if (stages.length) {
      facts.push(["Pipeline", stages.map(([name, st], i) => [i ? " · " : "", `${name} `, h("span", { class: `stage stage-${st.state}` }, st.state),
        st.error ? [" (", st.error, ")"] : null, st.note ? [" (", st.note, ")"] : null])]);
    }
    const view = [
      h("article", { class: "article" },
        h("h1", { tabindex: "-1", dir: dir || "auto", lang }, a.title || `(no title) ${a.key || a.id}`),
        h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
        a.body ? [legend(a.entities), h("div", { class: "body", dir: dir || "auto", lang }, highlighted(a.body, a.entities))]
          : h("p", { class: "muted" }, "No text: the article could not be parsed.")),
      h("div", { class: "side" },
        entityPanel(a.entities),
        quotesPanel(a.quotes, dir, lang),
        relatedPanel(a.related),
        siteRelatedPanel(a.site_related)),
    ];
    return { title: a.title || a.id, view, wide: true };
  }

  function legend(entities) {
    const present = ["PER", "ORG", "LOC", "MISC"].filter((t) => (entities || []).some((e) => e.type === t));
    if (!present.length) return null;
    return h("p", { class: "legend" }, "Highlighted: ", present.map((t, i) => [i ? " " : "", h("span", { class: `ent ent-${t}` }, TYPES[t] || t)]));
  }

  /** The body as text nodes with each entity mention wrapped in a link to its entity */
  function highlighted(body, entities) {
    const spans = [];
    for (const e of entities || []) {
      for (const m of e.mentions || []) {
        if (body.slice(m.start, m.end) === m.text) spans.push({ start: m.start, end: m.end, e });
      }
    }
    spans.sort((x, y) => x.start - y.start || y.end - x.end);
    const out = [];
    let at = 0;
    for (const sp of spans) {
      if (sp.start < at) continue; // overlaps one already placed
      if (sp.start > at) out.push(body.slice(at, sp.start));
      out.push(h("a", {
        class: `ent ent-${sp.e.type}`, href: entityHref(sp.e.id), "data-type": sp.e.type,
        title: `${TYPES[sp.e.type] || sp.e.type}: ${sp.e.name}`,
      }, body.slice(sp.start, sp.end)));
      at = sp.end;
    }
    out.push(body.slice(at));
    return out;
  }

  function entityPanel(entities) {
    if (!entities || !entities.length) return null;
    const groups = {};
    for (const e of entities) (groups[e.type] = groups[e.type] || []).push(e);
    return h("section", { class: "panel", "aria-labelledby": "h-entities" },
      h("h2", { id: "h-entities" }, "Named in this article"),
      ["PER", "ORG", "LOC", "MISC"].filter((t) => groups[t]).map((t) => [
        h("h3", {}, TYPE_GROUPS[t]),
        h("ul", { class: "names" }, groups[t].map((e) => h("li", {},
          h("a", { href: entityHref(e.id), class: `ent ent-${t}`, dir: "auto" }, e.name),
          e.mentions && e.mentions.length > 1 ? h("span", { class: "muted" }, ` ×${e.mentions.length}`) : null,
          e.roles && e.roles.length ? h("span", { class: "role" }, ` ${e.roles.map((r) => r.title).join(", ")}`) : null))),
      ]));
  }

  function quotesPanel(quotes, dir, lang) {
    if (!quotes || !quotes.length) return null;
    return h("section", { class: "panel", "aria-labelledby": "h-quotes" },
      h("h2", { id: "h-quotes" }, "Quotes"),
      h("ul", { class: "quotes" }, quotes.map((q) => h("li", {},
        h("q", { dir: dir || "auto", lang }, q.text),
        q.speaker_name ? [" — ", q.speaker_id ? h("a", { href: entityHref(q.speaker_id) }, q.speaker_name) : q.speaker_name] : null))));
  }

  function relatedPanel(related) {
    return h("section", { class: "panel", "aria-labelledby": "h-related" },
      h("h2", { id: "h-related" }, "Related coverage"),
      related && related.length
        ? h("ol", { class: "related" }, related.map((r) => h("li", {},
          h("a", { href: articleHref(r.id), dir: "auto" }, r.title || r.id),
          h("div", { class: "meta" },
            h("span", { class: "score", title: "similarity score, 0 to 1" }, `score ${Number(r.score).toFixed(2)}`),
            r.near_duplicate ? [" ", h("span", { class: "badge" }, "near duplicate")] : null),
          r.reasons && r.reasons.length ? h("ul", { class: "reasons", "aria-label": "why" }, r.reasons.map((x) => h("li", {}, x))) : null)))
        : h("p", { class: "muted" }, "No related article yet."));
  }

  function siteRelatedPanel(links) {
    if (!links || !links.length) return null;
    return h("section", { class: "panel site-related", "aria-labelledby": "h-site" },
      h("h2", { id: "h-site" }, "The site's own “related” links"),
      h("p", { class: "muted" }, "Suggested by the page itself, not by us."),
      h("ul", {}, links.map((l) => h("li", {},
        webUrl(l.url) ? h("a", { href: l.url, rel: "noopener noreferrer nofollow", dir: "auto" }, l.title) : h("span", { dir: "auto" }, l.title),
        l.teaser ? h("p", { class: "muted", dir: "auto" }, l.teaser) : null))));
  }

  async function entityView(id) {
    const [e, first] = await Promise.all([api(`entities/${enc(id)}`), api(`entities/${enc(id)}/articles`, { limit: 100 })]);
    const names = scripts([e.name, ...(e.aliases || [])]);
    const facts = [
      ["Type", typeTag(e.type)],
      ["Articles", h("a", { href: `#/?entity=${enc(e.id)}` }, articleCount(e))],
      ["First seen", e.first_seen ? h("time", { datetime: e.first_seen }, e.first_seen) : "–"],
      ["Last seen", e.last_seen ? h("time", { datetime: e.last_seen }, e.last_seen) : "–"],
    ];
    const chartHolder = h("div", { class: "chart-holder" });
    const drawChart = (items, complete) => chartHolder.replaceChildren(timeline(e, items, complete));
    let loaded = [...first.items];
    drawChart(loaded, !first.next);
    const list = pagedList(first, async (cursor) => {
      const page = await api(`entities/${enc(id)}/articles`, { limit: 100, cursor });
      loaded = loaded.concat(page.items);
      drawChart(loaded, !page.next);
      return page;
    }, { label: `Articles naming ${e.name}, newest first`, empty: "No article yet." });
    const view = [
      h("h1", { tabindex: "-1", dir: "auto" }, e.name, " ", typeTag(e.type)),
      h("section", { class: "panel", "aria-labelledby": "h-names" },
        h("h2", { id: "h-names" }, "Names"),
        h("dl", { class: "facts names-by-script" }, names.map(([script, spellings]) => [
          h("dt", {}, script),
          h("dd", {}, spellings.map((n, i) => [i ? ", " : "", h("span", { class: "spelling", dir: "auto",
            lang: script === "Arabic" ? "ar" : null }, n)]))]))),
      h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
      rolesPanel(e.roles || []),
      h("section", { class: "panel", "aria-labelledby": "h-timeline" },
        h("h2", { id: "h-timeline" }, "Mentions over time"), chartHolder),
      h("section", { class: "panel", "aria-labelledby": "h-articles" },
        h("h2", { id: "h-articles" }, "Articles, newest first"), list),
    ];
    return { title: e.name, view };
  }

  /** [[script, [spellings…]]…]: every name of an entity, grouped by the script it is written in */
  function scripts(all) {
    const groups = new Map();
    for (const name of new Set(all)) {
      const found = SCRIPTS.find(([, re]) => re.test(name));
      const script = found ? found[0] : "Other";
      if (!groups.has(script)) groups.set(script, []);
      groups.get(script).push(name);
    }
    return [...groups.entries()];
  }

  function rolesPanel(roles) {
    return h("section", { class: "panel", "aria-labelledby": "h-roles" },
      h("h2", { id: "h-roles" }, "Roles over time"),
      roles.length ? h("ol", { class: "roles" }, roles.map((r) => {
        const detail = [r.rank, r.organisation, r.nationality].filter(Boolean).join(", ");
        const period = r.first_seen === r.last_seen ? [h("time", { datetime: r.first_seen }, r.first_seen)]
          : [h("time", { datetime: r.first_seen }, r.first_seen), " – ", h("time", { datetime: r.last_seen }, r.last_seen)];
        return h("li", {},
          h("strong", { class: "role-title" }, r.title), detail ? h("span", { class: "muted" }, ` (${detail})`) : null,
          h("div", { class: "meta" }, period, " · ", plural(r.articles, "article"), " · ",
            h("a", { href: articleHref(r.latest_article_id) }, "latest")));
      })) : h("p", { class: "muted" }, "No role reported."));
  }

  /** A small SVG chart: articles naming the entity per day (per week or month over long spans),
   *  with its role periods drawn under it on the same time axis */
  function timeline(e, items, complete) {
    const days = items.map((a) => day(a.published)).filter(Boolean);
    if (!days.length) return h("p", { class: "muted" }, "No dated article yet.");
    const toNum = (d) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 864e5;
    const toDay = (n) => new Date(n * 864e5).toISOString().slice(0, 10);
    const nums = days.map(toNum);
    const roles = (e.roles || []).filter((r) => day(r.first_seen) && day(r.last_seen));
    const ends = nums.concat(roles.flatMap((r) => [toNum(r.first_seen), toNum(r.last_seen)]));
    const lo = Math.min(...ends), hi = Math.max(...ends);
    const span = hi - lo + 1;
    const step = span <= 120 ? 1 : span <= 730 ? 7 : 30;
    const unit = step === 1 ? "day" : step === 7 ? "week" : "month";
    const buckets = Math.floor((hi - lo) / step) + 1;
    const counts = new Array(buckets).fill(0);
    for (const n of nums) counts[Math.floor((n - lo) / step)] += 1;
    const max = Math.max(...counts);
    const rowH = 18;
    const W = 600, left = 28, right = 8, top = 10, plotH = 110;
    const axisY = top + plotH, labelsY = axisY + 16, rolesY = labelsY + 10;
    const H = rolesY + roles.length * rowH + 4;
    const plotW = W - left - right;
    const slot = plotW / buckets;
    const barW = Math.max(1, Math.min(slot * 0.8, 40));
    const x = (n) => left + Math.floor((n - lo) / step) * slot;
    const busiest = counts.indexOf(max);
    const titleId = `chart-t-${e.id}`, descId = `chart-d-${e.id}`;
    const summary = `${plural(days.length, "article")} from ${toDay(Math.min(...nums))} to ${toDay(Math.max(...nums))}; ` +
      `the busiest ${unit} ${step === 1 ? "was" : "began"} ${toDay(lo + busiest * step)} (${max}).`;
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-labelledby": `${titleId} ${descId}` },
      s("title", { id: titleId }, `Articles naming ${e.name} per ${unit}`),
      s("desc", { id: descId }, summary + (roles.length ? ` Roles: ${roles.map((r) => `${r.title} ${r.first_seen} to ${r.last_seen}`).join("; ")}.` : "")),
      s("line", { x1: left, y1: axisY, x2: W - right, y2: axisY, class: "axis" }),
      s("text", { x: left - 4, y: top + 8, class: "tick", "text-anchor": "end" }, String(max)),
      s("text", { x: left - 4, y: axisY, class: "tick", "text-anchor": "end" }, "0"),
      counts.map((c, i) => c ? s("rect", {
        x: (left + i * slot + (slot - barW) / 2).toFixed(1), y: (axisY - (c / max) * plotH).toFixed(1),
        width: barW.toFixed(1), height: ((c / max) * plotH).toFixed(1), class: "bar",
      }, s("title", {}, `${toDay(lo + i * step)}: ${plural(c, "article")}`)) : null),
      s("text", { x: left, y: labelsY, class: "tick" }, toDay(lo)),
      hi > lo ? s("text", { x: W - right, y: labelsY, class: "tick", "text-anchor": "end" }, toDay(hi)) : null,
      roles.map((r, i) => {
        const x1 = x(toNum(r.first_seen)) + (slot - barW) / 2;
        const x2 = Math.max(x1 + barW, x(toNum(r.last_seen)) + (slot + barW) / 2);
        const y = rolesY + i * rowH;
        const label = r.first_seen === r.last_seen ? r.first_seen : `${r.first_seen} – ${r.last_seen}`;
        return s("g", { class: "role-band" },
          s("rect", { x: x1.toFixed(1), y, width: (x2 - x1).toFixed(1), height: rowH - 6, rx: 3 },
            s("title", {}, `${r.title}: ${label}`)),
          x1 > W * 0.6 // near the right edge: the label ends where the band ends
            ? s("text", { x: (x2 - 4).toFixed(1), y: y + rowH - 9, class: "role-label", "text-anchor": "end" }, r.title)
            : s("text", { x: (x1 + 4).toFixed(1), y: y + rowH - 9, class: "role-label" }, r.title));
      }));
    return h("figure", { class: "timeline" }, svg,
      h("figcaption", {}, `Articles naming ${e.name} per ${unit}${roles.length ? ", and the periods of its roles" : ""}. ${summary}`,
        complete ? "" : " (From the articles loaded so far: “More articles” below loads the rest.)"));
  }

  async function searchView(params) {
    const q = (params.get("q") || "").trim();
    searchInput.value = q;
    if (!q) return { title: "Search", view: [h("h1", { tabindex: "-1" }, "Search"), h("p", {}, "Type a name (any spelling) or some keywords in the box above.")] };
    const [entities, hits] = await Promise.all([api("entities", { q: q.slice(0, 100) }), api("search", { q, limit: 20 })]);
    return {
      title: `Search: ${q}`,
      view: [
        h("h1", { tabindex: "-1" }, "Search: ", h("span", { dir: "auto" }, q)),
        h("section", { class: "panel", "aria-labelledby": "h-found-entities" },
          h("h2", { id: "h-found-entities" }, "Entities"),
          entities.items.length ? h("ul", { class: "items" }, entities.items.map((e) => h("li", { class: "item" },
            h("a", { class: "item-title", href: entityHref(e.id), dir: "auto" }, e.name), " ", typeTag(e.type),
            h("div", { class: "meta" }, articleCount(e),
              e.aliases && e.aliases.length ? [" · also ", e.aliases.filter((x) => x !== e.name).join(", ")] : null))))
            : h("p", { class: "muted" }, "No entity by that name.")),
        h("section", { class: "panel", "aria-labelledby": "h-found-articles" },
          h("h2", { id: "h-found-articles" }, "Articles"),
          hits.items.length ? h("ol", { class: "items" }, hits.items.map((r) => h("li", { class: "item" },
            h("a", { class: "item-title", href: articleHref(r.id), dir: "auto" }, r.title || r.id),
            h("div", { class: "meta" }, `score ${Number(r.score).toFixed(2)}`, r.reasons.length ? ` · ${r.reasons.join("; ")}` : ""))))
            : h("p", { class: "muted" }, "No article matches those words.")),
      ],
    };
  }

  function keyView(refused) {
    document.getElementById("docs-link").hidden = true; // behind the key too: a page load cannot send it
    const input = h("input", { id: "api-key", type: "password", required: true, autocomplete: "off", spellcheck: "false" });
    const form = h("form", { class: "key-form" },
      h("label", { for: "api-key" }, "API key"), input, h("button", { type: "submit" }, "Save and continue"));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      storeKey(input.value.trim());
      route();
    });
    return {
      title: "API key needed",
      view: [
        h("h1", { tabindex: "-1" }, "This API needs its key"),
        refused ? h("p", { class: "error-reason", role: "alert" }, "The key this browser keeps was refused; paste the current one.") : null,
        h("p", {}, "The data is served by an API that asks for a key. Paste it once: this browser keeps it and sends it with every request (nothing else is stored)."),
        h("p", { class: "muted" }, "Its value: ", h("code", {}, "aws apigateway get-api-key --api-key <ApiKeyId> --include-value"),
          " (ApiKeyId is an output of the stack)."),
        form,
      ],
      focus: input,
    };
  }

  function errorView(exc) {
    if (exc instanceof ApiError && exc.needsKey) return keyView(Boolean(currentKey()));
    const notFound = exc instanceof ApiError && exc.status === 404;
    return {
      title: notFound ? "Not found" : "Error",
      view: [
        h("h1", { tabindex: "-1" }, notFound ? "Not found" : "Something went wrong"),
        h("p", { class: "error-reason", role: "alert" }, exc.message || String(exc)),
        h("p", {}, h("a", { href: "#/" }, "Back to the articles")),
      ],
    };
  }

  // ------------------------------------------------------------------ router
  let sequence = 0;
  let userNavigated = false;
  const scrolls = new Map();
  let progressTimer = 0;

  function navigate(hash) {
    if (location.hash === hash) route(); else location.hash = hash;
  }

  async function route() {
    const mine = ++sequence;
    const raw = location.hash.replace(/^#/, "") || "/";
    const [path, query] = [raw.split("?")[0], raw.includes("?") ? raw.slice(raw.indexOf("?") + 1) : ""];
    const params = new URLSearchParams(query);
    main.setAttribute("aria-busy", "true");
    clearTimeout(progressTimer);
    progressTimer = setTimeout(() => { progress.hidden = false; }, 150);
    let result;
    try {
      let m;
      if (path === "/") result = await articlesView(params);
      else if ((m = path.match(/^\/articles\/([^/]+)$/))) result = await articleView(decodeURIComponent(m[1]));
      else if ((m = path.match(/^\/entities\/([^/]+)$/))) result = await entityView(decodeURIComponent(m[1]));
      else if (path === "/search") result = await searchView(params);
      else result = errorView(new ApiError(404, { message: `no page at ${location.hash}` }));
    } catch (exc) {
      result = errorView(exc);
    }
    if (mine !== sequence) return; // a newer navigation won
    clearTimeout(progressTimer);
    progress.hidden = true;
    main.removeAttribute("aria-busy");
    main.classList.toggle("wide", Boolean(result.wide));
    main.replaceChildren(...result.view.flat(Infinity).filter(Boolean));
    document.title = `${result.title} · articles`;
    if (path !== "/search") searchInput.value = "";
    const saved = scrolls.get(location.href);
    window.scrollTo(0, userNavigated || saved === undefined ? 0 : saved);
    const focus = result.focus || main.querySelector("h1");
    if (initialised && focus) focus.focus({ preventScroll: true });
    announce(`${result.title} loaded`);
    userNavigated = false;
    initialised = true;
  }
  let initialised = false;

  // links inside the page are a fresh navigation (top of the new page); back/forward restore
  document.addEventListener("click", (ev) => {
    const a = ev.target instanceof Element && ev.target.closest("a[href^='#/']");
    if (a && !ev.defaultPrevented && ev.button === 0 && !ev.metaKey && !ev.ctrlKey && !ev.shiftKey) {
      scrolls.set(location.href, window.scrollY);
      userNavigated = true;
    }
  });
  window.addEventListener("hashchange", () => route());
  searchForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = searchInput.value.trim();
    if (!q) return;
    scrolls.set(location.href, window.scrollY);
    userNavigated = true;
    navigate(`#/search?q=${enc(q)}`);
  });
  forgetKey.addEventListener("click", () => { storeKey(""); route(); });
  keyed();
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  route();
})();
