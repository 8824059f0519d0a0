// Outgoing mail through nodemailer: SMTP when SMTP_URL is set; otherwise every message is written
// as an .eml file under DATA_DIR/outbox, where development and tests can follow its link. The link
// itself (a one-time token) is never logged.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** the one link the message is about (a secret: never logged) */
  link?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export function outboxDir(dataDir: string): string {
  return path.join(dataDir, 'outbox');
}

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>, logger: Logger): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    return {
      async send({ to, subject, text }) {
        await transport.sendMail({ from: config.mailFrom, to, subject, text });
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const dir = outboxDir(config.dataDir);
  return {
    async send({ to, subject, text }) {
      const info = await transport.sendMail({ from: config.mailFrom, to, subject, text });
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `${Date.now()}-${randomBytes(4).toString('hex')}.eml`);
      // written whole, then renamed, so a reader never sees half a message
      await writeFile(`${file}.part`, info.message as Buffer);
      await rename(`${file}.part`, file);
      logger.info({ file }, 'mail written to the outbox');
    },
  };
}
