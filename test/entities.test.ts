import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCorpusSync } from '../src/node/index.js';
import { EdgeTable } from '../src/entities/edge-table.js';
import { CAPITALS, LETTERED, STARTS_UPPER, wordShape } from '../src/entities/index.js';
import { OptionsError, SearchIndex } from '../src/node/index.js';
import {
  CORPUS,
  FIXTURES,
  DEADLY_ATTACKS,
  ISKP_STRUGGLE,
  RUSSIA_DEPORTS,
  SECURITY_CHIEF,
  SMUGGLING,
  UZBEK_PRESIDENT,
  sharedSet,
} from './helpers.js';
import { evaluationSet, runEvaluation, type EvaluationFiles } from '../src/node/index.js';

const seed = loadCorpusSync(CORPUS);
const index = new SearchIndex();
index.addAll(seed);

const top = (query: string, n = 3): string[] =>
  index.search(query, { limit: n }).results.map((r) => r.id);

test('the trie edge table agrees with a map over 200,000 random (node, word) pairs', () => {
  const table = new EdgeTable();
  const reference = new Map<string, number>();
  let seed = 7;
  const random = (n: number): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % n;
  for (let i = 0; i < 200_000; i++) {
    const node = random(50_000);
    const word = random(20_000);
    const key = `${node} ${word}`;
    if (reference.has(key)) assert.is(table.get(node, word), reference.get(key));
    else {
      assert.is(table.get(node, word), 0);
      table.add(node, word, i + 1);
      reference.set(key, i + 1);
    }
  }
  assert.is(table.size, reference.size);
  for (const [key, child] of reference) {
    const [node, word] = key.split(' ').map(Number);
    assert.is(table.get(node!, word!), child);
  }
});

test('ISIS-K ranks both ISKP articles first; each name finds both in its top 3', () => {
  assert.equal(top('ISIS-K', 2).sort(), [ISKP_STRUGGLE, SECURITY_CHIEF].sort());
  assert.equal(
    index.search('ISIS-K').entities.map((e) => e.key),
    ['iskp'],
  );
  for (const alias of ['ISKP', 'iskp', 'Islamic State Khorasan Province'])
    assert.equal(top(alias, 2).sort(), [ISKP_STRUGGLE, SECURITY_CHIEF].sort(), alias);
  // ISIL-K is the word the Deadly Attacks article itself uses: it ranks first there, as the words say.
  const isilK = top('ISIL-K', 3);
  assert.ok(isilK.includes(ISKP_STRUGGLE) && isilK.includes(SECURITY_CHIEF), isilK.join());
});

test('Wilayat Khorasan finds the Uzbek Security Chief article, which never uses that name', () => {
  assert.not.ok(seed.find((d) => d.id === SECURITY_CHIEF)!.body.includes('Wilayat'));
  assert.ok(top('Wilayat Khorasan').includes(SECURITY_CHIEF));
});

test('near spellings of a name: Mirziyoev and Mirzioyev rank the Uzbek President article first', () => {
  for (const spelling of ['Mirziyoev', 'Mirzioyev', 'Mirziyoyev']) {
    const result = index.search(spelling);
    assert.is(result.results[0]!.id, UZBEK_PRESIDENT, spelling);
    assert.is(result.entities[0]!.key, 'shavkat-mirziyoyev');
  }
  assert.is(index.search('Mirziyoev').entities[0]!.distance, 1);
  // Precision: a common word near no name resolves to nothing.
  assert.equal(
    index.search('internal security').entities.map((e) => e.key),
    [],
  );
});

test('recognition finds the seed articles’ entities with the right types', () => {
  const all = new Map(index.entityList().map((e) => [e.name, e.type]));
  const expected: [string, string][] = [
    ['Crocus City Hall', 'place'],
    ['Sanaullah Ghafari', 'person'],
    ['Habibullo Nazarzoda', 'person'],
    ['Alejandro Mayorkas', 'person'],
    ['Abdusalam Azizov', 'person'],
    ['United Nations Office on Drugs and Crime', 'organization'],
    ['Collective Security Treaty Organization', 'organization'],
    ['Tashkent', 'place'],
    ['Volgograd', 'place'],
    ['Islamic State Khorasan Province', 'group'],
    ['Temur Khusinov', 'person'],
  ];
  for (const [name, type] of expected) assert.is(all.get(name), type, name);
});

test('per-document entities with mentions, title flag, first position and salience', () => {
  const entities = index.entities(ISKP_STRUGGLE);
  const iskp = entities.find((e) => e.key === 'iskp')!;
  assert.is(entities[0]!.key, 'iskp', 'the article is most about ISKP');
  assert.ok(iskp.inTitle);
  assert.ok(iskp.mentions >= 15);
  assert.is(
    iskp.firstPosition,
    31,
    'word 31 of the body: “…has once again fallen on Islamic State Khorasan Province”',
  );
  const deports = index.entities(RUSSIA_DEPORTS);
  const nazarzoda = deports.find((e) => e.key === 'habibullo-nazarzoda')!;
  assert.equal(
    { ...nazarzoda, salience: 0 },
    {
      key: 'habibullo-nazarzoda',
      name: 'Habibullo Nazarzoda',
      type: 'person',
      mentions: 2,
      inTitle: false,
      firstPosition: 10,
      salience: 0,
    },
  );
});

test('articles about an entity rank above passing mentions', () => {
  // Both mention ISKP; the Deadly Attacks article only in passing (ISIL-K, once).
  const results = top('ISKP', 3);
  assert.is(results[2], DEADLY_ATTACKS);
});

test('entity queries give the same results pruned and exhaustive', () => {
  for (const query of [
    'ISKP attacks in Russia',
    'Wilayat Khorasan Taliban',
    'Mirziyoev Tashkent conference',
    'Tajik migrants Moscow',
  ]) {
    for (const limit of [1, 2, 4]) {
      const pruned = index.search(query, { limit });
      const exhaustive = index.search(query, { limit, pruning: false });
      assert.is(pruned.total, exhaustive.total, query);
      assert.equal(
        pruned.results.map((r) => r.id),
        exhaustive.results.map((r) => r.id),
        `${query} @${limit}`,
      );
    }
  }
});

test('entity: scopes a query to documents about an entity, under any alias', () => {
  assert.equal(
    new Set(index.search('entity:ISKP').results.map((r) => r.id)),
    new Set([SECURITY_CHIEF, ISKP_STRUGGLE, DEADLY_ATTACKS]),
  );
  // Words beside the scope still decide what matches: articles about ISKP that name Azizov.
  const azizov = new Set(index.search('Azizov').results.map((r) => r.id));
  assert.equal(
    index.search('entity:"Wilayat Khorasan" Azizov').results.map((r) => r.id),
    [SECURITY_CHIEF, ISKP_STRUGGLE, DEADLY_ATTACKS].filter((id) => azizov.has(id)),
  );
  assert.equal(index.search('entity:ISKP xyzzy').total, 0);
  assert.equal(
    index
      .search('entity:"United States" -entity:ISKP')
      .results.map((r) => r.id)
      .sort(),
    [RUSSIA_DEPORTS, SMUGGLING, UZBEK_PRESIDENT]
      .filter((id) => index.entities(id).some((e) => e.key === 'united-states'))
      .sort(),
  );
  assert.is(index.search('entity:Nonexistentia').total, 0);
});

test('a pair a document defines is learned and applied corpus-wide', () => {
  const learner = new SearchIndex();
  learner.add({
    id: 'a',
    title: 'Drills',
    body: 'The Anti-Drone Coordination Center held drills. ADCC officers attended.',
  });
  learner.add({
    id: 'b',
    title: 'Budget',
    body: 'The Anti-Drone Coordination Center (ADCC) got a larger budget.',
  });
  learner.add({ id: 'c', title: 'Report', body: 'A report by ADCC staff.' });
  const found = learner
    .search('entity:ADCC')
    .results.map((r) => r.id)
    .sort();
  assert.equal(found, ['a', 'b', 'c']);
  const record = learner.entityList().find((e) => e.aliases.includes('ADCC'))!;
  assert.is(record.name, 'Anti-Drone Coordination Center');
  assert.is(record.documents, 3);
});

test('capitals in wire tables, ticker suffixes and stop words do not make entities; real acronyms among words do', () => {
  const wire = new SearchIndex();
  wire.add({
    id: 'rain',
    title: 'Brazil rainfall',
    body: 'Rainfall was recorded in these areas over the past three days, the state weather office said on Monday, and farmers expect more rain over the coming week in the south of the country. PARANA STATE: UMUARAMA NIL, PARANAVAI 1.5 MILLIMETRES, LONDRINA NIL. SAO PAULO STATE: PRESIDENTE PRUDENTE 0.6 MM, VOTUPORANGA 12 MM. Traders said THE rains came late.',
  });
  wire.add({
    id: 'nokia',
    title: 'Finnish merger',
    body: 'Nokia Oy <NOKS.HE> said it would merge two units. But He said nothing of terms. The FBI and ZKTB were not involved, officials told NATO.',
  });
  const names = wire.entityList().map((e) => e.name);
  for (const junk of ['NIL', 'MM', 'STATE', 'THE', 'HE', 'But He', 'PARANA STATE'])
    assert.not.ok(names.includes(junk), `${junk} is not an entity`);
  for (const real of ['Federal Bureau of Investigation', 'ZKTB', 'Nokia Oy'])
    assert.ok(names.includes(real), `${real} is an entity`);
});

test('facets: entities of the matching documents, grouped by type', () => {
  const result = index.search('Tajik migrants', { facets: true });
  const places = result.facets!.place!;
  assert.is(places[0]!.name, 'Tajikistan');
  assert.is(places[0]!.count, result.total);
  for (const list of Object.values(result.facets!))
    for (let i = 1; i < list.length; i++) assert.ok(list[i - 1]!.count >= list[i]!.count);
});

test('facets count each document once per entity, and follow the index as it changes', () => {
  const counted = (idx: SearchIndex, query: string) => {
    // What facets must say, counted the slow way from each document's entities.
    const counts = new Map<string, number>();
    for (const r of idx.search(query, { limit: idx.size }).results)
      for (const e of idx.entities(r.id)) counts.set(e.key, (counts.get(e.key) ?? 0) + 1);
    return counts;
  };
  const local = new SearchIndex();
  local.addAll(seed);
  for (const query of ['Tajik', 'ISKP', 'Russia Moscow attack', 'the']) {
    const expected = counted(local, query);
    for (const list of Object.values(local.search(query, { facets: true }).facets!))
      for (const f of list) assert.is(f.count, expected.get(f.key), `${query}: ${f.key}`);
  }
  const before = local.search('Taliban', { facets: true }).facets!.group!;
  local.add({
    id: 'new',
    title: 'Taliban talks',
    body: 'The Taliban met Tajik officials in Dushanbe.',
  });
  const after = local.search('Taliban', { facets: true }).facets!.group!;
  const taliban = (list: { key: string; count: number }[]) =>
    list.find((f) => f.key === 'taliban')!.count;
  assert.is(taliban(after), taliban(before) + 1);
  local.remove('new');
  assert.is(taliban(local.search('Taliban', { facets: true }).facets!.group!), taliban(before));
});

test('entityBoost 0 gives plain BM25 exactly; entities off changes nothing in text scores', () => {
  const plain = new SearchIndex({ entities: false });
  plain.addAll(seed);
  for (const query of ['crocus city hall attack', 'Tajik migrants Russia', 'ISIS-K bounty']) {
    const a = index.search(query, { entityBoost: 0, limit: 6 }).results.map((r) => [r.id, r.score]);
    const b = plain.search(query, { limit: 6 }).results.map((r) => [r.id, r.score]);
    assert.equal(a, b, query);
  }
});

test('entities survive save and load; custom gazetteers extend or replace', () => {
  const again = SearchIndex.deserialize(index.serialize());
  assert.equal(
    again.search('Wilayat Khorasan').results.map((r) => r.id),
    index.search('Wilayat Khorasan').results.map((r) => r.id),
  );
  assert.equal(again.entities(ISKP_STRUGGLE), index.entities(ISKP_STRUGGLE));
  const dir = mkdtempSync(join(tmpdir(), 'steppe-gaz-'));
  const file = join(dir, 'extra.json');
  writeFileSync(
    file,
    JSON.stringify({
      entities: [
        {
          id: 'khorasan-project',
          name: 'Khorasan Project',
          type: 'event',
          aliases: ['Khorasan Project'],
        },
      ],
    }),
  );
  const extended = new SearchIndex({ entities: { extend: file } });
  extended.addAll(seed);
  assert.ok(extended.entityList().some((e) => e.key === 'khorasan-project'));
  assert.ok(extended.entityList().some((e) => e.key === 'iskp'));
  const replaced = new SearchIndex({
    entities: {
      gazetteer: [{ id: 'crocus', name: 'Crocus', type: 'place', aliases: ['Crocus City Hall'] }],
      rules: false,
    },
  });
  replaced.addAll(seed);
  assert.equal(
    replaced.entityList().map((e) => e.key),
    ['crocus'],
  );
  assert.throws(
    () =>
      new SearchIndex({
        entities: { gazetteer: [{ id: 'Bad Id', name: 'x', type: 'place', aliases: [] }] },
      }),
    (e: unknown) => e instanceof OptionsError,
  );
  assert.throws(
    () => new SearchIndex({ entities: { gazetteer: join(dir, 'missing.json') } }),
    (e: unknown) => e instanceof OptionsError && /missing\.json/.test((e as Error).message),
  );
});

test('a query naming a parent entity finds its branches, ranked lower; a branch never pulls in its parent', () => {
  const news = new SearchIndex();
  news.addAll([
    {
      id: 'syria',
      title: 'Islamic State claims ambush in Syrian desert',
      body: 'Islamic State fighters ambushed an army convoy near Palmyra, the group said in a statement carried by its Amaq agency.',
    },
    {
      id: 'kabul',
      title: 'Kabul bombing claimed by ISKP',
      body: 'ISKP said its fighters carried out the bombing near the ministry in Kabul, where the group has attacked Taliban officials before.',
    },
    {
      id: 'herat',
      title: 'Taliban name new governor',
      body: 'The Taliban appointed a new governor for Herat province on Monday.',
    },
  ]);
  const found = (query: string): string[] => news.search(query).results.map((r) => r.id);
  for (const query of ['Daesh', 'ISIS', 'Islamic State', 'entity:Daesh', 'entity:islamic-state'])
    assert.equal(found(query), ['syria', 'kabul'], query);
  for (const query of ['ISKP', 'Wilayat Khorasan', 'entity:ISKP'])
    assert.equal(found(query), ['kabul'], query);
  const [, branch] = news.search('Daesh', { explain: true }).results;
  assert.match(
    JSON.stringify(branch!.explanation),
    /Islamic State Khorasan Province, through parent Islamic State/,
  );
  const again = SearchIndex.deserialize(news.serialize());
  assert.equal(
    again.search('Daesh').results.map((r) => r.id),
    ['syria', 'kabul'],
  );
  const entry = (id: string, parent?: string) => ({
    id,
    name: id,
    type: 'group' as const,
    aliases: [],
    ...(parent !== undefined && { parent }),
  });
  assert.throws(
    () => new SearchIndex({ entities: { gazetteer: [entry('branch', 'nowhere')] } }),
    (e: unknown) =>
      e instanceof OptionsError &&
      /parent "nowhere" is not in the gazetteer/.test((e as Error).message),
  );
  assert.throws(
    () => new SearchIndex({ entities: { gazetteer: [entry('a', 'b'), entry('b', 'a')] } }),
    (e: unknown) => e instanceof OptionsError && /cycle/.test((e as Error).message),
  );
  assert.throws(
    () => new SearchIndex({ entities: { gazetteer: [entry('a', 'a')] } }),
    (e: unknown) => e instanceof OptionsError,
  );
});

// The judged set with its documents in capitals, as old wire archives are written.
function upperCased(dir: string): EvaluationFiles {
  const files = evaluationSet(dir);
  const lines = readFileSync(files.docs, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
  const upper = lines.map((line) => {
    const doc = JSON.parse(line) as Record<string, unknown>;
    for (const field of ['title', 'text', 'body'])
      if (typeof doc[field] === 'string') doc[field] = (doc[field] as string).toUpperCase();
    return JSON.stringify(doc);
  });
  const docs = join(mkdtempSync(join(tmpdir(), 'steppe-upper-')), 'docs.jsonl');
  writeFileSync(docs, `${upper.join('\n')}\n`);
  return { ...files, docs };
}

test('entity boosts make retrieval on the judged sets no worse than one swap at rank 10, as written or in capitals (skipped without ../shared/data)', () => {
  for (const name of ['scifact', 'nfcorpus-preproc', 'cranfield', 'cisi']) {
    const dir = sharedSet(name);
    if (dir === undefined) {
      console.log(`  skipped: ../shared/data/${name} is absent`);
      continue;
    }
    for (const [form, files] of [
      ['as written', evaluationSet(dir)],
      ['in capitals', upperCased(dir)],
    ] as const) {
      const on = runEvaluation(files).ndcg10;
      const off = runEvaluation(files, { entityBoost: 0 }).ndcg10;
      // One query's swap at rank 10 moves a set's mean by up to 0.0007 (cisi, query 76:
      // the United States boost lifts an article not judged relevant past a relevant one).
      assert.ok(
        on >= off - 0.001,
        `${name} ${form}: with boosts ${on.toFixed(4)} < without ${off.toFixed(4)}`,
      );
    }
  }
});

test('in text set all in capitals, US, IS and IT are words unless the context names the entity', () => {
  const wire = new SearchIndex();
  wire.addAll([
    {
      id: 'grain',
      title: 'US GRAIN EXPORTS SEEN HIGHER',
      body: 'IT IS EXPECTED THAT US WHEAT SALES WILL RISE, A TRADER TOLD US. HE SAID IT WAS TOO EARLY TO SAY HOW MUCH.',
    },
    {
      id: 'syria',
      title: 'ISLAMIC STATE CLAIMS ATTACK',
      body: 'THE ISLAMIC STATE SAID IT CARRIED OUT THE ATTACK. IS FIGHTERS HELD THE TOWN FOR A DAY.',
    },
    {
      id: 'ship',
      title: 'WHEAT SHIPMENT',
      body: 'THE US WILL SHIP 200,000 TONNES OF WHEAT TO EGYPT, THE DEPARTMENT SAID.',
    },
    {
      id: 'mixed',
      title: 'Grain exports',
      body: 'The US said exports would rise. IS fighters were seen near the border.',
    },
  ]);
  const keys = (id: string): string[] => wire.entities(id).map((e) => e.key);
  assert.not.ok(keys('grain').includes('islamic-state'), 'IT IS EXPECTED is no Islamic State');
  assert.not.ok(
    keys('grain').includes('united-states'),
    'TOLD US and US WHEAT say nothing of the country without context',
  );
  assert.ok(keys('syria').includes('islamic-state'), 'named in full in the same text');
  assert.ok(keys('ship').includes('united-states'), 'THE US is the country');
  assert.ok(
    keys('mixed').includes('united-states') && keys('mixed').includes('islamic-state'),
    'in mixed case capitals mark acronyms',
  );
});

test('rules: possessives stripped, no sentence starters or pronoun phrases, known places keep their type', () => {
  const news = new SearchIndex();
  news.addAll([
    {
      id: 'bbc',
      title: 'Brown sets out plans',
      body: "What I said was clear, Gordon Brown's aide told the BBC. So I asked. Home Secretary Charles Clarke flew to New York, where the UK delegation watched TV coverage with Scotland and Italy fans. Snow Patrol played at Old Trafford.",
    },
  ]);
  const found = new Map(news.entities('bbc').map((e) => [e.name, e.type]));
  assert.is(found.get('Gordon Brown'), 'person');
  assert.not.ok(found.has("Gordon Brown's"));
  assert.is(found.get('Charles Clarke'), 'person', 'the title before a name is not part of it');
  assert.is(found.get('New York'), 'place');
  assert.is(found.get('UK'), 'place');
  for (const name of [
    'What I',
    'So I',
    'TV',
    'Home Secretary Charles Clarke',
    'Scotland and Italy',
    'Snow Patrol',
  ])
    assert.not.ok(found.has(name), name);
});

test('the recognizer types at least 0.9 of a hand-judged sample of bbc-news and reuters21578 entities right (skipped without ../shared/data)', () => {
  const rows = readFileSync(join(FIXTURES, 'entity-precision.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => line.split('\t'));
  assert.is(rows.length, 200);
  let found = 0;
  let right = 0;
  for (const set of ['bbc-news', 'reuters21578']) {
    const dir = sharedSet(set);
    if (dir === undefined) return console.log(`  skipped: ../shared/data/${set} is absent`);
    const sample = rows.filter((row) => row[0] === set);
    const ids = new Set(sample.map((row) => row[1]));
    const judged = new SearchIndex({ workerThread: false });
    judged.addAll(loadCorpusSync(join(dir, 'docs.jsonl')).filter((doc) => ids.has(doc.id)));
    for (const [, doc, name, , type] of sample) {
      const entity = judged.entities(doc!).find((e) => e.name === name);
      if (entity === undefined) continue;
      found++;
      if (entity.type === type) right++;
    }
  }
  // Precision over the judged entities still found; most must still be found.
  assert.ok(found >= 150, `only ${found} of 200 judged entities found`);
  assert.ok(
    right / found >= 0.9,
    `type precision ${(right / found).toFixed(3)} (${right} of ${found})`,
  );
});

test('word shapes: capitals, a capital first, a letter at all', () => {
  const shape = (word: string): string[] =>
    [
      [CAPITALS, 'caps'],
      [STARTS_UPPER, 'upper'],
      [LETTERED, 'lettered'],
    ]
      .filter(([bit]) => (wordShape(word) & (bit as number)) !== 0)
      .map(([, name]) => name as string);
  assert.equal(shape('ISKP'), ['caps', 'upper', 'lettered']);
  assert.equal(shape('U.S.'), ['caps', 'upper', 'lettered']);
  assert.equal(shape('ISIS-K'), ['caps', 'upper', 'lettered']);
  assert.equal(shape('Tashkent'), ['upper', 'lettered']);
  assert.equal(shape('Émir'), ['upper', 'lettered']);
  assert.equal(shape('O‘zbekiston'), ['upper', 'lettered']);
  assert.equal(shape('K'), ['upper', 'lettered']); // one capital is not an acronym
  assert.equal(shape('élan'), ['lettered']);
  assert.equal(shape('2024'), []);
  assert.equal(shape('4,000'), []);
  assert.equal(shape('ÉU'), ['upper', 'lettered']); // acronyms are counted in A–Z capitals
});

test.run();
