// The roster tests' people: four teachers in Almaty (one with a planted formula for a surname, an
// IIN starting with a zero, and names in the Kazakh alphabet's order), four in Astana, their
// standings, and a regional (Almaty) and a national admin signed in; each test file on a database
// of its own.
import { expect } from 'chai';
import { iinCheckDigit } from '../../../server/accounts/iin.ts';
import { directoryService } from '../../../server/accounts/directory.service.ts';
import { createLogger } from '../../../server/logger.ts';
import { courseServices } from '../../../server/courses/courses.ts';
import { learningFeature } from '../../../server/learning/learning.ts';
import { standardsServices } from '../../../server/standards/standards.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import type { Browser } from '../../helpers/browser.ts';
import { startOwnServer, type OwnServer } from './own-server.ts';

export const planted = '=HYPERLINK("http://evil.example","x")';

/** A valid IIN of someone born in 2005: it starts with a zero. */
export function zeroIin(n: number): string {
  for (let k = n; ; k += 1) {
    const first11 = `050315${5}${String(k).padStart(4, '0')}`;
    const check = iinCheckDigit(first11);
    if (check !== undefined) return first11 + check;
  }
}

export async function download(server: OwnServer, browser: Browser, path: string): Promise<{ status: number; body: Buffer; type: string | null }> {
  const res = await fetch(server.url + path, { headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
}

export interface RosterFixture {
  server: OwnServer;
  regional: Browser;
  national: Browser;
}

export async function rosterFixture(prefix: string): Promise<RosterFixture> {
  const server = await startOwnServer(prefix);
  await createUser(server.db, { iin: zeroIin(1), surname: planted, givenName: 'Әйгерім', patronymic: 'Қайратқызы', region: 'almaty', district: '+Әуезов ауданы', school: '@№ 15 мектеп', position: '-мұғалім' });
  // by code point Ұ and Ә would come after Н; in the Kazakh alphabet Ә is second, Ұ after У
  for (const surname of ['Ұлықбеков', 'Нұрланов', 'Әбдібеков']) await createUser(server.db, { surname, givenName: 'Ерғали', region: 'almaty', district: 'Бостандық ауданы', school: '№ 7' });
  for (let i = 0; i < 4; i++) await createUser(server.db, { surname: `Сейітқали${i}`, givenName: 'Өмірзақ', region: 'astana', district: 'Есіл ауданы', school: '№ 40' });
  const courses = courseServices(server.db);
  const learning = learningFeature({ db: server.db, clock: { now: () => new Date() }, logger: createLogger('silent'), catalog: courses.catalog });
  const { standings } = standardsServices({ db: server.db, clock: { now: () => new Date() }, logger: createLogger('silent'), directory: directoryService(server.db), learning: learning.services, catalog: courses.catalog });
  expect(await standings.rebuild()).to.equal(8);
  const ra = await createUser(server.db, { role: 'admin', regionScope: 'almaty', region: 'almaty' });
  const na = await createUser(server.db, { role: 'admin', regionScope: null });
  return { server, regional: await signIn(server.url, ra.iin, ra.password), national: await signIn(server.url, na.iin, na.password) };
}
