import type {} from 'passport';
import type { Language, Translate } from '../i18n/index.ts';
import type { SessionUser } from './access.ts';

declare global {
  namespace Express {
    interface Request {
      lang: Language;
      t: Translate;
    }
    // Passport puts the signed-in user on req.user; this is its shape everywhere in Qorgau.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

export {};
