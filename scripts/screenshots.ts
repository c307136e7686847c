// The screenshots of docs/screenshots/, taken from the page as it is: the seed articles dated
// (test/helpers.ts datedNews) behind `serve`, in headless Chromium; made small with pngquant
// where it is installed (Debian's pngquant package).
//   node --import tsx scripts/screenshots.ts
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { SearchIndex, serve } from '../src/node/index.js';
import { datedNews, ISKP_STRUGGLE, ROOT } from '../test/helpers.js';

const OUT = join(ROOT, 'docs', 'screenshots');
mkdirSync(OUT, { recursive: true });
const index = new SearchIndex({ metadata: { date: 'date' } });
index.addAll(datedNews());
const server = await serve(index, { port: 0 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

const shots: { name: string; path: string; width: number; height: number; then?: string }[] = [
  { name: 'results', path: '/?q=ISIS-K', width: 1200, height: 820 },
  {
    name: 'explain',
    path: '/?q=ISKP+entity%3Acentral-asia',
    width: 1200,
    height: 820,
    then: 'explain',
  },
  {
    name: 'article',
    path: `/?doc=${ISKP_STRUGGLE}&q=ISKP`,
    width: 1200,
    height: 820,
    then: 'hover',
  },
  { name: 'phone', path: '/?q=Tajik+migrants', width: 390, height: 780 },
];
for (const shot of shots) {
  const page = await browser.newPage({ viewport: { width: shot.width, height: shot.height } });
  await page.goto(new URL(shot.path, server.url).href);
  await page.waitForSelector('body[data-ready="true"]');
  if (shot.then === 'explain') {
    await page.click('.explain-toggle');
    await page.waitForSelector('.explain .tree');
  }
  if (shot.then === 'hover') await page.hover('#doc-text .mention:has-text("Wilayat Khorasan")');
  const file = join(OUT, `${shot.name}.png`);
  await page.screenshot({ path: file });
  spawnSync('pngquant', ['--force', '--skip-if-larger', '--output', file, '64', file]);
  await page.close();
  console.log(`docs/screenshots/${shot.name}.png`);
}
await browser.close();
await server.close();
