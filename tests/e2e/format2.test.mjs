// Format 2 on the verification page: a public document verifies and says what it
// proves; 查询我的企业 names a selected firm at once, asks for the 核验码 of one the
// document does not name, and answers with it; a firm's QR link (…&id=…&key=…) opens
// its own outcome; an auditor and a sealed document are told apart.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, TIMEOUT, launch, openPage, siteUrl, screenshot, assertNoErrors } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const vector = (name) => readFileSync(path.join(repoRoot, 'tests', 'vectors', 'spec', name), 'utf8');
const PUBLIC = vector('format2-public-small.json');
const AUDITOR_PATH = path.join(repoRoot, 'tests', 'vectors', 'spec', 'format2-auditor-small.json');
const AUDITOR = readFileSync(AUDITOR_PATH, 'utf8');
const SEALED = vector('format2-sealed-small.json');

const binary = () => path.join(process.env.CARGO_TARGET_DIR || path.join(repoRoot, 'target'), 'debug', 'fairdraw');

/** Every firm's code, as `fairdraw codes` writes them for the department. */
function codes() {
  execFileSync('cargo', ['build', '--quiet', '--bin', 'fairdraw'], { cwd: repoRoot, stdio: 'inherit' });
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'fairdraw-codes-')), 'codes.csv');
  const made = spawnSync(binary(), ['codes', AUDITOR_PATH, '--out', out], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stdout + made.stderr);
  const rows = readFileSync(out, 'utf8').replace(/^\ufeff/, '').trimEnd().split('\r\n').slice(1);
  return new Map(rows.map((r) => { const [id, , code] = r.split(','); return [id, code]; }));
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

async function loadFile(page, text, name) {
  await page.getByTestId('verify-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  const verdict = page.locator(`[data-testid="verdict"][data-source="${name}"]`);
  await verdict.waitFor({ state: 'visible', timeout: TIMEOUT });
  return verdict.getAttribute('data-verdict');
}

async function lookup(page, id, key = '') {
  await page.getByTestId('lookup-input').fill(id);
  if (key !== null) await page.getByTestId('lookup-key').fill(key);
  await page.getByTestId('lookup-submit').click();
  const result = page.getByTestId('lookup-result');
  await result.waitFor({ timeout: TIMEOUT });
  return result;
}

describe('format 2 on the verification page', () => {
  test('a public document verifies, says what it proves, and looks firms up with their codes', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    assert.equal(await loadFile(page, PUBLIC, 'public.json'), 'valid');
    const kind = page.getByTestId('verdict-document');
    assert.equal(await kind.getAttribute('data-document'), 'public');
    const said = await kind.innerText();
    assert.ok(said.includes('公开文件') && said.includes('风险等级'), said);
    assert.ok((await page.getByTestId('check-inputs').innerText()).includes('匿名'), 'the inputs check says what a public document proves');

    const doc = JSON.parse(PUBLIC);
    const selected = doc.revealed[0].id;
    let result = await lookup(page, selected);
    assert.equal(await result.getAttribute('data-status'), 'selected');

    const all = codes();
    const other = [...all.keys()].find((id) => !doc.revealed.some((r) => r.id === id));
    result = await lookup(page, other);
    assert.equal(await result.getAttribute('data-status'), 'needs_key');
    assert.ok((await result.innerText()).includes('核验码'));
    result = await lookup(page, other, all.get(other).toLowerCase());
    assert.match(await result.getAttribute('data-status'), /^(not_selected|not_in_pool|reserve)$/);
    result = await lookup(page, other, '0000-0000-0000-0000');
    assert.equal(await result.getAttribute('data-status'), 'key_problem');
    await screenshot(page, 'format2-public-lookup');
    assertNoErrors(problems);
    await context.close();
  });

  test("a firm's QR link opens its own outcome", { timeout: TEST_TIMEOUT }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.route('**/e2e-bundles/**', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: PUBLIC }));
    const doc = JSON.parse(PUBLIC);
    const firm = doc.revealed[0];
    const code = codes().get(firm.id);
    await page.goto(siteUrl(`#/verify?bundle=e2e-bundles/public.json&id=${firm.id}&key=${code}`), { waitUntil: 'load' });
    const result = page.getByTestId('lookup-result');
    await result.waitFor({ timeout: TIMEOUT });
    assert.equal(await result.getAttribute('data-status'), 'selected');
    assert.ok((await result.innerText()).includes(firm.name));
    await screenshot(page, 'format2-firm-qr');
    await context.close();
  });

  test('the auditor and the sealed documents are told apart', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    assert.equal(await loadFile(page, AUDITOR, 'auditor.json'), 'valid');
    assert.equal(await page.getByTestId('verdict-document').getAttribute('data-document'), 'auditor');
    assert.equal(await loadFile(page, SEALED, 'sealed.json'), 'sealed');
    assert.equal(await page.getByTestId('verdict-document').getAttribute('data-document'), 'sealed');
    // Its list is time-locked to quicknet round 1000 (the vector locks to a past round
    // so that it opens in the tests); the verdict says when and how it opens.
    const lock = page.getByTestId('verdict-timelock');
    assert.equal(await lock.getAttribute('data-round'), '1000');
    assert.ok((await lock.innerText()).includes('2023-08-23 23:59:24'), await lock.innerText());
    // A tampered entry is caught.
    const forged = JSON.parse(PUBLIC);
    const entries = forged.public.tasks[0].strata[0].entries;
    forged.public.tasks[0].strata[0].entries = (entries[0] === '0' ? '1' : '0') + entries.slice(1);
    assert.equal(await loadFile(page, JSON.stringify(forged), 'forged.json'), 'invalid');
    assert.equal(await page.getByTestId('check-inputs').getAttribute('data-ok'), 'false');
    assertNoErrors(problems);
    await context.close();
  });
});

describe('an honest verdict', () => {
  test('a valid draw without a witness is valid on a condition, said first', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    const small = vector('bundle-small.json');
    assert.equal(await loadFile(page, small, 'small.json'), 'valid');
    const verdict = page.getByTestId('verdict');
    assert.equal(await verdict.getAttribute('data-witnessed'), 'false');
    const heading = await verdict.locator('h2').innerText();
    assert.ok(heading.includes('前提'), heading);
    const condition = await page.getByTestId('verdict-condition').innerText();
    const commitment = JSON.parse(small).commitment;
    assert.ok(condition.includes(commitment.commitment), condition);
    assert.ok(condition.includes('2023-08-23T23:59:24+08:00'), `the round's emission in China time: ${condition}`);
    assert.equal(await page.getByTestId('verdict-commitment').getByTestId('short-hash').getAttribute('data-full'), commitment.commitment);
    await screenshot(page, 'verdict-conditional');
    assertNoErrors(problems);
    await context.close();
  });

  test('a draw witnessed before its round verifies as witnessed once its authority is trusted', { timeout: TEST_TIMEOUT }, async () => {
    // A real draw's public document with a token timed before its round, from a test
    // authority (tests/witness.rs makes and checks it); its root is not pinned.
    const fixture = (name) => readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'witness', name));
    const witnessed = fixture('public-witnessed.json').toString('utf8');
    const { context, page, problems } = await openPage(browser, '#/verify');
    assert.equal(await loadFile(page, witnessed, 'witnessed-alone.json'), 'valid');
    let verdict = page.locator('[data-testid="verdict"][data-source="witnessed-alone.json"]');
    assert.equal(await verdict.getAttribute('data-witnessed'), 'false', 'an unpinned authority witnesses nothing');
    assert.ok((await page.getByTestId('check-timing').innerText()).includes('pinned') || (await page.getByTestId('check-timing').innerText()).includes('根证书'));

    await page.getByTestId('verify-trust').locator('summary').click();
    await page.getByTestId('verify-trust-tsa').setInputFiles({ name: 'test-tsa-root.pem', mimeType: 'application/x-pem-file', buffer: fixture('test-tsa-root.pem') });
    await page.getByTestId('verify-trusted').waitFor({ timeout: TIMEOUT });
    assert.equal(await loadFile(page, witnessed, 'witnessed-trusted.json'), 'valid');
    verdict = page.locator('[data-testid="verdict"][data-source="witnessed-trusted.json"]');
    assert.equal(await verdict.getAttribute('data-witnessed'), 'true');
    assert.equal(await page.getByTestId('verdict-condition').count(), 0, 'no condition once witnessed');
    const witnesses = page.getByTestId('verdict-witnesses');
    const said = await witnesses.innerText();
    assert.ok(said.includes('tsa-fixture TSA') && said.includes('2023-08-23T15:00:00Z'), said);
    assert.equal(await witnesses.locator('li').first().getAttribute('data-added-root'), 'true');
    await screenshot(page, 'verdict-witnessed');

    // Not a certificate: said so, nothing trusted.
    await page.getByTestId('verify-trust-tsa').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await page.getByTestId('verify-trust-error').waitFor({ timeout: TIMEOUT });
    assertNoErrors(problems);
    await context.close();
  });

  test('opened from a 公示 site, the page says whether its index lists the commitment', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify?bundle=draws/demo-2026001-bundle.json');
    const site = page.getByTestId('verdict-site');
    await site.waitFor({ timeout: TIMEOUT });
    assert.equal(await site.getAttribute('data-listing'), 'listed');
    assert.ok((await site.innerText()).includes('第 1 至 1 号'), await site.innerText());
    assertNoErrors(problems);
    await context.close();
  });
});
