// Access control: every request passes `accessControl` before any feature router, and a path that
// no rule names is refused (deny by default). The rules come from the features (`accessRules` in
// each server/<feature>/<feature>.ts, collected by app.ts); this file holds only the paths the app
// itself serves (health checks and static files). Services still check ownership and regional
// scope on top of this.
import type { RequestHandler } from 'express';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors.ts';
import { browserPage, safeNext, sentFrom } from './forms.ts';
import type { Audience, Role, SessionUser } from '../accounts/session-user.types.ts';
import type { AccessRule } from '../feature.ts';

// The types live with accounts (services use them too); routes keep importing them from here.
export { roles } from '../accounts/session-user.types.ts';
export type { Audience, Role, SessionUser };

type Rule = AccessRule;

/** Requests whose route is declared `upload`: the only ones that may send a multipart body. */
export const uploadRequests = new WeakSet<object>();

/** The paths app.ts serves itself, before any feature: health checks and static files. */
export const accessRules: readonly Rule[] = [
  { path: '/healthz', who: 'public' },
  { path: '/readyz', who: 'public' },
  { path: '/static/*', who: 'public' },
];

function compile(path: string): RegExp {
  const pattern = path
    .split('/')
    .map((part) => (part === '*' ? '.+' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}/?$`);
}

type CompiledRule = Rule & { regex: RegExp };
const compileAll = (rules: readonly Rule[]): CompiledRule[] => rules.map((rule) => ({ ...rule, regex: compile(rule.path) }));
const compiled = compileAll(accessRules);

function firstMatch(rules: readonly CompiledRule[], path: string, method: string): Rule | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  return rules.find((rule) => rule.regex.test(path) && (!rule.methods || rule.methods.includes(m)));
}

export function ruleFor(path: string, method: string): Rule | undefined {
  return firstMatch(compiled, path, method);
}

export function allowed(who: Audience, user: SessionUser | undefined): boolean {
  if (who === 'public') return true;
  if (who === 'anonymous') return true; // routes for visitors; signed-in users are redirected there
  if (!user) return false;
  if (who === 'signed-in') return true;
  return who.includes(user.role);
}

const firstSegment = (path: string): string => {
  const end = path.indexOf('/', 1);
  return end === -1 ? path.slice(1) : path.slice(1, end);
};

/**
 * The rules that can match a path, by its first segment, in their order: a page is checked against
 * the dozen rules of its own section, not against all ~100. A rule whose first segment is a
 * parameter or `*` is in every list.
 */
function bySegment(rules: readonly CompiledRule[]): (path: string) => readonly CompiledRule[] {
  const literal = (rule: Rule) => !/^[:*]/.test(firstSegment(rule.path));
  const anywhere = rules.filter((rule) => !literal(rule));
  const lists = new Map<string, CompiledRule[]>();
  for (const rule of rules) if (literal(rule)) lists.set(firstSegment(rule.path), []);
  for (const [segment, list] of lists) for (const rule of rules) if (!literal(rule) || firstSegment(rule.path) === segment) list.push(rule);
  return (path) => lists.get(firstSegment(path)) ?? anywhere;
}

/** Refuses a request that no rule allows: 404 for a path no rule names, 401 when not signed in, 403 otherwise. */
export function accessControl(featureRules: readonly Rule[] = []): RequestHandler {
  const rulesFor = bySegment([...compiled, ...compileAll(featureRules)]);
  return (req, res, next) => {
    const rule = firstMatch(rulesFor(req.path), req.path, req.method);
    if (!rule) return next(new NotFoundError('errors.notFound'));
    const user = req.user;
    if (rule.upload) uploadRequests.add(req);
    if (allowed(rule.who, user) && !(rule.scope === 'national' && user?.role === 'admin' && user.regionScope !== null)) return next();
    if (!user && browserPage(req)) {
      // signing out when the session has already ended is done
      if (req.method === 'POST' && req.path === '/logout') return res.redirect(303, `${req.baseUrl}/`);
      // a browser opening a page, or sending a form, after its session expired goes to the sign-in
      // form and comes back to that page (a form to the page it was sent from), never to a dead end
      // (a form's content is not saved: the sign-in form and the page after it say so)
      const reading = req.method === 'GET' || req.method === 'HEAD';
      const back = safeNext(req.baseUrl, reading ? req.originalUrl : sentFrom(req));
      return res.redirect(303, `${req.baseUrl}/login${back ? `?next=${encodeURIComponent(back)}${reading ? '' : '&unsaved=1'}` : ''}`);
    }
    next(user ? new ForbiddenError('errors.forbidden') : new UnauthorizedError('errors.loginRequired'));
  };
}
