// The HTTP API and static files of src/node/serve/, over a real socket on loopback.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type SearchServer, SearchIndex, serve } from '../src/node/index.js';
import { datedNews, ISKP_STRUGGLE, RUSSIA_DEPORTS } from './helpers.js';

const index = new SearchIndex({ metadata: { date: 'date' } });
index.addAll(datedNews());
let server: SearchServer;

test.before(async () => {
  server = await serve(index, { port: 0 });
});
test.after(() => server.close());

async function get(path: string): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(new URL(path, server.url));
  const text = await response.text();
  const json = response.headers.get('content-type')?.startsWith('application/json');
  return {
    status: response.status,
    body: json ? JSON.parse(text) : text,
    headers: response.headers,
  };
}

/** A request sent as raw bytes, so paths reach the server exactly as written. */
function raw(lines: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.end(lines));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

test('listens on loopback at a free port', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.ok(server.port > 0);
});

test('GET /api/search answers in the CLI --json schema, with facets and a date histogram', async () => {
  const { status, body } = await get('/api/search?q=ISIS-K&limit=3&histogram=date');
  assert.is(status, 200);
  assert.equal(Object.keys(body), [
    'query',
    'total',
    'took_ms',
    'corrections',
    'suggestions',
    'entities',
    'results',
    'facets',
    'histogram',
  ]);
  assert.is(body.results.length, 3);
  // The alias finds the article that writes "Islamic State Khorasan Province".
  assert.is(body.results[0].id, ISKP_STRUGGLE);
  const first = body.results[0];
  assert.equal(first.metadata, { date: '2024-04-10', source: 'Analysis' });
  assert.ok(first.highlights.length > 0);
  for (const [start, end] of first.highlights)
    assert.ok(end > start && end <= first.snippet.length);
  assert.ok(body.facets.group.some((f: { key: string }) => f.key === 'iskp'));
  assert.is(body.histogram.field, 'date');
  assert.is(
    body.histogram.buckets.reduce((sum: number, b: { count: number }) => sum + b.count, 0),
    body.total,
  );
  assert.not.ok('explanation' in first);
});

test('search parameters: paging, filters, sort, explain, exact', async () => {
  const all = (await get('/api/search?q=Tajik&limit=100')).body;
  const page2 = (await get('/api/search?q=Tajik&limit=5&offset=5')).body;
  assert.equal(
    page2.results.map((r: { id: string }) => r.id),
    all.results.slice(5, 10).map((r: { id: string }) => r.id),
  );
  assert.is(page2.results[0].rank, 6);
  const june = (await get('/api/search?q=Tajik&filter=date=2024-06&limit=100')).body;
  assert.ok(june.total > 0 && june.total < all.total);
  for (const r of june.results) assert.match(r.metadata.date, /^2024-06/);
  const sorted = (await get('/api/search?q=Tajik&sort=date:asc&limit=100')).body;
  const dates = sorted.results.map((r: { metadata: { date: string } }) => r.metadata.date);
  assert.equal(dates, [...dates].sort());
  const explained = (await get('/api/search?q=Tajik&explain=1&limit=1')).body;
  assert.match(explained.results[0].explanation.description, /sum of/);
  const corrected = (await get('/api/search?q=migrnts')).body;
  assert.equal(corrected.corrections[0], { word: 'migrnts', term: 'migrant', distance: 1 });
  const exact = (await get('/api/search?q=migrnts&exact=1')).body;
  assert.is(exact.corrections.length, 0);
  assert.is(exact.total, 0);
  const quiet = (await get('/api/search?q=Tajik&facets=0')).body;
  assert.equal(quiet.facets, {});
});

test('GET /api/doc/:id gives fields, metadata, entities with other names and mentions', async () => {
  const { status, body } = await get(`/api/doc/${RUSSIA_DEPORTS}`);
  assert.is(status, 200);
  assert.is(body.title, 'Russia Deports Thousands of Tajik Citizens');
  assert.equal(Object.keys(body.fields), ['title', 'body']);
  assert.equal(body.metadata, { date: '2024-07-30', source: 'Central Asia desk' });
  const tajikistan = body.entities.find((e: { key: string }) => e.key === 'tajikistan');
  assert.ok(tajikistan.aliases.includes('Tajik'));
  assert.ok(tajikistan.salience > 0 && tajikistan.salience <= 1);
  for (const m of body.mentions) {
    const text = body.fields[m.field] as string;
    assert.ok(m.end <= text.length);
    assert.ok(
      body.entities.some((e: { key: string }) => e.key === m.key),
      m.key,
    );
  }
  assert.ok(body.mentions.some((m: { field: string }) => m.field === 'title'));
});

test('GET /api/similar/:id and /api/entities', async () => {
  const similar = (await get(`/api/similar/${ISKP_STRUGGLE}?limit=3`)).body;
  assert.is(similar.results.length, 3);
  assert.not.ok(similar.results.some((r: { id: string }) => r.id === ISKP_STRUGGLE));
  // Its own briefs share its words most.
  assert.match(similar.results[0].id, new RegExp(`^${ISKP_STRUGGLE}-brief-`));
  const people = (await get('/api/entities?type=person&top=3')).body;
  assert.is(people.length, 3);
  for (const e of people) assert.is(e.type, 'person');
  const info = (await get('/api/info')).body;
  assert.is(info.documents, index.size);
  assert.equal(info.metadata, { date: 'date', source: 'keyword' });
  assert.is(info.title_field, 'title');
});

test('user mistakes are JSON errors with a 4xx status and a message that says which', async () => {
  const cases: [string, number, RegExp][] = [
    ['/api/search', 400, /q: the query is missing/],
    ['/api/search?q=%20', 400, /q: the query is missing/],
    ['/api/search?q=a&limt=3', 400, /unknown parameter "limt"/],
    ['/api/search?q=a&limit=0', 400, /limit: a whole number from 1 to 100/],
    ['/api/search?q=a&limit=abc', 400, /limit: a whole number/],
    ['/api/search?q=a&offset=-1', 400, /offset/],
    ['/api/search?q=a&q=b', 400, /q: given 2 times/],
    ['/api/search?q=a&explain=maybe', 400, /explain: 1, 0, true or false/],
    ['/api/search?q=a&sort=when', 400, /sort on "when": no such metadata field/],
    ['/api/search?q=a&sort=date:up', 400, /sort takes score, FIELD/],
    ['/api/search?q=a&filter=nonsense', 400, /filter takes field=value/],
    ['/api/search?q=a&filter=date=soon', 400, /"soon" is not an ISO 8601 date/],
    ['/api/search?q=a&histogram=source', 400, /histogram/],
    ['/api/search?q=tajik)&strict=1', 400, /query syntax error at character 6/],
    ['/api/search?q=when:2024..2025', 400, /no field "when" in this index/],
    ['/api/doc/no-such-article', 404, /no document with id "no-such-article"/],
    ['/api/doc/%E0%A4%A', 400, /not valid percent-encoding/],
    ['/api/similar/no-such-article', 404, /no document/],
    ['/api/entities?type=alien', 400, /type: one of person/],
    ['/api/entities?top=100000', 400, /top: a whole number from 1 to 1000/],
    ['/api/nothing', 404, /no API route/],
    ['/api/doc/a/b', 404, /no API route/],
  ];
  for (const [path, status, message] of cases) {
    const answer = await get(path);
    assert.is(answer.status, status, path);
    assert.match(answer.body.error, message, path);
    assert.not.match(answer.body.error, /\n|at .*\.ts/, `${path}: a stack trace`);
  }
  const syntax = (await get('/api/search?q=tajik)&strict=1')).body;
  assert.is(syntax.position, 5);
});

test('static files: the page and its assets, nothing else, whatever the spelling of ..', async () => {
  const page = await get('/');
  assert.is(page.status, 200);
  assert.match(page.headers.get('content-type')!, /^text\/html/);
  assert.match(page.body, /<script type="module" src="\/app.js">/);
  assert.match(page.headers.get('content-security-policy')!, /default-src 'self'/);
  assert.is(page.headers.get('x-content-type-options'), 'nosniff');
  for (const asset of ['/app.js', '/style.css', '/icon.svg'])
    assert.is((await get(asset)).status, 200, asset);
  const again = await fetch(new URL('/', server.url), {
    headers: { 'if-none-match': page.headers.get('etag')! },
  });
  assert.is(again.status, 304);
  for (const path of [
    '/../package.json',
    '/..%2fpackage.json',
    '/%2e%2e/package.json',
    '/%2e%2e%2fpackage.json',
    '/..%5cpackage.json',
    '/....//package.json',
    '//etc/passwd',
    '/%252e%252e/package.json',
    '/web/index.html',
    '/app.js%00.html',
  ]) {
    const answer = await raw(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.match(answer, /^HTTP\/1\.1 (404|400)/, path);
    assert.not.match(answer, /"name": "steppe"|root:x:0/, path);
  }
});

test('methods, bodies and long request targets are refused', async () => {
  const post = await fetch(new URL('/api/search?q=a', server.url), { method: 'POST', body: 'x' });
  assert.is(post.status, 405);
  assert.is(post.headers.get('allow'), 'GET, HEAD');
  const withBody = await raw(
    'GET /api/search?q=a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello',
  );
  assert.match(withBody, /^HTTP\/1\.1 413/);
  const long = await get(`/api/search?q=${'tajik+'.repeat(2_000)}`);
  assert.is(long.status, 414);
  assert.match(long.body.error, /request target over 8192 bytes/);
  const head = await new Promise<{ status: number; length: string | undefined; body: string }>(
    (resolve) => {
      const req = httpRequest(
        new URL('/api/search?q=ISKP', server.url),
        { method: 'HEAD' },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () =>
            resolve({ status: res.statusCode!, length: res.headers['content-length'], body }),
          );
        },
      );
      req.end();
    },
  );
  assert.is(head.status, 200);
  assert.ok(Number(head.length) > 100);
  assert.is(head.body, '');
});

test('a client that never finishes its request is cut off; others are answered meanwhile', async () => {
  const strict = await serve(index, { port: 0, headersTimeoutMs: 400, requestTimeoutMs: 400 });
  try {
    const started = Date.now();
    const slow = connect(strict.port, '127.0.0.1');
    let answer = '';
    slow.on('data', (chunk) => (answer += chunk));
    const closed = new Promise((resolve) => slow.on('close', resolve));
    slow.write('GET /api/search?q=a HTTP/1.1\r\nHost: x\r\n');
    const other = await fetch(new URL('/api/search?q=ISKP', strict.url));
    assert.is(other.status, 200);
    await closed;
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(Date.now() - started < 3_000, `cut off after ${Date.now() - started} ms`);
  } finally {
    await strict.close();
  }
});

test('a search past its time limit is stopped and answered 503, never in part', async () => {
  const hurried = await serve(index, { port: 0, searchTimeoutMs: 0 });
  try {
    const answer = await fetch(new URL('/api/search?q=Tajik', hurried.url));
    assert.is(answer.status, 503);
    assert.match(
      ((await answer.json()) as { error: string }).error,
      /^the search took longer than its limit of 0 ms and was stopped: narrow the query$/,
    );
    // The rest of the API does not search and still answers.
    assert.is((await fetch(new URL('/api/info', hurried.url))).status, 200);
  } finally {
    await hurried.close();
  }
  assert.is((await get('/api/search?q=Tajik')).status, 200);
});

test('another port, a port in use, and a host that is not loopback', async () => {
  const other = await serve(index, { port: 0 });
  try {
    await serve(index, { port: other.port });
    assert.unreachable('a port in use was taken');
  } catch (error) {
    assert.match((error as Error).message, new RegExp(`port ${other.port} on 127.0.0.1 is in use`));
  } finally {
    await other.close();
  }
});

test.run();
