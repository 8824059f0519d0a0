// `qorgau create-admin` and `qorgau import-teachers <file>`. Output is in --lang (English by
// default, like the other commands); problems go to stderr and set a non-zero exit code.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { withDatabase } from '../cli/database.ts';
import { systemClock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { isLanguage, translator, type Language, type Translate } from '../i18n/index.ts';
import { createMailer } from '../mail/mailer.ts';
import { authService } from './auth.service.ts';
import { createAdmin, type CreateAdminInput } from './create-admin.ts';
import { problemLines } from './import/import-report.ts';
import { teacherImportService } from './import/teacher-import.service.ts';
import { findRegion } from './regions.ts';

const MAX_PRINTED_PROBLEMS = 500;
const clock = systemClock;

function languageOf(value: unknown): Language {
  return isLanguage(value) ? value : 'en';
}

/** Prints why a request was refused and sets exit code 1; rethrows anything else. */
function refuse(err: unknown, t: Translate): void {
  if (!(err instanceof AppError) || err.status >= 500) throw err;
  if (err.details.length === 0) console.error(t(err.messageKey, err.params));
  for (const d of err.details) console.error(`${d.field}: ${d.literal ? d.message : t(d.message, d.params)}`);
  process.exitCode = 1;
}

/** The password from a pipe (`echo … | qorgau create-admin …`), or typed at a prompt without echo. */
async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let data = '';
    stdin.setEncoding('utf8');
    for await (const chunk of stdin) data += chunk as string;
    return data.replace(/\r?\n$/, '');
  }
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
    };
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n') return finish(), resolve(value);
        if (ch === '\u0003' || ch === '\u0004') return finish(), reject(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}

type CreateAdminOptions = Omit<CreateAdminInput, 'password' | 'lang'> & { lang?: string };

interface ImportOptions {
  commit?: boolean;
  regionScope?: string;
  lang?: string;
}

export function registerAccountCommands(program: Command): void {
  program
    .command('create-admin')
    .description('create an administrator (national, or of one region with --region-scope); the password is read from stdin or a prompt')
    .requiredOption('--iin <iin>', 'the 12-digit IIN')
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--surname <surname>', 'surname')
    .requiredOption('--given-name <name>', 'given name')
    .option('--patronymic <patronymic>', 'patronymic')
    .option('--region <region>', 'region or city the admin works in (code or name); defaults to --region-scope, else astana')
    .option('--region-scope <region>', 'limit the admin to one region (code or name); without it the admin is national')
    .option('--lang <lang>', 'kk, ru or en: the admin’s language and this command’s', 'en')
    .action(async (options: CreateAdminOptions) => {
      const lang = languageOf(options.lang);
      const t = translator(lang);
      const first = await readPassword(t('accounts.cli.password'));
      if (process.stdin.isTTY && (await readPassword(t('accounts.cli.passwordAgain'))) !== first) {
        console.error(t('accounts.password.mismatch'));
        process.exitCode = 1;
        return;
      }
      await withDatabase(async ({ db }) => {
        try {
          const admin = await createAdmin(db, { ...options, lang, password: first });
          const scope = admin.regionScope ? (findRegion(admin.regionScope)?.[lang] ?? admin.regionScope) : t('accounts.admin.nationalScope');
          console.log(t('accounts.cli.created', { email: admin.email, scope }));
        } catch (err) {
          refuse(err, t);
        }
      });
    });

  program
    .command('import-teachers')
    .argument('<file>', 'a .csv (UTF-8) or .xlsx file with the columns of the import template')
    .description('check a teacher list and print a report per row; with --commit, import the valid rows and send set-password links')
    .option('--commit', 'import the valid rows (without it nothing is saved)')
    .option('--region-scope <region>', 'act as an admin of one region: rows of other regions are refused')
    .option('--lang <lang>', 'kk, ru or en: the language of the report', 'en')
    .action(async (file: string, options: ImportOptions) => {
      const t = translator(languageOf(options.lang));
      const scope = options.regionScope === undefined ? null : (findRegion(options.regionScope)?.code ?? null);
      if (options.regionScope !== undefined && scope === null) {
        console.error(`--region-scope: ${t('accounts.validation.region')}`);
        process.exitCode = 1;
        return;
      }
      const buffer = await readFile(file);
      await withDatabase(async ({ config, db, logger }) => {
        const auth = authService({ db, mailer: createMailer(config, logger), clock, logger, baseUrl: config.baseUrl, secret: config.sessionSecret });
        const imports = teacherImportService({ db, auth, clock, logger });
        const actor = { id: null, regionScope: scope };
        let checked;
        try {
          checked = await imports.check(actor, { buffer, name: path.basename(file) }, 'cli');
        } catch (err) {
          return refuse(err, t);
        }
        for (const line of problemLines(checked.problems.slice(0, MAX_PRINTED_PROBLEMS), t)) {
          console.error(t('import.cli.problem', { row: line.row, column: line.column ? ` ${line.column}` : '', message: line.message }));
        }
        if (checked.problems.length > MAX_PRINTED_PROBLEMS) console.error(t('import.cli.moreProblems', { count: checked.problems.length - MAX_PRINTED_PROBLEMS }));
        console.log(t('import.cli.summary', checked.counts));
        if (!options.commit) {
          console.log(t(checked.counts.invalid > 0 ? 'import.cli.notCommitted' : 'import.cli.allValid'));
          if (checked.counts.invalid > 0) process.exitCode = 1;
          return;
        }
        if (checked.counts.valid === 0) {
          console.log(t('import.cli.notCommitted'));
          process.exitCode = 1;
          return;
        }
        const result = await imports.commit(actor, checked.id);
        await imports.deliverMail(checked.id);
        const batch = await imports.get(actor, checked.id);
        console.log(t('import.cli.committed', { ...result, sent: batch.mail.sent, mailFailed: batch.mail.failed }));
        // rows that were refused were not imported: a script must notice
        if (checked.counts.invalid > 0 || result.failed > 0) process.exitCode = 1;
      });
    });
}
