import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser, lastMail, signIn } from '../../helpers/users.ts';
import { answerAll, enrolAndReadModuleOne, finishAttempt, learningCourseId, MovableClock, publishLearningCourse, startAttempt } from '../../helpers/learning.ts';
import { Browser } from '../../helpers/browser.ts';
import { qrVersion } from '../../../server/certificates/pdf/qr.ts';
import { padLessons } from './course.ts';
import { certificatesOn } from './fixtures.ts';
import { fetchBytes, jwcryptoVerify, pdfText, preflight, preflightMissing, readQr } from './tools.ts';

describe('certificates: issued on completion, printed, verified by anyone', () => {
  let server: TestServer;
  const clock = new MovableClock();
  let courseId: string;
  const name = { surname: 'Қожаһметова', givenName: 'Әйгерім', patronymic: 'Нұрғалиқызы' };
  const fullName = 'Қожаһметова Әйгерім Нұрғалиқызы';
  let browser: Browser;
  let email: string;
  let pdf: Buffer;
  let userId: string;

  before(async function () {
    this.timeout(120_000);
    server = await startTestServer({ clock });
    courseId = learningCourseId('cert');
    await publishLearningCourse(server.db, courseId, '1.0.0', padLessons);
    const user = await createUser(server.db, { ...name, lang: 'ru' });
    email = user.email;
    userId = String(user.doc._id);
    browser = await signIn(server.url, user.iin, user.password);
    await enrolAndReadModuleOne(browser, courseId, clock);
    const id = await startAttempt(browser, courseId);
    const finished = await finishAttempt(browser, id, await answerAll(browser, server.db, id));
    expect(finished.status).to.equal(303);
    const file = await fetchBytes(browser, `${server.url}/learn/courses/${courseId}/certificate.pdf`);
    expect(file.status).to.equal(200);
    expect(file.type).to.equal('application/pdf');
    pdf = file.bytes;
  });
  after(async () => server.close());

  it('links the certificate from the dashboard and lists it on My certificates', async () => {
    const dashboard = await browser.get('/learn?lang=en');
    const link = dashboard.$('.card-done .certificate-slot a[download]').attr('href');
    expect(link).to.equal(`/learn/courses/${courseId}/certificate.pdf`);
    const mine = await browser.get('/certificates?lang=kk');
    expect(mine.status).to.equal(200);
    expect(mine.text).to.match(/QRG-\d{4}-\d{6}/);
    expect(mine.$('a[download]').length).to.equal(1);
    const again = await fetchBytes(browser, `${server.url}${mine.$('a[download]').attr('href')!}`);
    expect(again.bytes.equals(pdf)).to.equal(true);
  });

  it('prints the Kazakh name exactly, with the course, hours, standard and serial', () => {
    const text = pdfText(pdf);
    expect(text).to.contain(fullName);
    expect(text).to.contain('Шағын курс');
    expect(text).to.contain('Мини-курс');
    expect(text).to.contain('QS-01');
    expect(text).to.match(/QRG-\d{4}-\d{6}/);
    expect(text).to.contain('Академиялық сағат');
    expect(text).to.contain('Академических часов');
  });

  it('carries a QR code (version 17 or lower) that leads to a verify page saying valid', async () => {
    const qr = readQr(pdf);
    expect(qr.startsWith(`${server.config.baseUrl}/verify/`)).to.equal(true);
    expect(qrVersion(qr)).to.be.at.most(17);
    const [url, jws] = qr.split('#');
    const path = new URL(url!).pathname;
    const page = await new Browser(server.url).get(`${path}?lang=kk`);
    expect(page.status).to.equal(200);
    expect(page.$('#certificate-status').text()).to.equal('Жарамды');
    expect(page.$('.holder').text()).to.equal(fullName);
    expect(page.text).not.to.contain(email);
    const json = await new Browser(server.url, { accept: 'application/json' }).get(path);
    const body = JSON.parse(json.text) as { status: string; holderName: string; credential: string };
    expect(body).to.include({ status: 'valid', holderName: fullName, credential: jws });
    expect(json.text).not.to.contain(email);
  });

  it('signs a proof that python3-jwcrypto verifies against the published keys', async () => {
    const jws = readQr(pdf).split('#')[1]!;
    const published = await new Browser(server.url).get('/.well-known/jwks.json');
    // a checker on another site may fetch the keys from a browser
    expect(published.headers.get('access-control-allow-origin')).to.equal('*');
    const jwks = JSON.parse(published.text) as { keys: { kid: string; alg: string }[] };
    expect(jwks.keys[0]).to.include({ alg: 'EdDSA' });
    const { header, payload } = jwcryptoVerify(jwks, jws);
    expect(header).to.include({ alg: 'EdDSA', kid: jwks.keys[0]!.kid });
    expect(payload).to.include({ n: fullName, k: courseId, h: 2, p: 100 });
    const forged = `${jws.slice(0, -4)}${jws.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect(() => jwcryptoVerify(jwks, forged)).to.throw();
  });

  it('gives the same bytes every time it renders the certificate', async () => {
    const again = await fetchBytes(browser, `${server.url}/learn/courses/${courseId}/certificate.pdf`);
    expect(again.bytes.equals(pdf)).to.equal(true);
    // the server keeps the bytes it rendered: a render of its own, elsewhere, gives the same
    const { holder, repo } = certificatesOn(server).services;
    const fresh = await holder.render((await repo.find(`${userId}:${courseId}:1`))!);
    expect(fresh.equals(pdf)).to.equal(true);
  });

  it('renders a certificate once for repeated and simultaneous downloads, for its holder only', async () => {
    const { holder, repo } = certificatesOn(server).services;
    const cert = (await repo.find(`${userId}:${courseId}:1`))!;
    const owner = { id: userId, role: 'teacher', regionScope: null, region: cert.region, displayName: fullName, lang: 'ru' } as const;
    // a second server: nothing rendered yet; two taps at once share one render, a third takes its bytes
    const [a, b] = await Promise.all([holder.pdf(owner, cert.code), holder.pdf(owner, cert.code)]);
    const c = await holder.forCourse(owner, courseId);
    expect(a.bytes.equals(pdf)).to.equal(true);
    expect(b.bytes).to.equal(a.bytes);
    expect(c.bytes).to.equal(a.bytes);
    expect(a.name).to.equal(`${cert.serial}.pdf`);
    // kept bytes are never handed to someone else: another teacher is refused before them
    const other = await createUser(server.db);
    const stranger = await signIn(server.url, other.iin, other.password);
    const refused = await fetchBytes(stranger, `${server.url}/certificates/${cert.code}/certificate.pdf`);
    expect(refused.status, 'as if it did not exist').to.equal(404);
    expect(refused.type).to.not.equal('application/pdf');
  });

  it('is a valid PDF/A-1b file for PDFBox preflight', function () {
    const missing = preflightMissing();
    if (missing) {
      console.warn(`      skipped: ${missing}`);
      this.skip();
    }
    this.timeout(120_000);
    const verdict = preflight(pdf);
    expect(verdict.valid, verdict.output).to.equal(true);
  });

  it('mails the verify link, not the PDF, in the teacher’s language', async () => {
    const mail = await lastMail(server.config.dataDir, email);
    expect(mail.subject).to.match(/^Ваш сертификат QRG-/);
    expect(mail.link).to.match(new RegExp(`^${server.config.baseUrl}/verify/[A-Z2-7]{20}$`));
    expect(mail.text).not.to.contain('%PDF');
  });
});
