// corpus.mjs — every page of the dashboard on the shared corpus: the
// overview, each indicator with figures, the documents and one document,
// findings, targets, upload and data entry. A page must render without a
// script error and without "undefined", "NaN", "[object" or an English
// unit in its text. Screenshots go to $CT_SHOTS/corpus-*.png.
import { chromium } from 'playwright-core';

const url = process.env.CT_URL, shots = process.env.CT_SHOTS;
let failures = 0;
function check(cond, what) { if (!cond) { failures++; console.log('FAIL: ' + what); } }
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
const ready = (h) => page.waitForFunction((x) => document.body.dataset.ready === x, h, { timeout: 30000 });
const bad = /undefined|NaN|\[object|subscribers|incidents|estimate\b/;
async function visit(hash, shot) {
  await page.goto(url + '#' + hash);
  await ready(hash.split('?')[0]);
  const text = await page.locator('main').innerText();
  const m = bad.exec(text);
  check(!m, hash + ': "' + (m && m[0]) + '" on the page');
  check(!(await page.locator('.msg.err').count()), hash + ': an error box');
  if (shot) await page.screenshot({ path: shots + '/corpus-' + shot + '.png', fullPage: true });
}
try {
  await visit('/', 'overview');
  const codes = await page.locator('.tile').evaluateAll((n) => n.map((x) => x.dataset.code));
  check(codes.length >= 10, 'overview tiles on the corpus (' + codes.length + ')');
  for (const [k, c] of codes.entries()) await visit('/chi-tieu/' + c, k === 0 ? 'indicator' : null);
  // a flow of several period lengths has a switch; 6 months charts the halves
  await visit('/chi-tieu/sector.revenue', null);
  check(await page.locator('#months option[value="6"]').count() === 1, 'a 6-month choice for sector.revenue');
  await visit('/chi-tieu/sector.revenue?months=6', 'indicator-halves');
  check((await page.locator('.chart img').getAttribute('src')).endsWith('?months=6'), 'the chart is asked for halves');
  await visit('/van-ban', 'documents');
  const first = await page.locator('tbody a').first().getAttribute('href');
  await visit(first.slice(1), 'document');
  await visit('/phat-hien', 'findings');
  await visit('/muc-tieu', 'targets');
  await visit('/muc-tieu?as_of=2024-06', null);
  await visit('/tai-len', null);
  await visit('/nhap-lieu', null);
  console.log('corpus: ' + (codes.length + 8) + ' pages opened');
} catch (e) { failures++; console.log('FAIL: ' + e.message); }
check(errors.length === 0, 'no script errors: ' + errors.join(' | '));
await browser.close();
if (failures) { console.log(failures + ' failure(s)'); process.exit(1); }
console.log('corpus pages: all checks passed');
