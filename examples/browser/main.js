// The core in a page: index articles, search as the user types, show highlighted snippets.
import { renderSnippet, SearchIndex } from 'steppe';

const articles = [
  {
    id: 'iskp',
    title: 'Islamic State Khorasan Province and Central Asia',
    body: 'ISKP recruits among migrants from Tajikistan and Uzbekistan.',
  },
  {
    id: 'sco',
    title: 'Uzbek security chief: SCO must help Afghanistan',
    body: 'The SCO discussed Wilayat Khorasan and border security in Tashkent.',
  },
  {
    id: 'cotton',
    title: 'Cotton harvest in Uzbekistan',
    body: 'Farmers report a good year; exports to China grew.',
  },
];
const index = new SearchIndex();
index.addAll(articles);

const box = document.querySelector('#q');
const list = document.querySelector('#results');
const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
function render() {
  const { results, total } = index.search(box.value, { snippets: true });
  list.innerHTML = results
    .map((r) => {
      // Highlights marked with characters no text holds, the whole escaped, then the marks made
      // tags: nothing from a document runs as HTML.
      const marked = renderSnippet(r.snippet, '\u0001', '\u0002');
      return `<li><b>${escape(r.title)}</b><br>${escape(marked)
        .replace(/\u0001/g, '<mark>')
        .replace(/\u0002/g, '</mark>')}</li>`;
    })
    .join('');
  list.dataset.total = String(total);
}
box.addEventListener('input', render);
render();
