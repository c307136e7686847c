/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The search page of web/ in headless Chromium, used as a researcher would: typing, clicking,
// paging, reading an article; and a corpus of markup that must never run.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCorpusSync, SearchIndex, type SearchServer, serve } from '../src/node/index.js';
import { datedNews, FIXTURES, headlessChromium, ISKP_STRUGGLE } from './helpers.js';

const news = new SearchIndex({ metadata: { date: 'date' } });
news.addAll(datedNews());
let browser: Browser | undefined;
let server: SearchServer;

test.before(async () => {
  browser = await headlessChromium();
  server = await serve(news, { port: 0 });
});
test.after(async () => {
  await browser?.close();
  await server.close();
});

/** A page of the server that records every request and every script error. */
async function open(
  path: string,
  base = server.url,
  viewport = { width: 1280, height: 900 },
): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser!.newPage({ viewport });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => void requests.push(r.url()));
  page.on('pageerror', (e) => void errors.push(String(e)));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(new URL(path, base).href);
  await ready(page);
  return { page, requests, errors };
}

const ready = (page: Page) => page.waitForSelector('body[data-ready="true"]');
const status = async (page: Page): Promise<string> => (await page.textContent('#status')) ?? '';

test('type a query: the count, the highlights, dates and sources, entity chips', async () => {
  if (browser === undefined) return;
  const { page, requests, errors } = await open('/');
  await page.fill('#q', 'ISIS-K');
  await page.press('#q', 'Enter');
  await ready(page);
  const total = news.search('ISIS-K').total;
  assert.match(await status(page), new RegExp(`^Viewing results 1 – 10 of ${total} \\(`));
  assert.ok(total > 10);
  assert.match(page.url(), /\?q=ISIS-K$/);
  const marks = await page.$$eval('#results .snippet mark', (m) => m.map((e) => e.textContent));
  assert.ok(marks.length > 0);
  // The entity's other names are highlighted too.
  assert.ok(
    marks.some((m) => /Islamic State Khorasan Province|ISKP|Wilayat Khorasan/.test(m!)),
    marks.join('|'),
  );
  const meta = await page.textContent('#results .result .meta');
  assert.match(meta!, /2024 · (Analysis|Briefs|.* desk)/);
  assert.ok((await page.$$('#results .result')).length === 10);
  assert.ok((await page.$$('#results .chips .chip')).length > 10);
  // Nothing asked of any other host: fonts, scripts and icons are the server's.
  for (const url of requests) assert.ok(url.startsWith(server.url), url);
  assert.equal(errors, []);
  await page.close();
});

test('click a facet: entity:… joins the query and shows as a removable filter', async () => {
  if (browser === undefined) return;
  const { page } = await open('/?q=Tajik');
  const before = news.search('Tajik').total;
  await page.click('#facets .facet-value:has-text("Taliban")');
  await ready(page);
  assert.is(await page.inputValue('#q'), 'Tajik entity:taliban');
  const after = news.search('Tajik entity:taliban').total;
  assert.ok(after < before);
  assert.match(await status(page), new RegExp(`of ${after} `));
  assert.match((await page.textContent('#filters .chip'))!, /Taliban/);
  assert.is(
    await page.getAttribute('#facets .facet-value:has-text("Taliban")', 'aria-pressed'),
    'true',
  );
  await page.click('#filters .chip .remove');
  await ready(page);
  assert.is(await page.inputValue('#q'), 'Tajik');
  assert.match(await status(page), new RegExp(`of ${before} `));
  // The back button returns to the filtered search.
  await page.goBack();
  await ready(page);
  assert.is(await page.inputValue('#q'), 'Tajik entity:taliban');
  await page.close();
});

test('page forward and back', async () => {
  if (browser === undefined) return;
  const { page } = await open('/?q=Tajik');
  const all = news.search('Tajik', { limit: 100 }).results.map((r) => r.id);
  assert.ok(all.length > 10);
  await page.click('#pager a:has-text("Next")');
  await ready(page);
  assert.match(page.url(), /page=2/);
  assert.match(
    await status(page),
    new RegExp(`^Viewing results 11 – ${Math.min(20, all.length)} of ${all.length} `),
  );
  const hrefs = await page.$$eval('#results h2 a', (a) => a.map((e) => e.getAttribute('href')!));
  assert.equal(
    hrefs.map((h) => new URLSearchParams(h.slice(1)).get('doc')),
    all.slice(10, 20),
  );
  assert.is(await page.textContent('#pager [aria-current="page"]'), '2');
  await page.click('#pager a:has-text("Previous")');
  await ready(page);
  assert.match(await status(page), /^Viewing results 1 – 10 of /);
  await page.close();
});

test('the histogram narrows the dates by click and by drag', async () => {
  if (browser === undefined) return;
  const { page } = await open('/?q=Tajik');
  const histogram = news.search('Tajik', { histogram: 'date' }).histogram!;
  const bars = await page.$$('#histogram .bar');
  assert.is(bars.length, histogram.buckets.length);
  const busiest = histogram.buckets.reduce((a, b) => (b.count > a.count ? b : a));
  await page.click(`#histogram .bar >> nth=${histogram.buckets.indexOf(busiest)}`);
  await ready(page);
  assert.is(await page.inputValue('#q'), `Tajik date:${busiest.start}`);
  assert.match(await status(page), new RegExp(` of ${busiest.count} `));
  assert.match((await page.textContent('#filters .chip.range'))!, /date:/);
  // A drag from the first bar to the third keeps their periods.
  await page.goto(new URL('/?q=Tajik', server.url).href);
  await ready(page);
  const first = await page.$('#histogram .bar >> nth=0');
  const third = await page.$('#histogram .bar >> nth=2');
  const a = (await first!.boundingBox())!;
  const c = (await third!.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height - 2);
  await page.mouse.down();
  await page.mouse.move(c.x + c.width / 2, c.y + c.height - 2, { steps: 5 });
  await page.mouse.up();
  await ready(page);
  const range = `${histogram.buckets[0]!.start}..${histogram.buckets[2]!.start}`;
  assert.is(await page.inputValue('#q'), `Tajik date:${range}`);
  const expected = news.search(`Tajik date:${range}`).total;
  assert.match(await status(page), new RegExp(` of ${expected} `));
  await page.close();
});

test('open an article: mentions marked with their other names, salience, similar articles', async () => {
  if (browser === undefined) return;
  const { page } = await open('/?q=ISKP');
  await page.click(`#results h2 a[href*="doc=${ISKP_STRUGGLE}&"]`);
  await ready(page);
  assert.is(
    await page.textContent('#doc-title'),
    'Islamic State Khorasan Province as Part of the Struggle for Central Asia',
  );
  const mentions = await page.$$eval('#doc-text .mention', (m) =>
    m.map((e) => ({ text: e.textContent, tip: e.getAttribute('data-tip') })),
  );
  assert.ok(mentions.length > 20);
  const wilayat = mentions.find((m) => m.text === 'Wilayat Khorasan');
  assert.ok(wilayat, 'Wilayat Khorasan is marked');
  assert.match(wilayat!.tip!, /^Islamic State Khorasan Province \(group\); also .*ISKP, .*ISIS-K/);
  // The text reads as written: marking mentions loses no character.
  const body = news.get(ISKP_STRUGGLE)!.body as string;
  const shown = await page.$$eval('#doc-text p', (p) => p.map((e) => e.textContent).join('\n\n'));
  assert.is(shown, body);
  const salience = await page.$$eval('#doc-entities li', (li) => li.length);
  assert.is(salience, news.entities(ISKP_STRUGGLE).length);
  const similar = await page.$$eval('#similar a', (a) => a.map((e) => e.textContent));
  assert.is(similar.length, 5);
  // A mention can be reached with the keyboard, and shows its tip there.
  await page.focus('#doc-text .mention');
  assert.match((await page.evaluate(() => document.activeElement?.className))!, /^mention /);
  await page.click('#back');
  await ready(page);
  assert.is(await page.inputValue('#q'), 'ISKP');
  await page.close();
});

test('the explain toggle shows the parts of the score', async () => {
  if (browser === undefined) return;
  const { page } = await open('/?q=ISKP');
  const toggle = '#results .result >> nth=0 >> .explain-toggle';
  assert.is(await page.getAttribute(toggle, 'aria-expanded'), 'false');
  await page.click(toggle);
  await page.waitForSelector('#results .result >> nth=0 >> .explain .tree');
  assert.is(await page.getAttribute(toggle, 'aria-expanded'), 'true');
  const text = (await page.textContent('#results .result >> nth=0 >> .explain'))!;
  const explanation = news.search('ISKP', { explain: true, limit: 1 }).results[0]!.explanation!;
  assert.ok(text.startsWith(`${explanation.value.toFixed(4)} sum of`), text);
  assert.match(text, /term "iskp": idf/);
  assert.match(text, /entity Islamic State Khorasan Province: boost/);
  await page.click(toggle);
  assert.ok(await page.isHidden('#results .result >> nth=0 >> .explain'));
  await page.close();
});

test('corrections, suggestions and errors are said on the page', async () => {
  if (browser === undefined) return;
  const { page } = await open('/?q=migrnts');
  assert.match(
    (await page.textContent('#notices'))!,
    /Showing results for migrant\. Search instead for migrnts\./,
  );
  await page.click('#notices a');
  await ready(page);
  assert.match(page.url(), /exact=1/);
  assert.is(await status(page), 'No results.');
  await page.goto(new URL('/?q=Mirzioyev', server.url).href);
  await ready(page);
  assert.match((await page.textContent('#notices'))!, /as the entity Shavkat Mirziyoyev/);
  await page.goto(new URL('/?q=date:soon', server.url).href);
  await ready(page);
  assert.match((await page.textContent('#error'))!, /"soon" is not an ISO 8601 date/);
  await page.close();
});

test('keyboard and screen readers: labels, "/" to search, Enter on a bar', async () => {
  if (browser === undefined) return;
  const { page } = await open('/?q=Tajik');
  assert.is(await page.getAttribute('label[for="q"]', 'class'), 'visually-hidden');
  assert.is(await page.getAttribute('#status', 'role'), 'status');
  await page.click('body', { position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  assert.is(await page.evaluate(() => document.activeElement?.id), 'q');
  // Every control is a button or a link, so Tab reaches each.
  const untabbable = await page.$$eval(
    '[onclick], .facet-value, .chip, .bar',
    (nodes) => nodes.filter((n) => !['BUTTON', 'A'].includes(n.tagName)).length,
  );
  assert.is(untabbable, 0);
  await page.focus('#histogram .bar >> nth=0');
  await page.keyboard.press('Enter');
  await ready(page);
  assert.match(await page.inputValue('#q'), /^Tajik date:2024/);
  await page.close();
});

test('a phone-sized window: one column, no sideways scrolling', async () => {
  if (browser === undefined) return;
  const { page } = await open('/?q=Tajik', server.url, { width: 390, height: 844 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide`);
  const results = (await page.$('#results'))!;
  const sidebar = (await page.$('#sidebar'))!;
  assert.ok((await sidebar.boundingBox())!.y > (await results.boundingBox())!.y);
  await page.goto(new URL(`/?doc=${ISKP_STRUGGLE}`, server.url).href);
  await ready(page);
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390);
  await page.close();
});

test('markup in titles, bodies, metadata, ids and queries is shown as text and never runs', async () => {
  if (browser === undefined) return;
  const hostile = new SearchIndex({ metadata: { date: 'date' } });
  hostile.addAll(loadCorpusSync(join(FIXTURES, 'xss.jsonl')));
  const other = await serve(hostile, { port: 0 });
  try {
    const queries = [
      'Tajik',
      '<script>window.__pwned = "query"</script> Tajik',
      '"><img src=x onerror="window.__pwned = \'query-img\'"> Tajik',
      'javascript:window.__pwned=1 Tajik',
    ];
    for (const q of queries) {
      const { page, errors } = await open(`/?q=${encodeURIComponent(q)}`, other.url);
      assert.match(await status(page), /of 4 /, q);
      const { pwned, injected, titles } = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: string }).__pwned,
        injected: document.querySelectorAll(
          'main script, main img, main svg, main iframe, #notices *:not(p):not(strong):not(a):not(q), a[href^="javascript:"]',
        ).length,
        titles: [...document.querySelectorAll('#results h2')].map((h) => h.textContent),
      }));
      assert.is(pwned, undefined, q);
      assert.is(injected, 0, q);
      assert.ok(
        titles.some((t) => t!.startsWith('<script>window.__pwned')),
        q,
      );
      assert.is(await page.inputValue('#q'), q);
      assert.equal(errors, []);
      // Each article, its mentions and its metadata, shown as text.
      for (const id of hostile.search('Tajik').results.map((r) => r.id)) {
        await page.goto(new URL(`/?doc=${encodeURIComponent(id)}`, other.url).href);
        await ready(page);
        const view = await page.evaluate(() => ({
          pwned: (window as unknown as { __pwned?: string }).__pwned,
          injected: document.querySelectorAll(
            'main script, main img, main svg, main iframe, main a[href^="javascript:"]',
          ).length,
          text: document.querySelector('#doc-view')!.textContent,
        }));
        assert.is(view.pwned, undefined, id);
        assert.is(view.injected, 0, id);
        assert.ok(view.text!.includes((hostile.get(id)!.title as string).slice(0, 20)), id);
      }
      assert.equal(errors, []);
      await page.close();
    }
  } finally {
    await other.close();
  }
});

test.run();
