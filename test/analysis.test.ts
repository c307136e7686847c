import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { Analyzer, porterStemWord, scanWords, tokenize } from '../src/analysis/index.js';
import { readFileSync } from 'node:fs';

import { CORPUS } from './helpers.js';
import { OptionsError } from '../src/errors.js';

const english = new Analyzer();
const unstemmed = new Analyzer({ stemmer: 'none' });

function terms(analyzer: Analyzer, text: string): string[] {
  return analyzer.analyze(text).map((t) => `${t.term}@${t.position}`);
}

// Sentences from the seed articles, with the tokens a careful engineer wants from them.
const cases: [string, string[]][] = [
  [
    'Sanaullah Ghafari, Emir of ISIS-K has a U$10 million bounty',
    [
      'sanaullah@0',
      'ghafari@1',
      'emir@2',
      'isis-k@4',
      'isis@4',
      'k@4',
      'u@7',
      '10@8',
      'million@9',
      'bounty@10',
    ],
  ],
  ['the world’s most powerful countries', ['world@1', 'powerful@3', 'countries@4']],
  [
    'It is estimated that ISKP has between 4,000 and 6,000 members.',
    ['estimated@2', 'iskp@4', '4000@7', '6000@9', 'members@10'],
  ],
  [
    'both the U.S. and the UNODC are working with Tajikistan',
    ['us@2', 'unodc@5', 'working@7', 'tajikistan@9'],
  ],
  [
    'Uzbek Security Chief: SCO Must Help Afghanistan',
    ['uzbek@0', 'security@1', 'chief@2', 'sco@3', 'help@5', 'afghanistan@6'],
  ],
  [
    'Tehrik-e-Taliban (TTP), and former Taliban fighters',
    [
      'tehrik-e-taliban@0',
      'tehrik@0',
      'e@0',
      'taliban@0',
      'ttp@1',
      'former@3',
      'taliban@4',
      'fighters@5',
    ],
  ],
  ['Moscow’s Crocus City Hall in March', ['moscow@0', 'crocus@1', 'city@2', 'hall@3', 'march@5']],
  [
    'Uzbek Latin: O‘zbekiston, g‘alaba and Oʻzbekiston',
    ['uzbek@0', 'latin@1', "o'zbekiston@2", "g'alaba@3", "o'zbekiston@5"],
  ],
  ['Café Nazarzóda — İstanbul, ﬁnal', ['cafe@0', 'nazarzoda@1', 'istanbul@2', 'final@3']],
  ['anti-terror efforts', ['anti-terror@0', 'anti@0', 'terror@0', 'efforts@1']],
];

test('the pipeline turns seed sentences into the expected terms and positions', () => {
  for (const [text, expected] of cases) assert.equal(terms(unstemmed, text), expected, text);
});

test('offsets give back the surface form, curly quotes and diacritics included', () => {
  const text = 'Emir of ISIS-K, “the world’s” Nazarzóda in the U.S. — 4,000 fighters';
  const surfaces = english.analyze(text).map((t) => text.slice(t.start, t.end));
  assert.equal(surfaces, [
    'Emir',
    'ISIS-K',
    'ISIS',
    'K',
    'world’s',
    'Nazarzóda',
    'U.S.',
    '4,000',
    'fighters',
  ]);
});

test('apostrophe variants analyze alike', () => {
  assert.equal(terms(english, 'world’s'), terms(english, "world's"));
  assert.equal(terms(english, 'worldʼs'), terms(english, 'world‘s'));
});

test('stop words leave a position gap', () => {
  assert.equal(terms(unstemmed, 'the head of the service'), ['head@1', 'service@4']);
  assert.equal(terms(new Analyzer({ stopWords: false, stemmer: 'none' }), 'the head'), [
    'the@0',
    'head@1',
  ]);
  assert.equal(terms(new Analyzer({ stopWords: ['head'], stemmer: 'none' }), 'the head'), [
    'the@0',
  ]);
});

test("the default stop words are the extended list; Lucene's alone by name", () => {
  assert.equal(terms(unstemmed, 'which reports have been filed'), ['reports@1', 'filed@4']);
  // WHO and the month May are news words, not stop words.
  assert.equal(terms(unstemmed, 'WHO warned in May'), ['who@0', 'warned@1', 'may@3']);
  const lucene = new Analyzer({ stopWords: 'english', stemmer: 'none' });
  assert.equal(terms(lucene, 'which reports have been filed'), [
    'which@0',
    'reports@1',
    'have@2',
    'been@3',
    'filed@4',
  ]);
  assert.is(lucene.config.stopWords, 'english');
  assert.is(unstemmed.config.stopWords, 'english-extended');
  assert.throws(
    () => new Analyzer({ stopWords: 'french' as 'english' }),
    /stopWords must be 'english-extended', 'english', a list of words, or false/,
  );
});

test('porter stemming by default, on the last part of hyphenated words', () => {
  assert.equal(terms(english, 'deportations deported counter-terrorism'), [
    'deport@0',
    'deport@1',
    'counter-terror@2',
    'counter@2',
    'terror@2',
  ]);
  assert.equal(terms(new Analyzer({ stemmer: (w) => w.slice(0, 4) }), 'security services'), [
    'secu@0',
    'serv@1',
  ]);
});

test('the tokenizer keeps digits, letters of any script, and numbers with separators', () => {
  const tokens = tokenize('IK-19 Сурровикино 3.5% 2024, 1,000,000');
  assert.equal(
    tokens.map((t) => t.term),
    ['IK-19', 'IK', '19', 'Сурровикино', '3.5', '2024', '1,000,000'],
  );
});

test('edge cases: empty text, punctuation only, acronym at the end', () => {
  assert.equal(english.analyze(''), []);
  assert.equal(english.analyze('… — !!! ”'), []);
  assert.equal(terms(english, 'in the U.S'), ['us@2']);
  assert.equal(terms(english, 'A. Smith'), ['smith@1']);
});

test('bad analyzer options are refused with a typed error', () => {
  assert.throws(
    () => new Analyzer({ stemmer: 'snowball' as never }),
    (e: unknown) => e instanceof OptionsError,
  );
  assert.throws(
    () => new Analyzer({ stopWords: 'german' as never }),
    (e: unknown) => e instanceof OptionsError,
  );
});

test('scanWords hands over the words tokenize makes, without strings', () => {
  const text = 'ISIS-K’s U.S. ties, 4,000 troops; Ōzbekiston o‘zbek.';
  const spans: string[] = [];
  scanWords(text, (start, end, position) => spans.push(`${text.slice(start, end)}@${position}`));
  assert.equal(
    spans,
    tokenize(text).map((t) => `${t.term}@${t.position}`),
  );
  assert.equal(spans.slice(0, 4), ['ISIS-K’s@0', 'ISIS@0', 'K’s@0', 'U.S.@1']);
});

test("the step-skipping Porter stemmer gives natural's stems: every word of the shipped corpus, and words made of Porter's suffixes", () => {
  const words = new Set(
    readFileSync(join(CORPUS, 'articles.txt'), 'utf8')
      .toLowerCase()
      .match(/[a-z]+/g),
  );
  // Porter's suffixes stacked on short stems, so every step meets words it changes and words
  // it almost changes (a suffix one letter short, a measure too small).
  const suffixes = [
    's',
    'ss',
    'ies',
    'sses',
    'eed',
    'ed',
    'ing',
    'y',
    'ational',
    'tional',
    'enci',
    'anci',
    'izer',
    'abli',
    'bli',
    'alli',
    'entli',
    'eli',
    'ousli',
    'ization',
    'ation',
    'ator',
    'alism',
    'iveness',
    'fulness',
    'ousness',
    'aliti',
    'iviti',
    'biliti',
    'logi',
    'icate',
    'ative',
    'alize',
    'iciti',
    'ical',
    'ful',
    'ness',
    'al',
    'ance',
    'ence',
    'er',
    'ic',
    'able',
    'ible',
    'ant',
    'ement',
    'ment',
    'ent',
    'ou',
    'ism',
    'ate',
    'iti',
    'ous',
    'ive',
    'ize',
    'sion',
    'tion',
    'e',
    'll',
    'at',
    'bl',
    'iz',
    'hop',
    'fil',
  ];
  const stems = [
    '',
    'r',
    'tr',
    'oa',
    'cat',
    'feud',
    'hope',
    'relat',
    'condit',
    'generaliz',
    'sens',
  ];
  for (const stem of stems)
    for (const a of suffixes) for (const b of ['', ...suffixes]) words.add(stem + a + b);
  assert.ok(words.size > 40_000);
  let changed = 0;
  for (const word of words) {
    const expected = PorterStemmer.stem(word);
    if (expected !== word) changed++;
    assert.is(porterStemWord(word), expected, word);
  }
  assert.ok(changed > 20_000, 'most test words have a stem of their own');
});

test.run();
