import type {} from 'passport';
import type { Language, Translate } from '../i18n/index.ts';
import type { SessionUser } from './access.ts';
import type { Session, SessionData } from './session.ts';

declare global {
  namespace Express {
    interface Request {
      lang: Language;
      t: Translate;
      /** this request's session (http/session.ts); a new one, stored once something is put in it, for a visitor */
      session: Session & Partial<SessionData>;
      sessionID: string;
    }
    // Passport puts the signed-in user on req.user; this is its shape everywhere in Qorgau.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

export {};
