import type { Language, Translate } from '../i18n/index.ts';

declare global {
  namespace Express {
    interface Request {
      lang: Language;
      t: Translate;
    }
  }
}

export {};
