// The bulk teacher import's test steps: upload through the real form, read the report, commit, and
// wait for the set-password mail. Shared by test/integration/accounts/teacher-import*.test.ts.
import { expect } from 'chai';
import mongoose from 'mongoose';
import { randomInt } from 'node:crypto';
import { Browser, type Page } from './browser.ts';
import type { TeacherLine } from './import-files.ts';
import { userModel } from '../../server/accounts/user.model.ts';
import { importBatchModel } from '../../server/accounts/import/import-batch.model.ts';
import { iinCheckDigit } from '../../server/accounts/iin.ts';

const { trusted } = mongoose;

export function bornIn2003(): string {
  for (;;) {
    const first11 = `030415${randomInt(5, 7)}${String(randomInt(0, 10_000)).padStart(4, '0')}`;
    const check = iinCheckDigit(first11);
    if (check !== undefined) return first11 + check;
  }
}

export async function uploadFile(browser: Browser, file: Buffer | string, name: string, csrf?: string): Promise<Page> {
  const form = new FormData();
  if (csrf !== undefined) form.append('_csrf', csrf);
  form.append('file', new Blob([new Uint8Array(typeof file === 'string' ? Buffer.from(file, 'utf8') : file)]), name);
  return browser.request('POST', '/admin/import', { body: form });
}

/** Uploads through the real form and returns the report page it redirects to. */
export async function check(browser: Browser, file: Buffer | string, name: string): Promise<{ report: Page; path: string }> {
  const form = await browser.get('/admin/import?lang=en');
  const posted = await uploadFile(browser, file, name, Browser.csrf(form));
  expect(posted.status, posted.$('[role=alert]').text()).to.equal(303);
  const path = new URL(posted.location!, browser.origin).pathname;
  return { report: await browser.get(path), path };
}

export async function commit(browser: Browser, report: Page, path: string): Promise<Page> {
  const done = await browser.post(path, { _csrf: Browser.csrf(report) });
  expect(done.status).to.equal(303);
  return browser.get(path);
}

export function fact(page: Page, label: string): string {
  return page.$(`dt:contains("${label}")`).next('dd').text().trim();
}

export async function usersWith(db: mongoose.Connection, lines: readonly TeacherLine[]) {
  return userModel(db).find({ iin: trusted({ $in: lines.map((l) => l.iin) }) }).lean();
}

export async function mailDone(db: mongoose.Connection, path: string, timeoutMs = 60_000): Promise<void> {
  const id = path.split('/').pop();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const batch = await importBatchModel(db).findById(id).lean();
    if (batch?.mail?.state === 'done') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the set-password mail was not sent in time');
}
