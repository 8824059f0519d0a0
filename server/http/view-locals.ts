import type { RequestHandler } from 'express';
import { roles, type Role } from './access.ts';
import type { MenuEntry } from '../feature.ts';
import { sentFrom } from './forms.ts';

interface NavLink {
  path: string;
  label: string;
}

/**
 * Puts the signed-in user, their menu and a one-time flash message in every view. The menu is
 * what the features declare (`menu` in each server/<feature>/<feature>.ts), by role, in ascending
 * `order` (accounts puts its profile link last); every path in it also has an access rule.
 */
export function viewLocals(featureMenu: readonly MenuEntry[]): RequestHandler {
  const sorted = [...featureMenu].sort((a, b) => a.order - b.order);
  // an entry scoped `national` is an admin's only without a region (other roles as listed): nobody
  // sees a link that answers 403
  const menuOf = (role: Role | 'anonymous', national: boolean): NavLink[] =>
    sorted.filter((e) => e.roles.includes(role) && (e.scope !== 'national' || national || role !== 'admin')).map(({ path, label }) => ({ path, label }));
  const byRole = Object.fromEntries((['anonymous', ...roles] as const).map((role) => [role, menuOf(role, false)])) as Record<Role | 'anonymous', NavLink[]>;
  const nationalAdmin = menuOf('admin', true);
  return (req, res, next) => {
    const user = req.user;
    res.locals.user = user;
    // a signed-in page may show an IIN or an email: never kept by a browser or a proxy, so the back
    // button after signing out shows nothing of it
    // a page answered to a form post shows what was typed (an IIN, a reset link's token): kept by
    // no browser or proxy either
    if (user || req.method === 'POST') res.set('Cache-Control', 'no-store');
    const menu = user?.role === 'admin' && user.regionScope === null ? nationalAdmin : byRole[user?.role ?? 'anonymous'];
    res.locals.navLinks = menu;
    // A page answered to a form post (its errors, a refusal) names the page the form was on; the
    // script puts it in the address bar (static/js/app.js), so that a reload, or a back after the
    // next success, asks for that page again instead of the browser's "resend the form?"
    if (req.method === 'POST') {
      const from = sentFrom(req);
      if (from && /^\/(?![/\\])/.test(from)) res.locals.pageUrl = from;
    }
    if (req.session?.flash) {
      const { kind, key, params } = req.session.flash;
      res.locals.flash = { kind, text: req.t(key, params) };
      req.session.flash = undefined;
    }
    next();
  };
}
