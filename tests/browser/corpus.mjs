// corpus.mjs — every page of the dashboard on the shared corpus: the
// overview, each indicator with figures, the documents and one document,
// findings, targets, upload and data entry, two periods side by side, the
// report and a province's report. A page must render without a script
// error and without "undefined", "NaN", "[object" or an English unit in
// its text. A series downloads as CSV and XLSX, its chart as PNG, the
// comparison and the report's tables as XLSX. Screenshots and downloads go
// to $CT_SHOTS/corpus-*.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import { workbook } from './xlsx.mjs';

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
  if (hash.startsWith('/bao-cao')) await page.frameLocator('#report').locator('h1').waitFor({ timeout: 30000 }).catch(() => {});
  let text = await page.locator('main').innerText();
  if (await page.locator('#report').count()) text += '\n' + await page.frameLocator('#report').locator('body').innerText();
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
  // the data behind a view: a series as CSV and XLSX, its chart as PNG
  await visit('/chi-tieu/infosec.revenue', null);
  const dl = async (sel, name) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(sel)]);
    fs.copyFileSync(await d.path(), shots + '/corpus-' + name);
    return shots + '/corpus-' + name;
  };
  const csv = fs.readFileSync(await dl('#dl-csv', 'series.csv'), 'utf8');
  check(csv.startsWith('\ufeffChỉ tiêu,') && csv.includes('quý 1/2024') && csv.includes('tỷ đồng'), 'a corpus series as CSV: ' + csv.slice(0, 80));
  const wbS = workbook(await dl('#dl-xlsx', 'series.xlsx'));
  check(wbS.sheets.join() === 'Chuỗi số liệu' && wbS.strings.includes('quý 1/2024') && wbS.strings.includes('đồng'), 'a corpus series as XLSX');
  const png = fs.readFileSync(await dl('#dl-png', 'chart.png'));
  check(png.subarray(1, 4).toString() === 'PNG', 'a corpus chart as PNG');
  // two periods side by side: the latest quarter against a year before, by sector
  await visit('/so-sanh?a=2023-Q1&b=2024-Q1&sector=infosec', 'compare');
  const cmp = await page.locator('#compare').innerText();
  check(cmp.includes('quý 1/2023') && cmp.includes('quý 1/2024') && cmp.includes('804 tỷ đồng'), 'corpus comparison of 2023-Q1 and 2024-Q1: ' + cmp.slice(0, 200));
  const wbC = workbook(await dl('#dl-cmp-xlsx', 'compare.xlsx'));
  check(wbC.sheets.join() === 'So sánh hai kỳ' && wbC.strings.includes('An toàn thông tin mạng'), 'the corpus comparison as XLSX');
  // the report of a quarter, and of a province
  await visit('/bao-cao?period=2024-Q1', 'report');
  const rep = await page.frameLocator('#report').locator('body').innerText();
  check(rep.includes('quý 1/2024 ước đạt 804 tỷ đồng') && rep.includes('Nguồn số liệu'), 'the corpus report of 2024-Q1');
  const wbR = workbook(await dl('#dl-rep-xlsx', 'report.xlsx'));
  check(wbR.sheets.join() === 'Bảng số liệu,Nguồn số liệu' && wbR.strings.includes('804 tỷ đồng (ước)'), 'the corpus report\'s tables as XLSX');
  await visit('/', null);
  await visit('/bao-cao?period=2024&area=' + encodeURIComponent('Đà Nẵng'), 'province-report');
  const prov = await page.frameLocator('#report').locator('body').innerText();
  check(prov.includes('của Đà Nẵng năm 2024'), 'a province report on the corpus: ' + prov.slice(0, 200));
  console.log('corpus: ' + (codes.length + 12) + ' pages opened');
} catch (e) { failures++; console.log('FAIL: ' + e.message); }
check(errors.length === 0, 'no script errors: ' + errors.join(' | '));
await browser.close();
if (failures) { console.log(failures + ' failure(s)'); process.exit(1); }
console.log('corpus pages: all checks passed');
