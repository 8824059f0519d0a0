// The roster's search (a name, or an IIN): POSTed, kept in the session, never written in a URL.
// The roster applies it; its files and its dashboard apply it when their link says `search=1`,
// so a link from the roster gives the teachers the roster shows, and one from the menu all of them.
import type { Request } from 'express';
import { typedIin } from '../accounts/iin.ts';

type SearchSession = { rosterSearch?: string };

/** The search the roster page applies. */
export const sessionSearch = (req: Request): string | null => (req.session as unknown as SearchSession).rosterSearch ?? null;

/**
 * Keeps a search for the roster. An IIN typed with spaces or dashes, or in full-width digits, is
 * kept as its twelve digits, so it finds its teacher.
 */
export function keepSearch(req: Request, search: string | undefined): void {
  const plain = search?.normalize('NFKC');
  (req.session as unknown as SearchSession).rosterSearch = (plain && typedIin(plain)) ?? plain;
}

/** The search a file or the dashboard applies: the session's, when its link asked for it. */
export const searchFor = (req: Request): string | null => (req.query.search === '1' ? sessionSearch(req) : null);
