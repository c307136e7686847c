// A schema of its own: four text fields with their weights, typed metadata, and queries that
// scope fields, filter dates and sort by them. Run: node examples/schema.mjs
import { SearchIndex } from 'steppe';

const index = new SearchIndex({
  fields: { headline: { weight: 3 }, lead: { weight: 2 }, text: {}, tags: { stored: false } },
  metadata: { published: 'date', authors: 'keyword' },
});
index.addAll([
  {
    id: 'tashkent-talks',
    headline: 'Tashkent hosts SCO security talks',
    lead: 'Delegates from Tajikistan and Kyrgyzstan met in Tashkent.',
    text: 'The talks covered border security and Islamic State Khorasan Province.',
    tags: ['security', 'SCO'],
    authors: ['Jane Doe'],
    published: '2024-03-05T09:00:00Z',
  },
  {
    id: 'migrants-return',
    headline: 'Migrants return from Russia',
    lead: 'Tajik migrants leave Moscow after the Crocus City Hall attack.',
    text: 'Many cited police raids; security services in Dushanbe said nothing.',
    tags: ['migration', 'security'],
    authors: ['Ali Khan', 'Jane Doe'],
    published: '2024-03-07',
  },
]);

const show = (query, options = {}) => {
  const ids = index.search(query, options).results.map((r) => r.id);
  console.log(`${query.padEnd(40)} ${ids.join(', ') || '(none)'}`);
};
show('lead:Moscow');
show('tags:(security migration)');
show('security published:2024-03-06..');
show('security authors:"Ali Khan"');
show('security', { sort: { field: 'published', order: 'asc' } });
console.log(index.stats().metadataFields);
