/**
 * The HTML report's script. It is embedded in the report as the text of this function
 * (`reportApp.toString()`), so it must use nothing outside its own body: no imports, no
 * module variables (types are fine, they are erased).
 *
 * It reads the data from `<script type="application/json" id="claimscan-data">`, filters, sorts
 * and groups the findings by site and page, and renders them a chunk at a time as the reader
 * scrolls, so a report of thousands of findings opens at once. Page strings only ever reach the
 * DOM through `textContent` / text nodes, links only through `href` values that the report
 * writer already restricted to http(s).
 */
import type { ViewModel } from './view-model.js';

export function reportApp(): void {
  const dataEl = document.getElementById('claimscan-data');
  if (!dataEl) return;
  const data = JSON.parse(dataEl.textContent || '{}') as ViewModel;
  const t = data.t as unknown as Record<string, string>;
  const SEV: Record<string, number> = { high: 0, medium: 1, low: 2 };
  /** findings rendered per chunk */
  const CHUNK = 60;
  const colon = t.colon;

  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;
  const list = byId<HTMLElement>('findings');
  const countEl = byId<HTMLElement>('shown-count');
  const search = byId<HTMLInputElement>('f-search');
  const catSel = byId<HTMLSelectElement>('f-category');
  const siteSel = byId<HTMLSelectElement>('f-site');
  const statusSel = byId<HTMLSelectElement>('f-status');
  const sortSel = byId<HTMLSelectElement>('f-sort');
  const sevBoxes = Array.from(document.querySelectorAll<HTMLInputElement>('input[name="f-sev"]'));
  if (!list || !countEl || !search || !catSel || !siteSel || !sortSel) return;
  document.documentElement.classList.add('js');

  function el(tag: string, cls?: string, text?: string): HTMLElement {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function link(href: string, text: string, cls?: string): HTMLElement {
    // hrefs were checked when the report was written; check again, a report file can be edited
    // (file: only for the demo's bundled pages)
    if (!/^(https?:\/\/|file:\/\/\/)/i.test(href)) return el('span', cls, text);
    const a = el('a', cls, text) as HTMLAnchorElement;
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }
  function fmt(template: string, values: Record<string, string | number>): string {
    return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
  }
  function fold(s: string): string {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  function stamp(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }

  // Search text of each finding, built on the first search only.
  let haystacks: string[] | undefined;
  function haystack(i: number): string {
    if (!haystacks) {
      haystacks = data.findings.map((f) => {
        const p = data.pages[f.p];
        const s = data.sources[f.src];
        return fold([f.text, f.msg, f.rule, f.cat, data.categories[f.cat]?.title ?? '', f.hp.join(' '), p.url, p.title, s.document, s.title, s.quote, s.tr, f.id].join('\n'));
      });
    }
    return haystacks[i];
  }

  /** a site heading, a page heading, or one card: the findings (indices) of one sentence */
  type Item = { k: 's'; site: string; n: number } | { k: 'p'; p: number; n: number } | { k: 'c'; is: number[] };
  let items: Item[] = [];
  let next = 0;
  let sentinel: HTMLElement | undefined;
  const observer =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver((entries) => {
          if (entries.some((e) => e.isIntersecting)) renderMore();
        }, { rootMargin: '800px' })
      : undefined;

  function apply(): void {
    const terms = fold(search!.value).split(/\s+/).filter(Boolean);
    const sevs = new Set(sevBoxes.filter((b) => b.checked).map((b) => b.value));
    const cat = catSel!.value;
    const site = siteSel!.value;
    const status = statusSel?.value ?? '';
    const byPage = new Map<number, number[]>();
    let shown = 0;
    for (let i = 0; i < data.findings.length; i++) {
      const f = data.findings[i];
      if (!sevs.has(f.sev)) continue;
      if (cat && f.cat !== cat) continue;
      if (site && data.pages[f.p].site !== site) continue;
      if (status && f.status !== status) continue;
      if (terms.length) {
        const h = haystack(i);
        if (!terms.every((w) => h.includes(w))) continue;
      }
      shown++;
      const list = byPage.get(f.p);
      if (list) list.push(i);
      else byPage.set(f.p, [i]);
    }
    const mode = sortSel!.value;
    const worst = (fs: number[]) => Math.min(...fs.map((i) => SEV[data.findings[i].sev] ?? 3));
    const fresh = (fs: number[]) => fs.filter((i) => data.findings[i].status === 'new').length;
    const pages = [...byPage.entries()];
    const url = (p: number) => data.pages[p].url;
    pages.sort(([pa, a], [pb, b]) => {
      if (mode === 'address') return url(pa).localeCompare(url(pb));
      if (mode === 'count') return b.length - a.length || worst(a) - worst(b) || url(pa).localeCompare(url(pb));
      if (mode === 'new') return fresh(b) - fresh(a) || worst(a) - worst(b) || b.length - a.length || url(pa).localeCompare(url(pb));
      return worst(a) - worst(b) || b.length - a.length || url(pa).localeCompare(url(pb));
    });
    for (const [, fs] of pages) {
      if (mode === 'address') continue; // the page's own order
      fs.sort((a, b) => {
        const fa = data.findings[a];
        const fb = data.findings[b];
        const byNew = mode === 'new' ? Number(fb.status === 'new') - Number(fa.status === 'new') : 0;
        return byNew || (SEV[fa.sev] ?? 3) - (SEV[fb.sev] ?? 3) || a - b;
      });
    }
    // sites in the order of their first page
    const sites = new Map<string, Array<[number, number[]]>>();
    for (const entry of pages) {
      const s = data.pages[entry[0]].site;
      const group = sites.get(s);
      if (group) group.push(entry);
      else sites.set(s, [entry]);
    }
    items = [];
    let cards = 0;
    for (const [s, group] of sites) {
      items.push({ k: 's', site: s, n: group.reduce((n, [, fs]) => n + fs.length, 0) });
      for (const [p, fs] of group) {
        items.push({ k: 'p', p, n: fs.length });
        // One card per sentence (a reviewer judges a sentence once), in the order of its first
        // finding; a page-level finding has a card of its own.
        const bySentence = new Map<string, number[]>();
        for (const i of fs) {
          const f = data.findings[i];
          const key = f.me > f.ms ? `${f.text}\u0000${f.sel}` : `\u0001${f.rule}\u0000${f.id}`;
          const card = bySentence.get(key);
          if (card) card.push(i);
          else bySentence.set(key, [i]);
        }
        for (const is of bySentence.values()) items.push({ k: 'c', is });
        cards += bySentence.size;
      }
    }
    countEl!.textContent = fmt(t.showing, { shown, total: data.findings.length, pages: byPage.size, pagesWord: byPage.size === 1 ? t.pageWord : t.pagesWord });
    countEl!.dataset.shown = String(shown);
    countEl!.dataset.pages = String(byPage.size);
    countEl!.dataset.cards = String(cards);
    list!.replaceChildren();
    next = 0;
    if (!shown) list!.append(el('p', 'empty', data.findings.length ? t.noMatch : t.noFindings));
    renderMore();
  }

  function renderMore(all = false): void {
    if (sentinel) {
      observer?.unobserve(sentinel);
      sentinel.remove();
      sentinel = undefined;
    }
    const fragment = document.createDocumentFragment();
    let budget = all ? Infinity : CHUNK;
    while (next < items.length && budget > 0) {
      const item = items[next++];
      if (item.k === 's') fragment.append(siteHeader(item.site, item.n));
      else if (item.k === 'p') fragment.append(pageHeader(item.p, item.n));
      else {
        fragment.append(sentenceCard(item.is));
        budget--;
      }
    }
    list!.append(fragment);
    if (next < items.length) {
      sentinel = el('div', 'more');
      const button = el('button', undefined, t.showMore) as HTMLButtonElement;
      button.type = 'button';
      button.addEventListener('click', () => renderMore());
      sentinel.append(button);
      list!.append(sentinel);
      observer?.observe(sentinel);
    }
  }

  function siteHeader(site: string, n: number): HTMLElement {
    const h = el('h2', 'site', site);
    h.append(' ', el('span', 'n', `${n} ${t.findings}`));
    return h;
  }

  function pageHeader(index: number, n: number): HTMLElement {
    const p = data.pages[index];
    const box = el('div', 'page');
    const h = el('h3');
    h.append(p.href ? link(p.href, p.title || p.url) : el('span', undefined, p.title || p.url));
    h.append(' ', el('span', 'n', `${n} ${t.findings}`));
    box.append(h, el('div', 'url', p.url));
    const ev = el('div', 'evidence');
    const facts: string[] = [];
    if (p.fetchedAt) facts.push(`${t.fetchedAt} ${stamp(p.fetchedAt)}`);
    if (p.status) facts.push(`HTTP ${p.status}`);
    if (p.rendered) facts.push(t.rendered);
    ev.append(facts.join(' · '));
    if (p.sha256) {
      ev.append(facts.length ? ' · ' : '', `${t.sha256} `);
      ev.append(el('code', 'hash', p.sha256));
    }
    box.append(ev);
    const shot = p.screenshot;
    if (shot && (/^data:image\/(png|jpeg|webp);base64,/.test(shot) || !/^[a-z][a-z0-9+.-]*:/i.test(shot))) {
      const toggle = el('button', 'shot-toggle', t.showScreenshot) as HTMLButtonElement;
      toggle.type = 'button';
      const holder = el('div', 'shot');
      holder.hidden = true;
      toggle.addEventListener('click', () => {
        if (!holder.firstChild) {
          const img = document.createElement('img');
          img.alt = t.screenshotAlt;
          img.loading = 'lazy';
          img.src = shot;
          holder.append(img);
        }
        holder.hidden = !holder.hidden;
        toggle.textContent = holder.hidden ? t.showScreenshot : t.hideScreenshot;
        box.classList.toggle('shot-open', !holder.hidden);
      });
      if (p.screenshotAt) toggle.title = `${t.screenshotAt} ${stamp(p.screenshotAt)}`;
      box.append(toggle, holder);
    }
    return box;
  }

  /** The sentence with every matched span marked (the union of the findings' spans). */
  function highlighted(text: string, fs: ViewModel['findings']): HTMLElement {
    const quote = el('blockquote', 'sentence');
    const spans = fs.filter((f) => f.me > f.ms).map((f) => ({ s: f.ms, e: Math.min(f.me, text.length), cat: data.categories[f.cat]?.title ?? f.cat }));
    if (!spans.length) {
      quote.append(text, el('span', 'page-level', ` (${t.pageLevel})`));
      return quote;
    }
    spans.sort((a, b) => a.s - b.s || a.e - b.e);
    let at = 0;
    for (let i = 0; i < spans.length; ) {
      // merge overlapping or touching spans into one mark
      let { s, e } = spans[i];
      const cats = new Set<string>([spans[i].cat]);
      for (i++; i < spans.length && spans[i].s <= e; i++) {
        e = Math.max(e, spans[i].e);
        cats.add(spans[i].cat);
      }
      if (s < at) s = at;
      if (s > at) quote.append(text.slice(at, s));
      const mark = el('mark', undefined, text.slice(s, e));
      mark.title = [...cats].join(' · ');
      quote.append(mark);
      at = e;
    }
    if (at < text.length) quote.append(text.slice(at));
    return quote;
  }

  function pageEvidence(pe: NonNullable<ViewModel['findings'][number]['pe']>): HTMLElement {
    const box = el('div', 'page-evidence');
    box.append(el('p', 'looked-title', `${fmt(t.lookedFor, { n: pe.checked })}${colon}`));
    const looked = el('ul', 'looked');
    for (const w of pe.lookedFor) {
      const li = el('li');
      li.append(el('code', undefined, w));
      looked.append(li);
    }
    box.append(looked);
    if (pe.claims.length) {
      box.append(el('p', 'claims-title', `${t.claimsOnPage}${colon}`));
      const list = el('ol', 'page-claims');
      for (const c of pe.claims) {
        const li = el('li');
        li.append(`« ${c.text} » — ${c.cats.join(' · ')}`);
        const where = el('span', 'where');
        if (c.hp.length) where.append(` · ${t.under}${colon}${c.hp.join(' › ')}`);
        if (c.sel) where.append(` · ${t.selector} `, el('code', undefined, c.sel));
        li.append(where);
        list.append(li);
      }
      if (pe.more) list.append(el('li', 'muted', fmt(t.andMore, { n: pe.more })));
      box.append(list);
    }
    if (pe.namedIn) box.append(el('p', 'named-in', `${t.namedIn}${colon}« ${pe.namedIn} »`));
    return box;
  }

  /** One card per sentence: the sentence once, then each category that flags it, with its message and source. */
  function sentenceCard(is: number[]): HTMLElement {
    const fs = is.map((i) => data.findings[i]);
    const first = fs[0];
    const worst = fs.reduce((w, f) => ((SEV[f.sev] ?? 3) < (SEV[w] ?? 3) ? f.sev : w), first.sev);
    const card = el('article', `finding sev-${worst}`);
    card.dataset.id = first.id;
    card.dataset.ids = fs.map((f) => f.id).join(' ');
    const meta = el('div', 'meta');
    meta.append(el('span', `badge sev ${worst}`, t[worst] ?? worst));
    const cats: string[] = [];
    for (const f of fs) if (!cats.includes(f.cat)) cats.push(f.cat);
    for (const c of cats) {
      const cat = el('span', 'cat');
      const swatch = el('i', 'swatch');
      swatch.style.background = data.categories[c]?.color ?? '#999';
      cat.append(swatch, data.categories[c]?.title ?? c);
      meta.append(cat);
    }
    const status = fs.some((f) => f.status === 'new') ? 'new' : fs.find((f) => f.status)?.status;
    if (status) meta.append(el('span', `badge status-${status}`, status === 'new' ? t.statusNew : t.statusUnchanged));
    card.append(meta);
    card.append(highlighted(first.text, fs));
    if (first.hp.length) card.append(el('div', 'under', `${t.under}${colon}${first.hp.join(' › ')}`));
    for (const f of fs) {
      const src = data.sources[f.src];
      const hit = el('section', 'hit');
      hit.dataset.id = f.id;
      const head = el('h4', 'hit-head');
      const swatch = el('i', 'swatch');
      swatch.style.background = data.categories[f.cat]?.color ?? '#999';
      head.append(swatch, data.categories[f.cat]?.title ?? f.cat);
      if (fs.length > 1) head.append(' ', el('span', `badge sev ${f.sev}`, t[f.sev] ?? f.sev));
      if (f.triage) {
        const badge = el('span', `badge triage triage-${f.triage}`, `${t.triage}: ${t[`triage_${f.triage}`] ?? f.triage}`);
        if (f.triageNote) badge.title = f.triageNote;
        head.append(' ', badge);
      }
      hit.append(head);
      const why = el('p', 'why');
      why.append(el('strong', undefined, `${t.why}${colon}`), f.msg);
      hit.append(why);
      if (f.pe) hit.append(pageEvidence(f.pe));
      const source = el('figure', 'source');
      source.append(el('blockquote', undefined, src.quote));
      if (src.tr) {
        const tr = el('p', 'translation');
        tr.lang = src.trLang;
        tr.append(el('span', 'tr-label', `${fmt(t.translation, { lang: src.trLang })}${colon}`), src.tr);
        source.append(tr);
      }
      const caption = el('figcaption');
      caption.append('— ', src.href ? link(src.href, src.title || src.document) : el('cite', undefined, src.title || src.document));
      if (src.title && src.document && src.title !== src.document) caption.append(` (${src.document})`);
      source.append(caption);
      hit.append(source);
      const ids = el('div', 'ids');
      ids.append(`${t.rule} `, el('code', undefined, f.rule));
      if (f.conf >= 0) ids.append(` · ${t.confidence} ${f.conf.toFixed(2)}`);
      ids.append(` · ${t.id} `, el('code', undefined, f.id));
      hit.append(ids);
      card.append(hit);
    }
    const foot = el('div', 'foot');
    const live = fs.find((f) => f.live)?.live;
    if (live) foot.append(link(live, `${t.openLive} ↗`, 'live'));
    if (first.sel) foot.append(live ? ' · ' : '', `${t.selector} `, el('code', undefined, first.sel));
    card.append(foot);
    return card;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(apply, 120);
  });
  for (const control of [catSel, siteSel, statusSel, sortSel, ...sevBoxes]) control?.addEventListener('change', apply);
  byId('f-reset')?.addEventListener('click', () => {
    search.value = '';
    catSel.value = '';
    siteSel.value = '';
    if (statusSel) statusSel.value = '';
    for (const b of sevBoxes) b.checked = true;
    apply();
  });
  // Summary entries filter the list: a severity, a category, a site.
  document.addEventListener('click', (event) => {
    const target = (event.target as HTMLElement | null)?.closest<HTMLElement>('[data-filter]');
    if (!target) return;
    const [kind, value] = [target.dataset.filter, target.dataset.value ?? ''];
    if (kind === 'sev') for (const b of sevBoxes) b.checked = b.value === value;
    if (kind === 'cat') catSel.value = value;
    if (kind === 'site') siteSel.value = value;
    apply();
    byId('findings-section')?.scrollIntoView({ behavior: 'smooth' });
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && document.activeElement !== search && !(event.target as HTMLElement | null)?.closest('input, select, textarea')) {
      event.preventDefault();
      search.focus();
    }
  });
  // Printing (or saving as PDF) shows every finding the filters let through.
  window.addEventListener('beforeprint', () => renderMore(true));
  byId('print')?.addEventListener('click', () => {
    renderMore(true);
    window.print();
  });
  apply();
}
