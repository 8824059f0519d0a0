// Builds the accounts feature once from its dependencies: its repositories (one set, shared by
// every service, the sign-in strategy and the import), its services, routers, access rules, menu
// and sweeps. Other features reach people through `services.directory` and `services.cohorts`.
import type { RequestHandler } from 'express';
import type { Connection } from 'mongoose';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { every, type AccessRule, type Feature, type MenuEntry } from '../feature.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import { accountsRepositories, type AccountsRepositories } from './accounts.repository.ts';
import { adminUsersRoutes, type AdminUserPageDeps } from './admin-users.routes.ts';
import { adminUsersService } from './admin-users.service.ts';
import { authRoutes } from './auth.routes.ts';
import { authService } from './auth.service.ts';
import { cohortService } from './cohort.service.ts';
import { directoryService } from './directory.service.ts';
import { teacherImportRoutes } from './import/teacher-import.routes.ts';
import { teacherImportService } from './import/teacher-import.service.ts';
import { sweepLoginFailures } from './login-throttle.ts';
import type { LearnerCache } from '../db/remembered.ts';
import { createPassport, signedIn } from './passport.ts';
import { profileRoutes } from './profile.routes.ts';
import { profileService } from './profile.service.ts';
import { sweepExpiredSessions } from './sessions.ts';
import { recordSignIns } from './sign-in-record.ts';

/** How often expired sessions, counted sign-in failures and expired tokens are removed. */
export const ACCOUNTS_SWEEP_MS = 5 * 60 * 1000;

const adminOnly = ['admin'] as const;

export const accountsAccess: readonly AccessRule[] = [
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
];

/** The sign-in link first for visitors; the profile link (and registration, where allowed) last for everyone. */
export function accountsMenu(selfRegistration: boolean): MenuEntry[] {
  return [
    { path: '/login', label: 'nav.login', roles: ['anonymous'], order: 10 },
    { path: '/admin/users', label: 'nav.users', roles: ['admin'], order: 10 },
    { path: '/admin/import', label: 'nav.import', roles: ['admin'], order: 11 },
    { path: '/profile', label: 'nav.profile', roles: ['teacher', 'coordinator', 'admin'], order: 1000 },
    ...(selfRegistration ? [{ path: '/register', label: 'nav.register', roles: ['anonymous'] as const, order: 1000 }] : []),
  ];
}

/** What a timer runs every ACCOUNTS_SWEEP_MS: the clean-up a TTL index would do on MongoDB (FerretDB 1.x has none). */
export async function sweepAccounts(db: Connection, repos: Pick<AccountsRepositories, 'tokens'>, now: Date): Promise<void> {
  await sweepExpiredSessions(db, now);
  await sweepLoginFailures(db, now);
  await repos.tokens.sweepExpired(now);
}

export interface AccountsDeps {
  db: Connection;
  config: Pick<Config, 'baseUrl' | 'selfRegistration' | 'sessionSecret'>;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  /** the learning record an admin sees on a user's page (learning's enrolment service) */
  enrolmentsOf: AdminUserPageDeps['enrolmentsOf'];
  /** what this server remembers of signed-in users (db/remembered.ts); `signedIn` reads the session user through it */
  remembered?: LearnerCache;
}

export function accountsFeature(deps: AccountsDeps) {
  const { db, config, clock, logger, mailer, remembered } = deps;
  const repos = accountsRepositories(db);
  const auth = authService({ db, mailer, clock, logger, baseUrl: config.baseUrl, secret: config.sessionSecret, repos });
  const services = {
    auth,
    directory: directoryService(db, repos, remembered),
    cohorts: cohortService(db, repos),
    profile: profileService({ db, clock, repos, ...(remembered ? { remembered } : {}) }),
    adminUsers: adminUsersService(db, repos, remembered),
    teacherImport: teacherImportService({ db, auth, clock, logger, repos }),
  };
  const passport = createPassport(auth);

  const feature: Feature<typeof services> & {
    /** the app's own Passport (sign-in, sign-out) */
    passport: typeof passport;
    /** each request's signed-in user (`req.user`), with the sign-in recorded for the admin's user list; mounted after the session middleware */
    signedIn: RequestHandler;
  } = {
    name: 'accounts',
    services,
    passport,
    signedIn: signedIn(repos.users, remembered, recordSignIns(repos.signIns, (err) => logger.warn({ err }, 'last sign-in not recorded'))),
    routers: () => [
      authRoutes({ auth, passport, selfRegistration: config.selfRegistration }),
      profileRoutes(services.profile),
      adminUsersRoutes(services.adminUsers, { sendSetPasswordLink: (u) => auth.sendSetPasswordLink(u), enrolmentsOf: deps.enrolmentsOf, ...(remembered ? { within: (userId, work) => remembered.within(userId, work) } : {}) }),
      teacherImportRoutes(services.teacherImport),
    ],
    accessRules: accountsAccess,
    menu: accountsMenu(config.selfRegistration),
    start() {
      const stopSweep = every(ACCOUNTS_SWEEP_MS, () => sweepAccounts(db, repos, clock.now()), (err) => logger.warn({ err }, 'housekeeping sweep failed'));
      // users stored before login keys existed get theirs; sign-in finds them the slow way meanwhile
      repos.keys
        .backfill()
        .then((read) => read && logger.info({ users: read }, 'login keys written'))
        .catch((err: unknown) => logger.error({ err }, 'login key backfill failed; sign-in falls back to scanning users'));
      const stopImportMaintenance = services.teacherImport.startMaintenance();
      return () => {
        stopSweep();
        stopImportMaintenance();
      };
    },
  };
  return feature;
}

export type AccountsFeature = ReturnType<typeof accountsFeature>;
export type AccountsServices = AccountsFeature['services'];
