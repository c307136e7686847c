import type { EntityType } from './types.js';
import type { StreamWord } from './alias-trie.js';
import { GIVEN_NAMES } from './given-names.js';
import { wordSet } from '../util/words.js';

// Words that may join the parts of a name without being capitalized or counting as initials.
const CONNECTORS = wordSet(`
  of and for the on in de al bin ibn ul ut as e i
`);
// The connectors a run of capitalized words may hold: `and`, `in`, `on`, `for` join two names
// far more often than they sit inside one (Scotland and Italy, Hove on Saturday).
const RUN_CONNECTORS = wordSet(`
  of the de al bin ibn ul ut e du van von der la le da di del della dos das do
`);
// Forms of address: the name after one is a person's.
const PERSONAL_TITLES = wordSet(`
  mr mrs ms dr sir lord lady dame rev prof
`);
// Capitalized at the start of a sentence, as a pronoun or as a title, not as part of a name.
const LEADING: ReadonlySet<string> = new Set([
  ...wordSet(`
  the a an in on at during since following however despite while with for through over regarding
  according after before when this that these those many some its his her their so what my our
  your we they he she it i you already dubbed but and if as there here now then also yet still
  even just only asked earlier later meanwhile instead both each every all most other another
  such no not why how where who which whether until because although though unlike like under
  among between against from to by about without within last next former is are was were do does
  did can could will would should may might must has have had let yes oh well one two three
  number dear thanks please said says told millions thousands hundreds several few dozens scores
  st
`),
  ...PERSONAL_TITLES,
]);
// Titles: a name starts after the last of them (Home Secretary Charles Clarke → Charles Clarke).
const TITLES = wordSet(`
  president vice-president secretary minister chairman chairwoman spokesman spokeswoman
  spokesperson officer manager coach governor senator ambassador analyst economist chancellor
  mayor director emir guitarist drummer singer goalkeeper keeper striker midfielder defender
  winger hooker professor commander inspector detective sergeant colonel lieutenant sheikh
  publicist superintendent commissioner mp mep lawyer flanker scrum-half fly-half
`);
// Nationalities: dropped before a name of two words or more (American Jeff Morrison), kept in
// a name that needs them (British Airways).
const NATIONALITIES = wordSet(`
  american british german french australian canadian italian spanish japanese chinese russian
  indian irish scottish welsh english dutch swedish danish norwegian finnish swiss austrian
  belgian polish czech greek turkish brazilian argentine mexican korean south african israeli
  iranian iraqi afghan pakistani uzbek tajik kazakh kyrgyz turkmen ukrainian egyptian saudi
  syrian portuguese croatian serbian romanian hungarian bulgarian nigerian kenyan zimbabwean
  jamaican chilean colombian peruvian
`);
// Titles only where they lead a name (General Motors is a company).
const LEADING_TITLES = wordSet(`
  general chief head prime deputy major king queen prince princess officials official executive
  vice judge captain star veteran home foreign interior culture finance treasury agriculture
  health defence defense justice education trade energy transport environment work sports
`);
// Never part of a name: months, weekdays and the words of wire-service tables (Record March 16,
// Nine Mths Shr).
const NEVER_IN_NAMES = wordSet(`
  january february march april may june july august september october november december jan feb
  mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday
  sunday shr shrs mths mth oper qtly qtr revs avg div pay record net vs cts dlrs mln bln pct
  note notes year i
`);
const ORGANIZATION_WORDS = wordSet(`
  security states organization organisation agency service services ministry department
  committee council union group network bank party movement front army police court office
  institute university company corporation news times post forces guard commission parliament
  assembly brigade battalion inc corp co ltd plc ag nv sa spa bv gmbh llc lp pty oy oyj ab asa
  bhd pte srl holdings industries securities partners brothers associates capital fund trust
  foundation association society federation league club airlines airways motors electronics
  systems software technologies communications telecom energy petroleum mining minerals foods
  products entertainment media pictures studios records press journal herald telegraph mail
  mirror express guardian magazine radio television opera orchestra theatre museum school
  college academy hospital church treasury bureau authority administration board exchange
  reserve house senate congress cabinet government lines railways railroad insurance financial
  investments labs laboratories pharmaceuticals chemicals steel paper stores markets team band
  research economics alliance market democrats republicans conservatives socialists greens
  liberals parliament
`);
// Words too common to make a name alone (Holding Corp, National Trust): see capitalizedRuns.
const GENERIC_WORDS = wordSet(`
  directors parent act holding industrial national international federal loan savings banking
  general american first new united royal central
`);
// The endings of company names: one ends a name, so `and` after it starts another.
const COMPANY_SUFFIXES = wordSet(`
  inc corp co ltd plc ag nv sa spa bv gmbh llc lp pty oy oyj ab asa bhd pte srl
`);
const APOSTROPHES = new Set([0x27, 0x2019]);
// Heads of names built `X of Y` that make them organizations (House of Lords, Court of Arbitration).
const ORGANIZATION_HEADS = wordSet(`
  house court bank board council department ministry office university institute school college
  chamber league federation association society union organisation organization commission
  committee party church museum
`);
// Words that make a name an organization wherever they stand in it (Chemical Bank New York Corp).
const ORGANIZATION_ANYWHERE = wordSet(`
  bank inc corp ltd plc co company university ministry department agency association
`);
const PLACE_WORDS = wordSet(`
  province region republic valley oblast street river mountains district sea corridor colony
  airport island islands county lake bay beach coast park square road bridge hills peninsula
  gulf ocean strait stadium arena avenue harbour harbor canal desert forest prison palace castle
  hall centre center cathedral abbey gardens station lane city
`);
const SURNAME_PLACE_WORDS = wordSet(`
  hall park lane bay hill hills field wood forest street beach church house
`);
// First words of place names (Lake Erie, Camp Delta, San Diego).
const PLACE_FIRST_WORDS = wordSet(`
  lake mount fort port cape camp san santa los las el gulf
`);
// Words that make a name an event wherever they stand in it (Sundance Film Festival, Gulf War).
const EVENT_WORDS = wordSet(`
  war attack conference summit massacre siege olympics forum election elections revolt riot
  festival championships championship tournament marathon
`);
// Words that make a name an event as its last word (Australian Open; not Open Water).
const EVENT_LAST_WORDS = wordSet(`
  cup open games awards award prix prize trophy show expo slam final finals series international
  classic masters
`);
// Places of the world whose names are several words: a capitalized run naming one is a place,
// whatever its last word says (New York, not a person).
const WORLD_PLACES = new Set(
  [
    'new york',
    'new jersey',
    'new zealand',
    'new delhi',
    'new mexico',
    'new orleans',
    'new south wales',
    'new england',
    'new hampshire',
    'hong kong',
    'los angeles',
    'las vegas',
    'san francisco',
    'san diego',
    'san jose',
    'sao paulo',
    'rio de janeiro',
    'buenos aires',
    'mexico city',
    'kuala lumpur',
    'sri lanka',
    'south africa',
    'south korea',
    'north korea',
    'saudi arabia',
    'united kingdom',
    'united states',
    'united arab emirates',
    'northern ireland',
    'west midlands',
    'east midlands',
    'east anglia',
    'west germany',
    'east germany',
    'soviet union',
    'czech republic',
    'costa rica',
    'puerto rico',
    'el salvador',
    'ivory coast',
    'sierra leone',
    'burkina faso',
    'papua new guinea',
    'abu dhabi',
    'tel aviv',
    'west bank',
    'gaza strip',
    'middle east',
    'far east',
    'latin america',
    'north america',
    'south america',
    'central america',
    'western europe',
    'eastern europe',
    'wall street',
    'downing street',
    'silicon valley',
    'atlantic city',
    'salt lake city',
    'kansas city',
    'st louis',
    'st petersburg',
    'cape town',
    'dar es salaam',
    'addis ababa',
    'phnom penh',
    'ho chi minh city',
    'santo domingo',
    'port au prince',
    'kuwait city',
    'panama city',
    'guatemala city',
    'hong kong island',
    'north sea',
    'south china sea',
    'persian gulf',
    'rhode island',
    'north carolina',
    'south carolina',
    'north dakota',
    'south dakota',
    'west virginia',
    'british columbia',
    'nova scotia',
    'new brunswick',
    'great britain',
    'sub-saharan africa',
    'east timor',
    'south sudan',
    'north ossetia',
    'nagorno karabakh',
    'gorno-badakhshan',
    'isle of man',
    'channel islands',
    'bosnia and herzegovina',
    'trinidad and tobago',
    'antigua and barbuda',
    'equatorial guinea',
    'cayman islands',
    'falkland islands',
    'golan heights',
    'baltic states',
  ].map((name) => name.replace(/-/g, ' ')),
);
// Acronyms that name no entity: things, units and forms of wire copy (TV, PC, GDP, NOTE).
const COMMON_ACRONYMS = wordSet(`
  tv pc pcs dvd dvds cd cds mp3 sms mms gdp gnp ceo cfo coo agm pr id ok am pm hiv aids lpg lng
  uhf vhf fm note notes usd ipo eps vat plc inc ltd corp co mln bln dlrs cts pct qtr shr net
  revs avg gmt est api www url pda gps lcd usb ram cpu faq dj mc mp mps mep meps qc obe mbe cbe
  ba mba phd ii iii iv vi vii viii ix xi hd ps nb ad bc oz kg km mph rpm sq ft vs etc ie eg aka
  rip sos diy vip xp er aaa aa bbb bb isbn dab ceo cto wi-fi dsl isp ip os ai tb gb mb ghz mhz
  hz lp ep uk usa
`);
// Acronyms that name places (UK, UAE), not organizations.
const PLACE_ACRONYMS = new Set(['uk', 'uae', 'ussr', 'drc', 'car', 'dc', 'gb']);

/** True for an acronym that names nothing (TV, PC, GDP) or a place a rule must not call an organization. */
export function isCommonAcronym(word: string): boolean {
  return COMMON_ACRONYMS.has(word) && !PLACE_ACRONYMS.has(word);
}

/** The type of an acronym no gazetteer knows: a place for UK or UAE, else an organization. */
export function acronymType(word: string): EntityType {
  return PLACE_ACRONYMS.has(word) ? 'place' : 'organization';
}

// English words an acronym may spell (US, IS, IT, WHO). In text set all in capitals they are
// read as words, unless the context makes them names (see spellsWordHere).
const WORD_SPELLINGS = wordSet(`
  us is it who we he me am an as at be do go if in no of on or so to up can man may was aids
  arms rats
`);

/**
 * True where a one-word alias in text set all in capitals is more likely a word than a name:
 * it spells an English word, no "the" stands before it (THE US) and the same text does not
 * name the entity in more words (THE ISLAMIC STATE … IS FIGHTERS).
 */
export function spellsWordHere(
  stream: readonly StreamWord[],
  i: number,
  namedInFull: boolean,
): boolean {
  return WORD_SPELLINGS.has(stream[i]!.word) && stream[i - 1]?.word !== 'the' && !namedInFull;
}

// Punctuation between two words that ends a name: sentence ends, quotes, brackets.
const BREAK = new Set([...'.!?;:,"“”()[]<>/|–—-\n'].map((c) => c.charCodeAt(0)));

function breaksName(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (BREAK.has(text.charCodeAt(i))) return true;
  return false;
}

/** True for a word that may join the parts of a name (of, and, for …). */
export function isConnector(word: string): boolean {
  return CONNECTORS.has(word);
}

/** True for a lower-case word that may stand inside a capitalized name (of, de, del …). */
export function isNameConnector(word: string): boolean {
  return RUN_CONNECTORS.has(word);
}

/**
 * Guesses a type for a name no gazetteer knows, from the words it is made of, or undefined
 * where they say nothing: a person needs a given name, an initial or a title before it.
 */
export function guessType(words: readonly string[], titled = false): EntityType | undefined {
  const last = words[words.length - 1]!;
  if (WORLD_PLACES.has(words.join(' ').replace(/-/g, ' '))) return 'place';
  // Surnames that are also place words (Lee Hall, Thomas Haden Church).
  if (
    words.length <= 3 &&
    GIVEN_NAMES.has(words[0]!) &&
    SURNAME_PLACE_WORDS.has(last) &&
    !words.includes('of')
  )
    return 'person';
  const of = words.indexOf('of');
  if (
    words.some((w) => ORGANIZATION_ANYWHERE.has(w)) ||
    ORGANIZATION_WORDS.has(last) ||
    (of > 0 && ORGANIZATION_HEADS.has(words[of - 1]!))
  )
    return 'organization';
  if (words.some((w) => EVENT_WORDS.has(w)) || EVENT_LAST_WORDS.has(last)) return 'event';
  if (PLACE_WORDS.has(last) || PLACE_FIRST_WORDS.has(words[0]!)) return 'place';
  const personLike =
    last.length > 1 &&
    words.length <= 4 &&
    words.every(
      (w) =>
        !RUN_CONNECTORS.has(w) ||
        w === 'de' ||
        w === 'van' ||
        w === 'von' ||
        w === 'bin' ||
        w === 'al',
    );
  if (personLike && (titled || GIVEN_NAMES.has(words[0]!) || /^[a-z]$/.test(words[0]!)))
    return 'person';
  return undefined;
}

/**
 * For each stream word written in capitals, 1 when it stands among other words in capitals:
 * at least three of its nearest lettered neighbours (three each side) are in capitals too.
 * Tables and headlines inside wire copy (`PARANA STATE: UMUARAMA NIL`) are set in capitals
 * throughout, and there capitals mark neither acronyms nor names.
 */
export function loudWords(stream: readonly StreamWord[]): Uint8Array {
  const loud = new Uint8Array(stream.length);
  for (let i = 0; i < stream.length; i++) {
    if (!stream[i]!.caps) continue;
    loud[i] =
      capitalNeighbours(stream, i, -1) + capitalNeighbours(stream, i, 1) >= LOUD_NEIGHBOURS ? 1 : 0;
  }
  return loud;
}

const LOUD_NEIGHBOURS = 3;
const NEIGHBOURS_EACH_SIDE = 3;

// Of the nearest lettered words on one side (numbers skipped, at most twice as many looked at).
function capitalNeighbours(stream: readonly StreamWord[], i: number, step: 1 | -1): number {
  let seen = 0;
  let capitals = 0;
  for (
    let j = i + step, looked = 0;
    j >= 0 && j < stream.length && seen < NEIGHBOURS_EACH_SIDE && looked < 2 * NEIGHBOURS_EACH_SIDE;
    j += step, looked++
  ) {
    if (!stream[j]!.lettered) continue;
    seen++;
    if (stream[j]!.caps) capitals++;
  }
  return capitals;
}

/** True for a word written in capitals as an acronym: 2 to 6 capital letters, nothing else. */
export function isAcronym(surface: string): boolean {
  return /^[A-Z]{2,6}$/.test(surface);
}

/**
 * Runs of capitalized words (two or more, connectors allowed inside) that the gazetteer did
 * not claim: candidate names of people, organizations and places. `claimed[i]` is true for
 * stream words already inside an alias match. Leading function words, titles and stop words
 * are dropped (`But He` is no name), and so are trailing stop words.
 */
export function capitalizedRuns(
  text: string,
  stream: readonly StreamWord[],
  claimed: Uint8Array,
): [from: number, to: number, titled: boolean][] {
  const runs: [number, number, boolean][] = [];
  const nameWord = (k: number): boolean => stream[k]!.upper && !NEVER_IN_NAMES.has(stream[k]!.word);
  // A possessive ends a name (Gordon Brown's, Partners').
  const possessive = (k: number): boolean =>
    isPossessive(stream[k]!.surface) || APOSTROPHES.has(text.charCodeAt(stream[k]!.end));
  const emit = (start: number, end: number): void => {
    let from = start;
    for (let k = start; k < end; k++) if (TITLES.has(stream[k]!.word)) from = k + 1;
    while (
      from < end &&
      (LEADING.has(stream[from]!.word) ||
        TITLES.has(stream[from]!.word) ||
        (LEADING_TITLES.has(stream[from]!.word) &&
          from + 1 < end &&
          (TITLES.has(stream[from + 1]!.word) || LEADING_TITLES.has(stream[from + 1]!.word))) ||
        CONNECTORS.has(stream[from]!.word) ||
        stream[from]!.stop)
    )
      from++;
    if (
      end - from >= 3 &&
      NATIONALITIES.has(stream[from]!.word) &&
      GIVEN_NAMES.has(stream[from + 1]!.word)
    )
      from++;
    // A person of a firm (Bill Bolster of Munger Oil): two names.
    if (end - from >= 4 && GIVEN_NAMES.has(stream[from]!.word) && stream[from + 2]!.word === 'of') {
      emit(from, from + 2);
      emit(from + 3, end);
      return;
    }
    let to = end;
    while (to > from && stream[to - 1]!.stop) to--;
    const before = stream[from - 1]?.word;
    const titled =
      from > start &&
      before !== undefined &&
      (TITLES.has(before) || LEADING_TITLES.has(before) || PERSONAL_TITLES.has(before));
    // Words such as `is` or `out` inside make a phrase (Time Is Running Out), not a name; a
    // name needs a word of its own besides words such as Group, Inc, Communications.
    let phrase = false;
    let distinctive = false;
    let content = 0;
    for (let k = from; k < to; k++) {
      const word = stream[k]!.word;
      if (stream[k]!.stop && !RUN_CONNECTORS.has(word) && word !== 'and') phrase = true;
      if (stream[k]!.stop || RUN_CONNECTORS.has(word)) continue;
      content++;
      if (!ORGANIZATION_WORDS.has(word) && !GENERIC_WORDS.has(word)) distinctive = true;
    }
    if (to - from >= 2 && !phrase && (distinctive || content >= 3)) runs.push([from, to, titled]);
  };
  let i = 0;
  while (i < stream.length) {
    if (claimed[i] === 1 || !nameWord(i)) {
      i++;
      continue;
    }
    let j = i;
    let end = i + 1;
    while (
      !possessive(j) &&
      j + 1 < stream.length &&
      claimed[j + 1] === 0 &&
      stream[j + 1]!.position === stream[j]!.position + 1 &&
      !breaksName(text, stream[j]!.end, stream[j + 1]!.start)
    ) {
      if (nameWord(j + 1)) end = j + 2;
      else if (
        stream[j + 1]!.upper ||
        !(RUN_CONNECTORS.has(stream[j + 1]!.word) || stream[j + 1]!.word === 'and')
      )
        break;
      j++;
    }
    // `and` joins two names (Scotland and Italy) except inside an organization's: a short
    // first part joined to one ending as organizations do (Securities and Exchange Commission).
    let start = i;
    let k = i;
    for (; k < end; k++) {
      if (stream[k]!.word !== 'and') continue;
      let next = k + 1;
      while (next < end && stream[next]!.word !== 'and') next++;
      const joins =
        k - start <= 3 &&
        stream[k + 1]?.word !== 'the' &&
        !COMPANY_SUFFIXES.has(stream[k - 1]!.word) &&
        ORGANIZATION_WORDS.has(stream[next - 1]!.word);
      if (joins) continue;
      emit(start, k);
      start = k + 1;
    }
    emit(start, end);
    i = Math.max(end, i + 1);
  }
  return runs;
}

/** True for a word written with a possessive ending: `Brown's`, `Brown’s`, `Jones'`. */
export function isPossessive(surface: string): boolean {
  return /['’]s?$/i.test(surface) && surface.length > 2;
}

/** A name's text without the possessive ending of its last word. */
export function withoutPossessive(name: string): string {
  return name.replace(/['’]s?$/i, '');
}

/**
 * For an acronym written in parentheses right after a name (`Collective Security Treaty
 * Organization (CSTO)`), the stream index where that name starts: the initials of its words
 * (and of the parts of hyphenated words), connectors skipped, spell the acronym.
 */
export function definedNameStart(
  stream: readonly StreamWord[],
  acronymIndex: number,
): number | undefined {
  const letters = stream[acronymIndex]!.surface.toLowerCase();
  // The initials of the words from `from` to the acronym, grown one word at a time leftwards.
  let initials = '';
  for (let from = acronymIndex - 1; from >= Math.max(0, acronymIndex - 12); from--) {
    const word = stream[from]!;
    const connector = CONNECTORS.has(word.word);
    if (!connector) initials = initialsOf(word.word) + initials;
    if (initials === letters && !connector && word.upper) return from;
    if (initials.length > letters.length) return undefined;
  }
  return undefined;
}

// A word's initial, or each part's for a hyphenated word (connector parts skipped).
function initialsOf(word: string): string {
  if (!word.includes('-')) return word[0] ?? '';
  let initials = '';
  for (const part of word.split('-'))
    if (part.length > 0 && !CONNECTORS.has(part)) initials += part[0];
  return initials;
}
