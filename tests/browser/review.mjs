// review.mjs — the review loop of the dashboard in headless chromium
// (issue 16): open the queue (lowest confidence first, the figure marked in
// its sentence), move with the keys, correct one record through the edit
// form (a Vietnamese number with its unit, read back before saving),
// reject one with the R key, add one the extractor missed, and see the
// overview and the series change, the reviewed badge on the figure, then
// explain and dismiss a finding. Screenshots: $CT_SHOTS/review-*.png.
import { chromium } from 'playwright-core';

const url = process.env.CT_URL, tok = process.env.CT_TOKEN, shots = process.env.CT_SHOTS;
let failures = 0;
function check(cond, what) {
  if (!cond) { failures++; console.log('FAIL: ' + what); }
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
const ready = (h) => page.waitForFunction((x) => document.body.dataset.ready === x, h, { timeout: 15000 });
const tile = (code) => page.locator('.tile[data-code="' + code + '"] .value');
const saved = async (what) => {
  await page.waitForSelector('#review-msg .msg', { timeout: 10000 });
  /* the message of the action before may still stand: wait for this one */
  await page.waitForFunction((w) => (document.querySelector('#review-msg')?.innerText || '').startsWith('Đã ' + w),
    what, { timeout: 10000 }).catch(() => {});
  const t = await page.locator('#review-msg').innerText();
  check(t.startsWith('Đã ' + what), 'the page says "Đã ' + what + '": ' + t);
};

try {
  // before: the overview's figures
  await page.goto(url);
  await ready('/');
  check((await tile('telecom.fixed_bb_subs').innerText()) === '25,4 triệu thuê bao', 'overview before: fixed broadband 25,4 triệu');
  check((await tile('postal.revenue').innerText()).includes('4.120 tỷ'), 'overview before: postal revenue 4.120 tỷ');
  const mobileBefore = await tile('telecom.mobile_bb_subs').innerText().catch(() => '');

  // the queue: every unreviewed record, lowest confidence first
  await page.click('nav a[data-nav="review"]');
  await ready('/duyet');
  await page.selectOption('#below', '1.01');
  await ready('/duyet');
  await page.fill('#token', tok);
  await page.dispatchEvent('#token', 'change');
  const n0 = await page.locator('.qitem').count();
  check(n0 >= 4, 'the queue lists the unreviewed records (' + n0 + ')');
  const confs = await page.locator('.qitem .badge.conf').allInnerTexts();
  const pct = confs.map((c) => Number(c.replace(/[^\d]/g, '')));
  check(pct.every((p, i) => i === 0 || pct[i - 1] <= p), 'lowest confidence first: ' + pct.join(' '));
  const fixedCard = page.locator('.qitem[data-indicator="telecom.fixed_bb_subs"]').filter({ hasText: 'bo_q3_2026' });
  check((await fixedCard.locator('mark').innerText()).trim() === '25,4 triệu', 'the figure is marked in its sentence: ' + await fixedCard.locator('mark').innerText());
  check((await fixedCard.locator('.qsent').innerText()).startsWith('Tính đến hết tháng 9/2026, cả nước có'), 'the sentence around it');
  check((await page.locator('.qitem.cur').count()) === 1, 'one record is current');
  const first = await page.locator('.qitem').nth(0).getAttribute('data-id');
  await page.locator('h1').click();
  await page.keyboard.press('j');
  check((await page.locator('.qitem').nth(1).getAttribute('class')).includes('cur'), 'J moves to the next record');
  await page.keyboard.press('k');
  check((await page.locator('.qitem.cur').getAttribute('data-id')) === first, 'K moves back');
  await page.screenshot({ path: shots + '/review-1-queue.png', fullPage: true });

  // correct one: E opens the form; the value is read as typed, then saved
  await fixedCard.click();
  await page.locator('h1').click();
  await page.keyboard.press('e');
  await page.waitForSelector('#edit-form');
  await page.fill('#e-value', '25,6 triệu thuê bao');
  check((await page.locator('#e-value-read').innerText()) === 'Đọc là: 25.600.000 thuê bao', 'the form reads the Vietnamese number: ' + await page.locator('#e-value-read').innerText());
  check((await page.locator('#e-indicator option').count()) > 30 && (await page.locator('#e-area option').count()) > 30, 'the form offers the catalogue and the areas');
  await page.fill('#e-note', 'Vụ đính chính theo số liệu doanh nghiệp');
  await page.screenshot({ path: shots + '/review-2-edit.png', fullPage: true });
  await page.click('#e-save');
  await saved('sửa');
  await page.locator('.qitem[data-indicator="telecom.fixed_bb_subs"]').filter({ hasText: 'bo_q3_2026' }).first()
    .waitFor({ state: 'detached', timeout: 10000 }).catch(() => {});
  check((await page.locator('.qitem[data-indicator="telecom.fixed_bb_subs"]').filter({ hasText: 'bo_q3_2026' }).count()) === 0, 'the corrected record leaves the queue');

  // reject one with the R key
  await page.locator('.qitem[data-indicator="postal.revenue"]').filter({ hasText: '4.120' }).click();
  await page.locator('h1').click();
  await page.keyboard.press('r');
  await saved('từ chối');
  await page.locator('.qitem[data-indicator="postal.revenue"]').filter({ hasText: '4.120' }).first()
    .waitFor({ state: 'detached', timeout: 10000 }).catch(() => {});
  check((await page.locator('.qitem[data-indicator="postal.revenue"]').filter({ hasText: '4.120' }).count()) === 0, 'the rejected record leaves the queue');

  // add one the extractor missed
  await page.selectOption('#a-doc', 'bo_q3_2026');
  await page.selectOption('#a-indicator', 'telecom.mobile_bb_subs');
  await page.fill('#a-period', '2026-09');
  await page.fill('#a-value', '88,5 triệu thuê bao');
  await page.click('#a-save');
  await saved('thêm');
  const log = await page.locator('#review-log tbody tr').allInnerTexts();
  check(log.length === 3 && log.every((r) => r.includes('Vụ Kế hoạch - Tài chính')), 'the log lists the three reviews under the token\'s name: ' + log.length);
  check(log[0].includes('thêm') && log[1].includes('từ chối') && log[2].includes('sửa') && log[2].includes('25,4 triệu thuê bao → 25,6 triệu thuê bao'), 'the log says what each did, before and after');
  await page.screenshot({ path: shots + '/review-3-after.png', fullPage: true });

  // the overview and the series follow the reviews
  await page.click('nav a[data-nav="home"]');
  await ready('/');
  check((await tile('telecom.fixed_bb_subs').innerText()) === '25,6 triệu thuê bao', 'overview after: the corrected figure: ' + await tile('telecom.fixed_bb_subs').innerText());
  check(!(await tile('postal.revenue').innerText().catch(() => '')).includes('4.120 tỷ'), 'overview after: the rejected figure is gone');
  const mobileAfter = await tile('telecom.mobile_bb_subs').innerText();
  check(mobileAfter === '88,5 triệu thuê bao' && mobileAfter !== mobileBefore, 'overview after: the added figure (' + mobileBefore + ' → ' + mobileAfter + ')');
  await page.screenshot({ path: shots + '/review-4-overview.png', fullPage: true });
  await page.click('.tile[data-code="telecom.fixed_bb_subs"]');
  await ready('/chi-tieu/telecom.fixed_bb_subs');
  const top = await page.locator('#series tbody tr').first().innerText();
  check(top.includes('25,6 triệu') && top.includes('bo_q3_2026'), 'the series shows the corrected value: ' + top);
  const src = page.locator('#sources tbody tr').filter({ hasText: 'bo_q3_2026' });
  check((await src.count()) === 1 && (await src.locator('.badge.reviewed').innerText()) === 'đã sửa khi duyệt', 'the figure carries its reviewed badge');
  await page.screenshot({ path: shots + '/review-5-series.png', fullPage: true });

  // a finding: explained, then dismissed (and gone from the list)
  await page.click('nav a[data-nav="findings"]');
  await ready('/phat-hien');
  const card = page.locator('.finding[data-kind="arithmetic"]').filter({ hasText: '1.830' });
  check((await card.count()) === 1 && (await card.locator('.fstatus').getAttribute('data-status')) === 'open', 'the finding is open');
  await card.locator('.fnote').fill('Số cùng kỳ 2025 được Cục An toàn thông tin điều chỉnh');
  await card.locator('button[data-mark="explained"]').click();
  await page.waitForFunction(() => [...document.querySelectorAll('.finding .fstatus')].some((s) => s.dataset.status === 'explained'), null, { timeout: 10000 });
  const explained = page.locator('.finding').filter({ hasText: '1.830' });
  check((await explained.locator('.fstatus').innerText()).includes('đã giải thích') && (await explained.locator('.fstatus').innerText()).includes('Cục An toàn thông tin'), 'the finding shows its status and note');
  await page.screenshot({ path: shots + '/review-6-finding.png', fullPage: true });
  await explained.locator('button[data-mark="dismissed"]').click();
  await page.waitForFunction(() => ![...document.querySelectorAll('.finding')].some((f) => f.textContent.includes('1.830')), null, { timeout: 10000 });
  check((await page.locator('.finding').filter({ hasText: '1.830' }).count()) === 0, 'a dismissed finding leaves the list');
  // the status filter lists it again, dismissed, with who, when and no other status
  await page.selectOption('#findings-status', 'dismissed');
  await ready('/phat-hien/dismissed');
  const gone = page.locator('.finding').filter({ hasText: '1.830' });
  check((await gone.count()) === 1 && (await gone.locator('.fstatus').getAttribute('data-status')) === 'dismissed', 'the dismissed filter lists the dismissed finding');
  const said = await gone.locator('.fstatus').innerText();
  check(said.includes('đã bỏ qua') && said.includes('Vụ Kế hoạch - Tài chính') && /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/.test(said), 'the dismissed finding says who and when: ' + said);
  check((await page.locator('.finding .fstatus:not([data-status="dismissed"])').count()) === 0, 'the dismissed filter shows no other status');
  await page.screenshot({ path: shots + '/review-7-dismissed.png', fullPage: true });
  await page.selectOption('#findings-status', 'open');
  await ready('/phat-hien/open');
  check((await page.locator('.finding').filter({ hasText: '1.830' }).count()) === 0 && (await page.locator('.finding .fstatus:not([data-status="open"])').count()) === 0, 'the open filter leaves it out');
} catch (e) {
  failures++;
  console.log('FAIL: ' + e.message);
  await page.screenshot({ path: shots + '/review-failure.png', fullPage: true }).catch(() => {});
}
check(!errors.length, 'no script errors: ' + errors.join(' | '));
await browser.close();
if (failures) process.exit(1);
console.log('review browser test: ok');
