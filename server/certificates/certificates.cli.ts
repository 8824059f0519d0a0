// `qorgau certificates verify <file.pdf|code|jws>` and `qorgau certificates render --course <id>
// [--region <r>] --out <dir>`. Verify checks the signed proof against the published keys and, when
// the database is reachable, the status; it exits 0 only for a valid certificate. Render writes every
// issued certificate of a course as `<serial>.pdf`, on every core, and skips files already correct.
import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { withDatabase } from '../cli/database.ts';
import { loadConfig } from '../config.ts';
import { isRegion } from '../accounts/regions.ts';
import { AppError } from '../errors.ts';
import { isLanguage, translator, type Translate } from '../i18n/index.ts';
import { kzDay, systemClock } from '../clock.ts';
import { certificateRepository } from './certificate.repository.ts';
import { codePattern, normaliseCode } from './code.ts';
import { verifyUrl } from './holder.service.ts';
import { lifecycleService } from './lifecycle.service.ts';
import { renderAll, OutputNotWritable, type Renderable } from './render/bulk-render.ts';
import { CredentialRefused, jwsPattern, verifyCredential } from './signing/credential.ts';
import { currentSigningKey, keyring } from './signing/keyring.ts';
import { issueService } from './issue.service.ts';
import { verifyService, type PublicCertificate } from './verify.service.ts';
import { verifyThrottle } from './verify-throttle.ts';

const jwsInText = /eyJ[A-Za-z0-9_-]{10,200}\.eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{40,200}/;

/** The signed proof in a PDF (its metadata holds it), a bare JWS, or a code; null when none. */
export async function readInput(input: string): Promise<{ jws: string } | { code: string } | null> {
  const isFile = await stat(input).then((s) => s.isFile(), () => false);
  if (isFile) {
    const found = (await readFile(input)).toString('latin1').match(jwsInText);
    return found ? { jws: found[0] } : null;
  }
  if (jwsPattern.test(input.trim())) return { jws: input.trim() };
  const code = normaliseCode(input);
  return code && codePattern.test(code) ? { code } : null;
}

function print(t: Translate, c: PublicCertificate): void {
  console.log(`${t('certificates.verify.serial')}: ${c.serial}`);
  console.log(`${t('certificates.verify.holder')}: ${c.holderName}`);
  console.log(`${t('certificates.verify.course')}: ${c.title.en || c.title.ru} (${c.courseId} ${c.version})`);
  console.log(`${t('certificates.verify.hours')}: ${c.academicHours}`);
  console.log(`${t('certificates.verify.completed')}: ${kzDay(c.completedAt)}`);
  console.log(`${t('certificates.cli.status')}: ${t(`certificates.status.${c.status}`)}${c.revoked ? ` (${kzDay(c.revoked.at)}, ${t(`certificates.reasons.${c.revoked.reason}`)})` : ''}`);
}

async function verifyCommand(input: string, t: Translate): Promise<number> {
  const what = await readInput(input);
  if (!what) {
    console.error(t('certificates.cli.unreadable'));
    return 2;
  }
  const config = loadConfig();
  try {
    return await withDatabase(async ({ db, logger }) => {
      const repo = certificateRepository(db);
      const keys = keyring(db, currentSigningKey(config), systemClock);
      const issuer = issueService({ repo, keys, clock: systemClock, logger, person: async () => null, onIssued: async () => undefined });
      const lifecycle = lifecycleService({ repo, issuer, clock: systemClock, person: async () => null });
      const verify = verifyService({ repo, lifecycle, keys, throttle: verifyThrottle(db, config.sessionSecret), clock: systemClock });
      let found: PublicCertificate | null;
      if ('jws' in what) {
        const checked = await verify.byCredential(what.jws);
        console.log(t('certificates.cli.signatureValid'));
        found = checked.certificate;
      } else found = await verify.byCode(what.code, 'cli').catch(() => null);
      if (!found) {
        console.error(t('certificates.verify.unknown'));
        return 1;
      }
      print(t, found);
      return found.status === 'valid' ? 0 : 1;
    });
  } catch (err) {
    if (err instanceof CredentialRefused) {
      console.error(t(`certificates.cli.refused.${err.reason}`));
      return 1;
    }
    if (err instanceof AppError) throw err;
    // no database: the signature can still be checked against this site's own key
    if (!('jws' in what)) throw err;
    const key = await currentSigningKey(config);
    try {
      const { claims } = await verifyCredential(what.jws, { publicKey: async (kid) => (kid === key.kid ? key.jwk : undefined) });
      console.log(t('certificates.cli.signatureValid'));
      console.log(`${t('certificates.verify.serial')}: ${claims.s}\n${t('certificates.verify.holder')}: ${claims.n}`);
      console.error(t('certificates.cli.noDatabase'));
      return 1;
    } catch (refused) {
      if (!(refused instanceof CredentialRefused)) throw refused;
      console.error(t(`certificates.cli.refused.${refused.reason}`));
      return 1;
    }
  }
}

interface RenderOptions {
  course: string;
  region?: string;
  out: string;
  lang?: string;
}

async function renderCommand(options: RenderOptions, t: Translate): Promise<number> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(options.course) || options.course.length > 64) {
    console.error(`--course: ${t('certificates.cli.badCourse')}`);
    return 2;
  }
  if (options.region !== undefined && !isRegion(options.region)) {
    console.error(`--region: ${t('certificates.cli.badRegion')}`);
    return 2;
  }
  return withDatabase(async ({ config, db }) => {
    const certificates: Renderable[] = [];
    for await (const c of certificateRepository(db).ofCourse(options.course)) if (!options.region || c.region === options.region) certificates.push(c);
    const tty = Boolean(process.stderr.isTTY);
    const bar = tty ? new SingleBar({ format: `${t('certificates.cli.rendering')} [{bar}] {value}/{total} {percentage}% · {eta_formatted}`, stream: process.stderr }, Presets.shades_classic) : null;
    bar?.start(certificates.length, 0);
    let lastLine = 0;
    try {
      const result = await renderAll(certificates, {
        out: options.out,
        verifyUrl: (code) => verifyUrl(config.baseUrl, code),
        progress(done, total) {
          bar?.update(done);
          if (!tty && (done === total || done - lastLine >= Math.max(100, Math.ceil(total / 20)))) {
            lastLine = done;
            console.error(t('certificates.cli.progress', { done, total }));
          }
        },
      });
      bar?.stop();
      console.log(t('certificates.cli.rendered', { rendered: result.rendered, skipped: result.skipped, failed: result.failed.length, out: options.out }));
      for (const f of result.failed) console.error(`${f.serial}: ${f.error}`);
      return result.failed.length ? 1 : 0;
    } catch (err) {
      bar?.stop();
      if (!(err instanceof OutputNotWritable)) throw err;
      console.error(t('certificates.cli.notWritable', { dir: err.dir }));
      return 2;
    }
  });
}

export function registerCertificateCommands(program: Command): void {
  const certificates = program.command('certificates').description('verify and render certificates');
  const tOf = (lang: unknown) => translator(isLanguage(lang) ? lang : 'en');
  certificates
    .command('verify')
    .argument('<input>', 'a certificate PDF, a verification code or a signed proof (JWS)')
    .description('check the signature and, when the database is reachable, the status; exits 0 only for a valid certificate')
    .option('--lang <lang>', 'kk, ru or en', 'en')
    .action(async (input: string, options: { lang?: string }) => {
      process.exitCode = await verifyCommand(input, tOf(options.lang));
    });
  certificates
    .command('render')
    .description('write every issued certificate of a course as <serial>.pdf, one worker per core; run again to resume')
    .requiredOption('--course <id>', 'the course id')
    .option('--region <code>', 'only certificates of holders in this region (at issue)')
    .requiredOption('--out <dir>', 'the folder to write to')
    .option('--lang <lang>', 'kk, ru or en', 'en')
    .action(async (options: RenderOptions) => {
      process.exitCode = await renderCommand(options, tOf(options.lang));
    });
}
