// The one place that says which role may reach which route. Every request passes `accessControl`
// before any feature router; a path that no rule names is refused (deny by default). Services still
// check ownership and regional scope on top of this.
import type { RequestHandler } from 'express';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors.ts';
import { safeNext } from './forms.ts';
import type { Audience, Role, SessionUser } from '../accounts/session-user.types.ts';

// The types live with accounts (services use them too); routes keep importing them from here.
export { roles } from '../accounts/session-user.types.ts';
export type { Audience, Role, SessionUser };

interface Rule {
  /** an Express-style path: `:param` matches one segment, a trailing `*` matches the rest */
  path: string;
  methods?: readonly string[];
  who: Audience;
  /** the route takes a multipart file upload (http/upload.ts checks its CSRF token after Multer) */
  upload?: boolean;
}

/** Requests whose route is declared `upload`: the only ones that may send a multipart body. */
export const uploadRequests = new WeakSet<object>();

const staff = ['coordinator', 'admin'] as const;
const adminOnly = ['admin'] as const;

export const accessRules: readonly Rule[] = [
  { path: '/', who: 'public' },
  { path: '/healthz', who: 'public' },
  { path: '/readyz', who: 'public' },
  { path: '/static/*', who: 'public' },
  { path: '/privacy', methods: ['GET'], who: 'public' },
  // accounts
  { path: '/login', who: 'public' },
  { path: '/logout', methods: ['POST'], who: 'signed-in' },
  { path: '/register', who: 'anonymous' },
  { path: '/register/done', methods: ['GET'], who: 'public' },
  { path: '/password/forgot', who: 'public' },
  { path: '/password/reset', who: 'public' },
  { path: '/profile', who: 'signed-in' },
  { path: '/profile/password', who: 'signed-in' },
  { path: '/admin/users', who: adminOnly },
  { path: '/admin/users/:id', who: adminOnly },
  { path: '/admin/users/:id/details', methods: ['POST'], who: adminOnly },
  { path: '/admin/users/:id/set-link', methods: ['POST'], who: adminOnly },
  { path: '/admin/import', who: adminOnly, upload: true },
  { path: '/admin/import/template.csv', who: adminOnly },
  { path: '/admin/import/template.xlsx', who: adminOnly },
  { path: '/admin/import/:id', who: adminOnly },
  // course packages
  { path: '/coordinator/courses', who: staff },
  { path: '/coordinator/courses/upload', who: staff, upload: true },
  { path: '/coordinator/courses/:courseId', who: staff },
  { path: '/coordinator/courses/:courseId/diff', methods: ['GET'], who: staff },
  { path: '/coordinator/courses/:courseId/versions/:versionId', who: staff },
  { path: '/coordinator/courses/:courseId/versions/:versionId/*', who: staff },
  { path: '/media/:fileId', who: 'signed-in' },
  // learning (enrolment and ownership of attempts are checked by the services)
  { path: '/learn', methods: ['GET'], who: 'signed-in' },
  { path: '/learn/catalogue', methods: ['GET'], who: 'signed-in' },
  { path: '/learn/courses/:courseId', methods: ['GET'], who: 'signed-in' },
  { path: '/learn/courses/:courseId/enrol', methods: ['POST'], who: 'signed-in' },
  { path: '/learn/courses/:courseId/modules/:moduleId/lessons/:lessonId', methods: ['GET'], who: 'signed-in' },
  { path: '/learn/courses/:courseId/modules/:moduleId/lessons/:lessonId/read', methods: ['POST'], who: 'signed-in' },
  { path: '/learn/courses/:courseId/modules/:moduleId/quiz', methods: ['GET'], who: 'signed-in' },
  { path: '/learn/courses/:courseId/modules/:moduleId/quiz/attempts', methods: ['POST'], who: 'signed-in' },
  { path: '/learn/attempts/:attemptId', methods: ['GET'], who: 'signed-in' },
  { path: '/learn/attempts/:attemptId/questions/:n', methods: ['GET'], who: 'signed-in' },
  { path: '/learn/attempts/:attemptId/answers', methods: ['POST'], who: 'signed-in' },
  { path: '/learn/attempts/:attemptId/finish', methods: ['POST'], who: 'signed-in' },
  { path: '/admin/assignments', methods: ['GET', 'POST'], who: adminOnly },
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

/** Refuses a request that no rule allows: 404 for a path no rule names, 401 when not signed in, 403 otherwise. */
export function accessControl(featureRules: readonly Rule[] = []): RequestHandler {
  const rules = [...compiled, ...compileAll(featureRules)];
  return (req, res, next) => {
    const rule = firstMatch(rules, req.path, req.method);
    if (!rule) return next(new NotFoundError('errors.notFound'));
    const user = req.user;
    if (rule.upload) uploadRequests.add(req);
    if (allowed(rule.who, user)) return next();
    // a browser opening a page after its session expired goes to the sign-in form and comes back here
    if (!user && (req.method === 'GET' || req.method === 'HEAD') && /text\/html/.test(req.get('accept') ?? '')) {
      const back = safeNext(req.baseUrl, req.originalUrl);
      return res.redirect(303, `${req.baseUrl}/login${back ? `?next=${encodeURIComponent(back)}` : ''}`);
    }
    next(user ? new ForbiddenError('errors.forbidden') : new UnauthorizedError('errors.loginRequired'));
  };
}
