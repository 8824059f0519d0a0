import type { RequestHandler } from 'express';
import type { Config } from '../config.ts';
import type { Role } from './access.ts';
import type { MenuEntry } from '../feature.ts';

interface NavLink {
  path: string;
  label: string;
}

// The menu each role sees; every path here must also have a rule in access.ts.
const menus: Record<Role | 'anonymous', NavLink[]> = {
  anonymous: [{ path: '/login', label: 'nav.login' }],
  teacher: [
    { path: '/learn', label: 'nav.learning' },
    { path: '/learn/catalogue', label: 'nav.catalogue' },
    { path: '/profile', label: 'nav.profile' },
  ],
  coordinator: [
    { path: '/coordinator/courses', label: 'nav.courses' },
    { path: '/profile', label: 'nav.profile' },
  ],
  admin: [
    { path: '/admin/users', label: 'nav.users' },
    { path: '/admin/import', label: 'nav.import' },
    { path: '/admin/assignments', label: 'nav.assignments' },
    { path: '/coordinator/courses', label: 'nav.courses' },
    { path: '/profile', label: 'nav.profile' },
  ],
};

/** Puts the signed-in user, their menu and a one-time flash message in every view. */
export function viewLocals(config: Config, featureMenu: readonly MenuEntry[] = []): RequestHandler {
  const sorted = [...featureMenu].sort((a, b) => a.order - b.order);
  const menuOf = (role: Role | 'anonymous', national: boolean): NavLink[] => {
    // an entry scoped `national` only for an admin without a region: nobody sees a link that answers 403
    const extra = sorted.filter((e) => e.roles.includes(role) && (e.scope !== 'national' || national)).map(({ path, label }) => ({ path, label }));
    // the profile link stays last
    const base = menus[role];
    const profile = base.filter((l) => l.path === '/profile');
    return [...base.filter((l) => l.path !== '/profile'), ...extra, ...profile];
  };
  const byRole = Object.fromEntries((Object.keys(menus) as (Role | 'anonymous')[]).map((role) => [role, menuOf(role, false)])) as Record<Role | 'anonymous', NavLink[]>;
  const nationalAdmin = menuOf('admin', true);
  return (req, res, next) => {
    const user = req.user;
    res.locals.user = user;
    // a signed-in page may show an IIN or an email: never kept by a browser or a proxy, so the back
    // button after signing out shows nothing of it
    if (user) res.set('Cache-Control', 'no-store');
    const menu = user?.role === 'admin' && user.regionScope === null ? nationalAdmin : byRole[user?.role ?? 'anonymous'];
    res.locals.navLinks = user || !config.selfRegistration ? menu : [...menu, { path: '/register', label: 'nav.register' }];
    if (req.session?.flash) {
      res.locals.flash = req.session.flash;
      req.session.flash = undefined;
    }
    next();
  };
}
