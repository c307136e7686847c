// The search page: reads the state from the address (?q=…&page=…, ?doc=…), asks the JSON API
// and draws the answer. Every piece of text from the index or the user is put in the page as a
// text node or an attribute value, never parsed as HTML.

const PAGE_SIZE = 10;
const TYPE_LABELS = {
  group: 'Groups',
  organization: 'Organizations',
  person: 'People',
  place: 'Places',
  event: 'Events',
  concept: 'Terms',
};
const EXAMPLES = ['ISKP', 'Wilayat Khorasan', 'Tajik migrants', 'Mirzioyev', '"press conference"'];

const $ = (id) => document.getElementById(id);

/**
 * An element with attributes (`on…` functions become listeners, `style` an object of properties)
 * and children (text or nodes).
 */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    // Through the CSSOM: the page's policy refuses style attributes.
    else if (name === 'style')
      for (const [property, v] of Object.entries(value))
        node.style.setProperty(property, String(v));
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat())
    if (child !== undefined && child !== null && child !== false)
      node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  return node;
}

let info = { documents: 0, metadata: {}, title_field: 'title' };
let current; // the AbortController of the request in flight

/** The JSON of `/api/PATH?params`; an error answer throws its message. */
async function getJson(path, params = {}, signal = undefined) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    for (const one of [value].flat()) if (one !== undefined) query.append(name, String(one));
  const response = await fetch(`/api/${path}${query.size > 0 ? `?${query}` : ''}`, { signal });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body;
}

/** {@link getJson} for what the page shows: a newer request cancels the one in flight. */
function api(path, params = {}) {
  current?.abort();
  current = new AbortController();
  return getJson(path, params, current.signal);
}

// ---- the address is the state

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  const page = Number(params.get('page') ?? '1');
  return {
    q: params.get('q') ?? '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    exact: params.get('exact') === '1',
    doc: params.get('doc') ?? undefined,
  };
}

function urlOf(state) {
  const params = new URLSearchParams();
  if (state.doc !== undefined) params.set('doc', state.doc);
  if (state.q) params.set('q', state.q);
  if (state.page > 1 && state.doc === undefined) params.set('page', String(state.page));
  if (state.exact && state.doc === undefined) params.set('exact', '1');
  const text = params.toString();
  return text === '' ? '/' : `/?${text}`;
}

function go(state) {
  history.pushState(null, '', urlOf(state));
  render();
}

/** A link inside the page that goes through `go` (and still opens in a new tab when asked). */
function link(state, ...children) {
  return el(
    'a',
    {
      href: urlOf(state),
      onclick: (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        go(state);
      },
    },
    ...children,
  );
}

// ---- filters are part of the query text: entity:key and FIELD:from..to

const FILTER = /(^|\s)(-?)(entity|[A-Za-z_][\w-]*):("[^"]*"|[^\s()"]+)/g;

function filtersOf(q) {
  const found = [];
  for (const m of q.matchAll(FILTER)) {
    const [, , not, field, value] = m;
    if (field !== 'entity' && info.metadata[field.toLowerCase()] === undefined) continue;
    found.push({ text: m[0].trim(), not: not === '-', field, value: value.replace(/^"|"$/g, '') });
  }
  return found;
}

function withoutFilter(q, text) {
  return q
    .split(/\s+/)
    .filter((part) => part !== text)
    .join(' ')
    .trim();
}

function withFilter(q, text, replaceField) {
  let rest = q;
  if (replaceField !== undefined)
    for (const f of filtersOf(q)) if (f.field === replaceField) rest = withoutFilter(rest, f.text);
  return rest.split(/\s+/).includes(text) ? rest : `${rest} ${text}`.trim();
}

function entityName(key, facets) {
  for (const list of Object.values(facets ?? {})) {
    const hit = list.find((f) => f.key === key);
    if (hit) return hit.name;
  }
  return key;
}

function drawFilters(state, found) {
  const box = $('filters');
  box.replaceChildren();
  for (const f of filtersOf(state.q)) {
    const label =
      f.field === 'entity'
        ? `${f.not ? 'not ' : ''}${entityName(f.value, found?.facets)}`
        : `${f.not ? 'not ' : ''}${f.field}: ${f.value.replace('..', ' – ')}`;
    box.append(
      el(
        'span',
        { class: `chip filter${f.field === 'entity' ? '' : ' range'}` },
        label,
        el(
          'button',
          {
            type: 'button',
            class: 'remove',
            'aria-label': `Remove filter ${label}`,
            title: 'Remove this filter',
            onclick: () => go({ q: withoutFilter(state.q, f.text), page: 1 }),
          },
          '×',
        ),
      ),
    );
  }
}

// ---- results

function highlighted(text, ranges) {
  const parts = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(el('mark', {}, text.slice(start, end)));
    at = end;
  }
  parts.push(text.slice(at));
  return parts;
}

function formatDate(value) {
  const text = String(value);
  const date = new Date(text);
  if (!/^\d{4}/.test(text) || Number.isNaN(date.getTime())) return text;
  const precision =
    text.length <= 4
      ? { year: 'numeric' }
      : text.length <= 7
        ? { year: 'numeric', month: 'long' }
        : { dateStyle: 'medium' };
  return new Intl.DateTimeFormat('en', { ...precision, timeZone: 'UTC' }).format(date);
}

function metaLine(metadata) {
  const parts = [];
  for (const [name, value] of Object.entries(metadata ?? {})) {
    const type = info.metadata[name];
    if (type === 'date') parts.unshift(el('time', { datetime: String(value) }, formatDate(value)));
    else if (name === 'source')
      parts.splice(parts[0]?.tagName === 'TIME' ? 1 : 0, 0, String(value));
    else parts.push(`${name}: ${[value].flat().join(', ')}`);
  }
  return parts.slice(0, 5).flatMap((part, i) => (i === 0 ? [part] : [' · ', part]));
}

function entityChip(entity, state) {
  return el(
    'button',
    {
      type: 'button',
      class: `chip entity ${entity.type}`,
      title: `${entity.type}: show only articles about ${entity.name}`,
      onclick: () => go({ q: withFilter(state.q, `entity:${entity.key}`), page: 1 }),
    },
    entity.name,
  );
}

function explanationTree(explanation) {
  return el(
    'li',
    {},
    el('span', { class: 'value' }, explanation.value.toFixed(4)),
    ' ',
    explanation.description,
    explanation.details?.length
      ? el('ul', {}, explanation.details.map(explanationTree))
      : undefined,
  );
}

function resultItem(result, state) {
  const explainId = `explain-${result.rank}`;
  const explainBox = el('div', { id: explainId, class: 'explain', hidden: true });
  const toggle = el(
    'button',
    {
      type: 'button',
      class: 'explain-toggle',
      'aria-expanded': 'false',
      'aria-controls': explainId,
      onclick: async () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        explainBox.hidden = !open;
        if (open && explainBox.childElementCount === 0) {
          explainBox.append(el('p', {}, 'Working it out…'));
          try {
            const explained = await explanations(state);
            const mine = explained.results.find((r) => r.id === result.id)?.explanation;
            explainBox.replaceChildren(
              mine
                ? el('ul', { class: 'tree' }, explanationTree(mine))
                : el('p', {}, 'No explanation: the results changed.'),
            );
          } catch (error) {
            explainBox.replaceChildren(el('p', { class: 'error' }, error.message));
          }
        }
      },
    },
    'Explain score',
  );
  const title = result.title || '(untitled)';
  return el(
    'li',
    { class: 'result', value: result.rank },
    el('h2', {}, link({ ...state, doc: result.id }, title)),
    el('p', { class: 'meta' }, metaLine(result.metadata)),
    el('p', { class: 'snippet' }, highlighted(result.snippet, result.highlights)),
    el(
      'div',
      { class: 'result-foot' },
      el(
        'div',
        { class: 'chips', 'aria-label': 'Main entities' },
        result.entities.map((e) => entityChip(e, state)),
      ),
      el('span', { class: 'score' }, `score ${result.score.toFixed(3)}`),
      toggle,
    ),
    explainBox,
  );
}

let explained; // { key, promise } for the page on screen
function explanations(state) {
  const key = urlOf(state);
  if (explained?.key !== key)
    explained = {
      key,
      promise: getJson(
        'search',
        Object.fromEntries(searchParams(state, { explain: 1, facets: 0 })),
      ),
    };
  return explained.promise;
}

function searchParams(state, extra = {}) {
  const params = new URLSearchParams({
    q: state.q,
    limit: String(PAGE_SIZE),
    offset: String((state.page - 1) * PAGE_SIZE),
  });
  if (state.exact) params.set('exact', '1');
  const dateField = Object.keys(info.metadata).find((name) => info.metadata[name] === 'date');
  if (dateField !== undefined && extra.facets !== 0) params.set('histogram', dateField);
  for (const [name, value] of Object.entries(extra)) params.set(name, String(value));
  return params;
}

function drawNotices(state, found) {
  const box = $('notices');
  box.replaceChildren();
  if (found.corrections.length > 0) {
    const corrected = found.corrections.reduce((text, c) => text.replace(c.word, c.term), state.q);
    box.append(
      el(
        'p',
        { class: 'notice' },
        'Showing results for ',
        el('strong', {}, corrected),
        '. Search instead for ',
        link({ q: state.q, page: 1, exact: true }, state.q),
        '.',
      ),
    );
  }
  if (found.suggestions.length > 0) {
    const meant = found.suggestions.reduce((text, s) => text.replace(s.word, s.term), state.q);
    box.append(
      el('p', { class: 'notice' }, 'Did you mean ', link({ q: meant, page: 1 }, meant), '?'),
    );
  }
  for (const e of found.entities)
    if (e.distance > 0)
      box.append(
        el(
          'p',
          { class: 'notice' },
          'Read ',
          el('q', {}, e.text),
          ' as the entity ',
          el('strong', {}, entityName(e.key, found.facets)),
          '.',
        ),
      );
}

function drawPager(state, total) {
  const nav = $('pager');
  nav.replaceChildren();
  const pages = Math.ceil(Math.min(total, 10_000 + PAGE_SIZE) / PAGE_SIZE);
  if (pages <= 1) return;
  const list = el('ul');
  const item = (page, label, aria) =>
    list.append(
      el(
        'li',
        {},
        page === state.page
          ? el('span', { 'aria-current': 'page', class: 'current' }, label)
          : page >= 1 && page <= pages
            ? link({ ...state, page }, label)
            : el('span', { class: 'disabled', 'aria-hidden': 'true' }, label),
      ),
    );
  item(state.page - 1, '‹ Previous');
  const first = Math.max(1, Math.min(state.page - 4, pages - 8));
  for (let page = first; page <= Math.min(pages, first + 8); page++) item(page, String(page));
  item(state.page + 1, 'Next ›');
  nav.append(list);
}

function drawFacets(state, facets) {
  const box = $('facets');
  box.replaceChildren();
  for (const [type, label] of Object.entries(TYPE_LABELS)) {
    const list = facets[type] ?? [];
    if (list.length === 0) continue;
    const active = new Set(filtersOf(state.q).map((f) => f.value));
    box.append(
      el(
        'section',
        { class: 'facet' },
        el('h2', {}, label),
        el(
          'ul',
          {},
          list.slice(0, 8).map((f) =>
            el(
              'li',
              {},
              el(
                'button',
                {
                  type: 'button',
                  class: 'facet-value',
                  'aria-pressed': String(active.has(f.key)),
                  onclick: () => go({ q: withFilter(state.q, `entity:${f.key}`), page: 1 }),
                },
                el('span', { class: 'name' }, f.name),
                el('span', { class: 'count', 'aria-label': `${f.count} articles` }, f.count),
              ),
            ),
          ),
        ),
      ),
    );
  }
}

// Dates: one bar a period; a click keeps that period, a drag the periods it crosses.
function drawHistogram(state, histogram) {
  const section = $('timeline');
  const box = $('histogram');
  box.replaceChildren();
  section.hidden = !histogram || histogram.buckets.length === 0;
  if (section.hidden) return;
  const { buckets, field } = histogram;
  const most = Math.max(...buckets.map((b) => b.count), 1);
  let anchor;
  const select = (from, to) => {
    const [a, b] = from <= to ? [from, to] : [to, from];
    const range = a === b ? buckets[a].start : `${buckets[a].start}..${buckets[b].start}`;
    go({ q: withFilter(state.q, `${field}:${range}`, field), page: 1 });
  };
  const bars = buckets.map((bucket, i) =>
    el(
      'button',
      {
        type: 'button',
        class: 'bar',
        style: { '--h': Math.max(bucket.count / most, bucket.count > 0 ? 0.04 : 0) },
        'aria-label': `${formatDate(bucket.start)}: ${bucket.count} article${bucket.count === 1 ? '' : 's'}`,
        title: `${formatDate(bucket.start)}: ${bucket.count}`,
        onpointerdown: (event) => {
          anchor = i;
          event.target.releasePointerCapture?.(event.pointerId);
        },
        onpointerenter: () => {
          if (anchor === undefined) return;
          bars.forEach((bar, j) =>
            bar.classList.toggle('picked', j >= Math.min(anchor, i) && j <= Math.max(anchor, i)),
          );
        },
        onpointerup: () => {
          if (anchor !== undefined) select(anchor, i);
          anchor = undefined;
        },
        onkeydown: (event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            select(i, i);
          }
        },
      },
      el('span', { class: 'fill' }),
    ),
  );
  box.append(
    el('div', { class: 'bars' }, bars),
    el(
      'div',
      { class: 'axis', 'aria-hidden': 'true' },
      el('span', {}, formatDate(buckets[0].start)),
      el('span', {}, formatDate(buckets.at(-1).start)),
    ),
  );
  if (histogram.undated > 0)
    box.append(el('p', { class: 'hint' }, `${histogram.undated} without a date`));
}

async function drawSearch(state) {
  show('results-view');
  $('q').value = state.q;
  document.title = `${state.q} – steppe`;
  $('error').hidden = true;
  $('status').textContent = 'Searching…';
  let found;
  try {
    found = await api('search', Object.fromEntries(searchParams(state)));
  } catch (error) {
    if (error.name === 'AbortError') return;
    $('results').replaceChildren();
    $('pager').replaceChildren();
    $('facets').replaceChildren();
    $('timeline').hidden = true;
    $('notices').replaceChildren();
    drawFilters(state);
    $('status').textContent = 'No results.';
    $('error').textContent = error.message;
    $('error').hidden = false;
    return;
  }
  const first = (state.page - 1) * PAGE_SIZE + 1;
  $('status').textContent =
    found.results.length === 0
      ? found.total > 0
        ? `No results on page ${state.page} of ${found.total}.`
        : 'No results.'
      : `Viewing results ${first} – ${first + found.results.length - 1} of ${found.total.toLocaleString('en')} (${found.took_ms.toFixed(1)} ms)`;
  drawFilters(state, found);
  drawNotices(state, found);
  $('results').replaceChildren(...found.results.map((r) => resultItem(r, state)));
  if (found.total === 0)
    $('results').append(
      el(
        'li',
        { class: 'empty' },
        'No article matches every part of this query. Try fewer words, another spelling, or remove a filter.',
      ),
    );
  drawPager(state, found.total);
  drawFacets(state, found.facets);
  drawHistogram(state, found.histogram);
}

// ---- the article view

function markedText(text, mentions, names) {
  const parts = [];
  let at = 0;
  for (const m of mentions) {
    if (m.start < at) continue;
    parts.push(text.slice(at, m.start));
    const entity = names.get(m.key);
    const others = (entity?.aliases ?? []).filter((a) => a !== entity?.name).slice(0, 12);
    const tip = `${entity?.name ?? m.key} (${entity?.type ?? 'entity'})${others.length ? `; also ${others.join(', ')}` : ''}`;
    parts.push(
      el(
        'mark',
        {
          class: `mention ${entity?.type ?? ''}`,
          tabindex: 0,
          'data-tip': tip,
          'aria-description': tip,
        },
        text.slice(m.start, m.end),
      ),
    );
    at = m.end;
  }
  parts.push(text.slice(at));
  return parts;
}

async function drawDocument(state) {
  show('doc-view');
  const back = $('back');
  back.href = urlOf({ q: state.q, page: 1 });
  back.textContent = state.q ? '← Back to results' : '← Start page';
  back.onclick = (event) => {
    event.preventDefault();
    go({ q: state.q, page: 1 });
  };
  let doc;
  let similar;
  try {
    [doc, similar] = await Promise.all([
      api(`doc/${encodeURIComponent(state.doc)}`),
      getJson(`similar/${encodeURIComponent(state.doc)}`, { limit: 5 }),
    ]);
  } catch (error) {
    if (error.name === 'AbortError') return;
    $('doc-title').textContent = 'Not found';
    $('doc-meta').textContent = error.message;
    $('doc-text').replaceChildren();
    $('doc-entities').replaceChildren();
    $('similar').replaceChildren();
    return;
  }
  document.title = `${doc.title || doc.id} – steppe`;
  $('doc-title').textContent = doc.title || doc.id;
  $('doc-meta').replaceChildren(...metaLine(doc.metadata));
  const names = new Map(doc.entities.map((e) => [e.key, e]));
  const text = $('doc-text');
  text.replaceChildren();
  for (const [field, value] of Object.entries(doc.fields)) {
    if (field === info.title_field) continue;
    const mentions = doc.mentions.filter((m) => m.field === field);
    // Paragraphs where the text has blank lines; the offsets stay those of the whole field.
    let offset = 0;
    const section = el('section', { class: `field field-${field}` });
    if (field !== 'body') section.append(el('h2', {}, field));
    for (const paragraph of value.split(/\n\s*\n/)) {
      const start = value.indexOf(paragraph, offset);
      const inside = mentions
        .filter((m) => m.start >= start && m.end <= start + paragraph.length)
        .map((m) => ({ ...m, start: m.start - start, end: m.end - start }));
      section.append(el('p', {}, markedText(paragraph, inside, names)));
      offset = start + paragraph.length;
    }
    text.append(section);
  }
  $('doc-title').replaceChildren(
    ...markedText(
      doc.title || doc.id,
      doc.mentions.filter((m) => m.field === info.title_field),
      names,
    ),
  );
  $('doc-entities').replaceChildren(
    ...doc.entities.map((e) =>
      el(
        'li',
        {},
        el(
          'button',
          {
            type: 'button',
            class: `chip entity ${e.type}`,
            title: `Search for articles about ${e.name}`,
            onclick: () => go({ q: `entity:${e.key}`, page: 1 }),
          },
          e.name,
        ),
        el(
          'span',
          { class: 'salience-bar', 'aria-label': `salience ${e.salience.toFixed(2)}` },
          el('span', { style: { '--s': e.salience } }),
        ),
        el('span', { class: 'count' }, `${e.mentions}×`),
      ),
    ),
  );
  $('similar').replaceChildren(
    ...similar.results.map((r) =>
      el(
        'li',
        {},
        link({ q: state.q, doc: r.id, page: 1 }, r.title || r.id),
        el('span', { class: 'meta' }, ' ', metaLine(r.metadata)),
      ),
    ),
  );
  scrollTo(0, 0);
  $('main').focus({ preventScroll: true });
}

// ---- the start page

async function drawStart() {
  show('start-view');
  $('q').value = '';
  document.title = 'steppe';
  $('filters').replaceChildren();
  $('notices').replaceChildren();
  $('corpus-size').textContent = info.documents.toLocaleString('en');
  $('examples').replaceChildren(
    ...EXAMPLES.flatMap((q, i) => [i > 0 ? ' · ' : '', link({ q, page: 1 }, q)]),
  );
  let entities = [];
  try {
    entities = await api('entities', { top: 40 });
  } catch (error) {
    if (error.name === 'AbortError') return;
  }
  const box = $('top-entities');
  box.replaceChildren();
  for (const [type, label] of Object.entries(TYPE_LABELS)) {
    const list = entities.filter((e) => e.type === type).slice(0, 6);
    if (list.length === 0) continue;
    box.append(
      el(
        'section',
        {},
        el('h2', {}, label),
        el(
          'ul',
          {},
          list.map((e) =>
            el(
              'li',
              {},
              link({ q: `entity:${e.key}`, page: 1 }, e.name),
              el(
                'span',
                { class: 'count', 'aria-label': `${e.documents} articles` },
                ` ${e.documents}`,
              ),
            ),
          ),
        ),
      ),
    );
  }
}

function show(view) {
  for (const id of ['results-view', 'start-view', 'doc-view']) $(id).hidden = id !== view;
}

async function render() {
  document.body.dataset.ready = 'false';
  const state = stateFromUrl();
  if (state.doc !== undefined) await drawDocument(state);
  else if (state.q.trim() !== '') await drawSearch(state);
  else await drawStart();
  document.body.dataset.ready = 'true';
}

$('search').addEventListener('submit', (event) => {
  event.preventDefault();
  const q = $('q').value.trim();
  go({ q, page: 1 });
});
addEventListener('popstate', render);
addEventListener('pointerup', () =>
  document.querySelectorAll('.bar.picked').forEach((b) => b.classList.remove('picked')),
);
// "/" jumps to the search box, as on most search sites.
addEventListener('keydown', (event) => {
  if (event.key === '/' && !/^(INPUT|TEXTAREA)$/.test(document.activeElement?.tagName ?? '')) {
    event.preventDefault();
    $('q').focus();
  }
});

try {
  info = await getJson('info');
} catch {
  // The page still searches; it only cannot tell dates from other metadata.
}
render();
