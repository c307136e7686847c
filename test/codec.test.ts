import { deflateSync, inflateSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IndexFileError, loadCorpusSync, OptionsError, SearchIndex } from '../src/node/index.js';
import { ByteReader, ByteWriter } from '../src/util/bytes.js';
import { CORPUS, random, randomDocuments, SECURITY_CHIEF, seedIndex, untimed } from './helpers.js';

const seed = loadCorpusSync(CORPUS);

// The entity registry as format version 2 wrote it (docs/FORMAT.md, Versions), from the
// version-3 columns of an ENTS payload: entities found by rule and known by their name alone
// (their key left empty in version 3) terse, every other entity a record.
function registryAsVersion2(payload: Uint8Array): string {
  const input = new ByteReader(inflateSync(payload));
  const rules = input.varint() === 1;
  const count = input.varint();
  const text = (): string => input.text(input.varint());
  const trieAliases = Array.from({ length: count }, () =>
    Array.from({ length: input.varint() }, () => ({
      words: text(),
      capsOnly: input.varint() === 1,
    })),
  );
  const keys = Array.from({ length: count }, text);
  const names = Array.from({ length: count }, text);
  const facts = Array.from({ length: count }, () => ({
    type: input.varint(),
    source: input.varint(),
    parent: input.varint() - 1,
  }));
  const aliasLists = Array.from({ length: count }, () =>
    Array.from({ length: Math.max(0, input.varint() - 1) }, text),
  );
  assert.ok(input.done);
  const types = ['person', 'organization', 'place', 'event', 'group'];
  const sources = ['gazetteer', 'defined', 'rule'];
  const keyOf = keys.map(
    (key, id) =>
      key ||
      (trieAliases[id]![0]!.capsOnly
        ? `acr:${trieAliases[id]![0]!.words}`
        : `name:${trieAliases[id]![0]!.words.replace(/ /g, '-')}`),
  );
  const records: unknown[] = [];
  const ruleEntities: unknown[] = [];
  const aliases: unknown[] = [];
  for (let id = 0; id < count; id++) {
    const terse = keys[id] === '';
    if (!terse)
      records.push({
        key: keyOf[id],
        name: names[id],
        type: types[facts[id]!.type],
        aliases: aliasLists[id]!.length > 0 ? aliasLists[id] : [names[id]],
        source: sources[facts[id]!.source],
      });
    trieAliases[id]!.forEach(({ words, capsOnly }, i) => {
      if (terse && i === 0) {
        aliases.push(ruleEntities.length);
        ruleEntities.push([
          capsOnly ? `\u0002${words}` : words,
          names[id] === words ? 0 : names[id],
          facts[id]!.type,
        ]);
      } else aliases.push([words, keyOf[id], capsOnly]);
    });
  }
  const parent = facts.flatMap(({ parent: of }, id) => (of < 0 ? [] : [[keyOf[id], keyOf[of]]]));
  return JSON.stringify({ rules, records, ruleEntities, parent, aliases });
}

test('serialize and deserialize give identical results', () => {
  const index = seedIndex({ k1: 1.1, title: { weight: 3 } });
  const again = SearchIndex.deserialize(index.serialize());
  for (const query of [
    'crocus city hall attack',
    'ISIS-K',
    'Tajikistan migrants',
    'Uzbekistan’s president',
  ]) {
    assert.equal(untimed(again.search(query)), untimed(index.search(query)));
  }
  assert.equal(again.ranking, index.ranking);
  assert.equal(again.serialize(), index.serialize(), 'a loaded index writes the same bytes');
  assert.equal(again.entities(seed[0]!.id), index.entities(seed[0]!.id));
  again.add({ id: 'new', title: 'Crocus follow-up', body: 'More on Crocus City Hall.' });
  assert.is(again.search('crocus').total, 6);
  const third = SearchIndex.deserialize(again.serialize());
  assert.equal(
    untimed(third.search('crocus', { limit: 10 })),
    untimed(again.search('crocus', { limit: 10 })),
  );
  assert.is(third.get('new')?.body, 'More on Crocus City Hall.');
  assert.equal(third.get(seed[5]!.id)?.body, seed[5]!.body);
});

test('files of format versions 1 and 2 (entity registry as JSON) still load, with the same results and entities', async () => {
  const { readContainer, writeContainer } = await import('../src/codec/container.js');
  const { crc32 } = await import('../src/util/crc32.js');
  const current = new SearchIndex();
  current.addAll(loadCorpusSync(CORPUS));
  // A pair the text defines: two entities joined into one.
  current.add({
    id: 'pair',
    title: 'Border talks',
    body: 'The Border Monitoring Working Group (BMWG) met in Termez. The BMWG will meet again in May.',
    date: '2024-05-01',
    words: 17,
  });
  const { version, sections: currentSections } = readContainer(current.serialize());
  assert.is(version, 6);
  // Before version 5, META held no schema: the title's and body's parameters were ranking's.
  const legacyMeta = (payload: Uint8Array): Uint8Array => {
    const meta = JSON.parse(new TextDecoder().decode(payload));
    delete meta.schema;
    meta.fields = ['title', 'body'];
    const [title, body] = current.schema.fields;
    meta.ranking.title = { weight: title!.weight, b: title!.b };
    meta.ranking.body = { weight: body!.weight, b: body!.b };
    return new TextEncoder().encode(JSON.stringify(meta));
  };
  const sections = new Map(
    [...currentSections].map(([tag, payload]) => [
      tag,
      tag === 'META' ? legacyMeta(payload) : payload,
    ]),
  );
  const withVersion = (bytes: Uint8Array, fileVersion: number): Uint8Array => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    view.setUint32(8, fileVersion, true);
    view.setUint32(16, crc32(bytes.subarray(0, 16)), true);
    return bytes;
  };
  // Version 4 differs only in META; version 3 also in sparse metadata columns, which read the same.
  for (const fileVersion of [4, 3]) {
    const old = SearchIndex.deserialize(withVersion(writeContainer([...sections]), fileVersion));
    assert.is(old.search('ISKP').total, current.search('ISKP').total);
    // Metadata types come from the stored values.
    assert.equal(old.stats().metadataFields, { date: 'date', words: 'number' });
    assert.equal(
      old.search('border', { filter: { date: { from: '2024-05' } } }).results.map((r) => r.id),
      ['pair'],
    );
  }
  const registryJSON = registryAsVersion2(sections.get('ENTS')!);
  // Version 2 stored the registry as deflated JSON.
  const v2 = withVersion(
    writeContainer(
      [...sections].map(([tag, payload]) => [
        tag,
        tag === 'ENTS' ? deflateSync(registryJSON) : payload,
      ]),
    ),
    2,
  );
  // Version 1 stored the registry's JSON undeflated and each term's posting count after its document frequency.
  const termsV1 = (payload: Uint8Array): Uint8Array => {
    const reader = new ByteReader(payload);
    const writer = new ByteWriter();
    const count = reader.varint();
    writer.varint(count);
    for (let t = 0; t < count; t++) {
      const term = reader.take(reader.varint());
      writer.varint(term.length);
      writer.write(term);
      const docFreq = reader.varint();
      writer.varint(docFreq);
      writer.varint(docFreq);
      for (let i = 0; i < 3; i++) writer.varint(reader.varint());
    }
    return writer.view();
  };
  const v1Sections: Record<string, (payload: Uint8Array) => Uint8Array> = {
    ENTS: () => new TextEncoder().encode(registryJSON),
    TERM: termsV1,
  };
  const v1 = withVersion(
    writeContainer(
      [...sections].map(([tag, payload]) => [tag, v1Sections[tag]?.(payload) ?? payload]),
    ),
    1,
  );
  for (const old of [v2, v1]) {
    const loaded = SearchIndex.deserialize(old);
    const again = SearchIndex.deserialize(loaded.serialize());
    for (const query of [
      'ISIS-K',
      'Wilayat Khorasan',
      'crocus city hall attack',
      'Mirzioyev',
      'BMWG',
      'entity:"Border Monitoring Working Group"',
    ]) {
      const expected = current.search(query).results.map((r) => [r.id, r.score]);
      assert.ok(expected.length > 0, query);
      assert.equal(
        loaded.search(query).results.map((r) => [r.id, r.score]),
        expected,
        query,
      );
      assert.equal(
        again.search(query).results.map((r) => [r.id, r.score]),
        expected,
        query,
      );
    }
    assert.equal(loaded.entityList(), current.entityList());
    assert.equal(again.entityList(), current.entityList());
    assert.equal(loaded.entities(SECURITY_CHIEF), current.entities(SECURITY_CHIEF));
    assert.equal(loaded.entities('pair'), current.entities('pair'));
  }
});

test('every single-byte flip of a small index is caught', () => {
  const index = new SearchIndex();
  index.add({ id: 'a', title: 'Crocus City Hall', body: 'Gunmen attacked the concert hall.' });
  const bytes = index.serialize();
  for (let i = 0; i < bytes.length; i++) {
    const damaged = Uint8Array.from(bytes);
    damaged[i]! ^= 0x20;
    assert.throws(
      () => SearchIndex.deserialize(damaged),
      (e: unknown) => e instanceof IndexFileError,
      `byte ${i}`,
    );
  }
});

test('a custom stemmer must be given again to load', () => {
  const stemmer = (w: string): string => w.slice(0, 5);
  const index = new SearchIndex({ analyzer: { stemmer } });
  index.addAll(seed);
  const bytes = index.serialize();
  assert.throws(
    () => SearchIndex.deserialize(bytes),
    (e: unknown) => e instanceof OptionsError,
  );
  assert.equal(
    untimed(SearchIndex.deserialize(bytes, { analyzer: { stemmer } }).search('deportations')),
    untimed(index.search('deportations')),
  );
});

test('an index opened in parts reads a small share of its file, and finds damage where it reads', async () => {
  const { openContainer } = await import('../src/codec/lazy-container.js');
  const { openIndexContents } = await import('../src/codec/index-codec.js');
  const { CorruptIndexError } = await import('../src/errors.js');
  const built = new SearchIndex({ entities: false });
  built.addAll(randomDocuments(4000, random(3)));
  const bytes = built.serialize();
  let read = 0;
  const file = {
    name: 'memory',
    size: bytes.length,
    read(position: number, length: number): Uint8Array {
      read += length;
      return bytes.slice(position, position + length);
    },
  };
  class Opened extends SearchIndex {
    static over(contents: Parameters<typeof SearchIndex.fromContents>[0]): Opened {
      return this.fromContents(contents);
    }
  }
  const open = (): Opened =>
    Opened.over(openIndexContents(openContainer(file)!, { cacheBytes: 1 << 20 }));
  const opened = open();
  assert.ok(read < bytes.length / 10, `${read} of ${bytes.length} bytes read to open`);
  const before = read;
  // A rare term: its postings and ten documents, a few blocks.
  const rare = 'w8cx';
  assert.equal(untimed(opened.search(rare)), untimed(built.search(rare)));
  assert.ok(read - before < 20 * 65536, `${read - before} bytes read for one search`);
  // The same search again reads only the documents it shows: the postings are kept.
  const again = read;
  opened.search(rare, { limit: 0 });
  assert.is(read, again);
  // Damage in the first block of PDOC, where the first term's postings start: found by the
  // search that reads it, not by others.
  const pdoc = Buffer.from(bytes).indexOf('PDOC');
  bytes[pdoc + 16 + 2]! ^= 0x40;
  const damaged = open();
  assert.equal(damaged.search(rare).total, built.search(rare).total);
  const firstTerm = String(built.get('r0')!.title).split(' ')[0]!;
  assert.throws(
    () => damaged.search(firstTerm),
    (e: unknown) =>
      e instanceof CorruptIndexError &&
      /^memory: corrupt index: checksum mismatch in block 0 of section PDOC$/.test(e.message),
  );
});

test.run();
