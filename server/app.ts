import express, { type Express, type RequestHandler } from 'express';
import { sendBodies } from './http/page-compression.ts';
import { compressedStatic } from './http/static-compressed.ts';
import type { Connection } from 'mongoose';
import { readFileSync } from 'node:fs';
import { parse as parseQuery } from 'node:querystring';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.ts';
import { limitPasswordHashes } from './accounts/password.ts';
import type { Logger } from './logger.ts';
import { languages } from './i18n/index.ts';
import { languageMiddleware, preferredLanguage } from './http/language.ts';
import { accessLog } from './http/access-log.ts';
import { createViewEngine, viewsDir } from './http/views.ts';
import { securityHeaders } from './http/security.ts';
import { inputGuard } from './http/input-guard.ts';
import { databaseGate } from './http/database-gate.ts';
import { databaseHealth } from './db/health.ts';
import { sessionCookieName, sessionMiddleware } from './http/session.ts';
import { viewLocals } from './http/view-locals.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { cookies } from './http/cookies.ts';
import { csrfProtection } from './http/csrf.ts';
import { accessControl } from './http/access.ts';
import { forItsPaths } from './http/route-gate.ts';
import { errorHandler, notFound } from './http/error-handler.ts';
import { healthRoutes } from './health/health.routes.ts';
import { accountsFeature } from './accounts/accounts.ts';
import { homeFeature } from './home/home.ts';
import { coursesFeature } from './courses/courses.ts';
import { activitiesFeature } from './courses/activities.ts';
import { learningFeature } from './learning/learning.ts';
import { standardsFeature } from './standards/standards.ts';
import { reportsFeature } from './reports/reports.ts';
import { certificatesFeature } from './certificates/certificates.ts';
import { learnerCache } from './db/remembered.ts';
import { stamps } from './db/stamps.ts';
import { cachedCatalog, rememberedOffer } from './learning/catalog-cache.ts';

import { systemClock, type Clock } from './clock.ts';
import type { Feature } from './feature.ts';

export { systemClock, type Clock };

export interface AppDeps {
  config: Config;
  db: Connection;
  logger: Logger;
  mailer?: Mailer;
  clock?: Clock;
}

export interface QorgauApp extends Express {
  /** Stops the app's timers; the caller owns and closes the database. */
  close(): void;
}

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const assetVersion = packageJson.version;
const staticDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../static');

const TRACKING = /^(?:utm_[a-z_]+|fbclid|gclid|dclid|yclid|msclkid|mc_[ce]id|_openstat|igshid)$/i;

/** A query string's parameters, those a link picked up on its way (tracking) left out. */
function withoutTracking(query: string): Record<string, unknown> {
  const parsed = parseQuery(query);
  for (const key of Object.keys(parsed)) if (TRACKING.test(key)) delete parsed[key];
  return parsed;
}

/** Runs a body parser only for methods that carry a body. */
const withBody =
  (parser: RequestHandler): RequestHandler =>
  (req, res, next) =>
    req.method === 'GET' || req.method === 'HEAD' ? next() : parser(req, res, next);

/**
 * Builds the mountable Qorgau app. It never listens: `server/main.ts` does that, and a host
 * application may instead `host.use('/training', createApp(deps))`. Every URL it emits is built
 * from `req.baseUrl`, so it works under any mount path.
 */
export function createApp(deps: AppDeps): QorgauApp {
  const { config, db, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const mailer = deps.mailer ?? createMailer(config, logger);
  // Every feature is built once here, from its dependencies and the services of the features it
  // needs; a call from one feature back to a later one (an admin's user page shows enrolments) is a
  // function that runs per request, after all are built.
  // what this server remembers of each signed-in user while their stamp is unchanged (db/remembered.ts)
  const remembered = learnerCache(stamps(db), () => clock.now().getTime());
  const accounts = accountsFeature({
    db,
    config,
    clock,
    logger,
    mailer,
    remembered,
    // an admin's view of a teacher reads their enrolments under the teacher's stamp, as their own pages do
    enrolmentsOf: (userId) => remembered.within(userId, () => learning.services.enrolments.listForUser(userId)),
  });
  const { directory } = accounts.services;
  const courses = coursesFeature({ db, clock, logger, cache: remembered, enrolledCount: (courseId, versionId) => learning.services.enrolments.countForVersion(courseId, versionId) });
  const { catalog } = courses.services;
  const learning = learningFeature({ db, clock, logger, catalog: cachedCatalog(catalog), cohorts: accounts.services.cohorts, directory, cache: remembered });
  const standards = standardsFeature({ db, clock, logger, directory, learning: learning.services, catalog, certificates: (userId, courseIds) => certificates.services.holder.serials(userId, courseIds), cache: remembered });
  // a teacher's certificates page asks for every course id: remembered under the catalogue's stamp,
  // as learning's pages do, not a read of the whole courses collection per view
  const certificates = certificatesFeature({ db, clock, logger, mailer, config, directory, records: learning.services.records, courseIds: rememberedOffer(catalog, remembered).courseIds, cache: remembered });
  // a completion issues its certificate at once; the certificates sweep issues what a crash left unissued
  learning.services.completions.onCompleted(certificates.issueFor);
  // then the completion moves the teacher's standing, with the new certificate's serial, before the
  // learner's next page; a failed update is caught up by rebuild
  learning.services.completions.onCompleted(async (c) => void (await standards.services.standings.refresh(String(c.userId))));
  // an issued, revoked or reissued certificate changes the serial the teacher's standing carries
  certificates.onChanged((userId) => standards.services.standings.refresh(userId));
  // a teacher added, renamed or moved shows so on the roster at once; a failure is caught up by the
  // standings sweep, and never fails the write of the user, which has landed
  const stopPeople = directory.onChanged((change) => standards.services.standings.people(change).catch((err: unknown) => logger.error({ err }, 'standings of changed people not written')));
  const reports = reportsFeature({ db, clock, standards: standards.services, directory, catalog, within: (userId, work) => remembered.within(userId, work) });
  const activities = activitiesFeature({ courses: courses.services, enrolments: learning.services.enrolments });
  // One list: routers are mounted, access rules matched and menu entries placed in this order.
  const features: Feature[] = [homeFeature({ selfRegistration: config.selfRegistration }), accounts, courses, learning, standards, certificates, reports, activities];
  // a crowd signing in takes turns at the password hashes, leaving cores to everyone else's pages
  limitPasswordHashes(config.passwordHashes);
  const app = express() as unknown as QorgauApp;
  const engine = createViewEngine();
  app.engine('hbs', engine.engine);
  app.set('view engine', 'hbs');
  app.set('views', viewsDir);
  // node's querystring (Express's 'simple'), without the parameters that mail and messengers add
  // to a shared link (`utm_source`, `fbclid`): a page's own checks refuse what they do not know
  app.set('query parser', withoutTracking);
  app.disable('x-powered-by');
  // No ETag on pages: signed-in pages are never stored (Cache-Control: no-store) and forms carry a
  // fresh token, so hashing every body only cost CPU. Media and static files set their own.
  app.set('etag', false);
  // Behind a reverse proxy (production), secure cookies need the proxy's X-Forwarded-Proto.
  app.set('trust proxy', config.trustProxy);
  if (config.isProduction) app.enable('view cache');
  app.locals.assetVersion = assetVersion;

  app.use(accessLog(logger));
  app.use(securityHeaders(config.isProduction));
  // Pages and JSON are compressed in one call as res.send sends them (page-compression.ts); the
  // stylesheet and scripts are kept compressed in memory (static-compressed.ts). Fonts and images
  // are compressed already, and so are the other streams (PDFs, spreadsheets); rosters must not be
  // held back (docs/rosters.md). COMPRESSION=false leaves it to a proxy in front.
  // Fonts never change; CSS and JS carry a version query in their URLs.
  const aDay = 'public, max-age=86400';
  const forever = 'public, max-age=31536000, immutable';
  const staticFiles: RequestHandler[] = [];
  sendBodies(app, { compress: config.compression });
  if (config.compression) {
    staticFiles.push(compressedStatic(staticDir, { cacheControl: aDay, watch: !config.isProduction }));
  }
  app.use(
    '/static',
    ...staticFiles,
    express.static(staticDir, {
      index: false,
      fallthrough: true,
      setHeaders(res, file) {
        res.setHeader('Cache-Control', file.includes(`${path.sep}fonts${path.sep}`) ? forever : aDay);
      },
    }),
  );
  // browsers ask for /favicon.ico on every page; public like /static
  app.get('/favicon.ico', (_req, res) => res.sendFile(path.join(staticDir, 'favicon.ico'), { maxAge: 86_400_000 }));
  app.use(healthRoutes(db));

  app.use(cookies());
  app.use((req, res, next) => {
    const base = req.baseUrl;
    // `//evil.example/x` is a path here, but a link to another site in a page: one leading slash only
    const here = `/${req.path.replace(/^[/\\]+/, '')}`;
    res.locals.base = base;
    res.locals.currentPath = base + here;
    res.locals.languageLinks = languages.map((code) => ({ code, href: `${base}${here}?lang=${code}` }));
    next();
  });
  app.use(languageMiddleware());
  // Bodies are parsed after the language is known, so a refused body is answered in that language.
  // (a GET or HEAD carries no body: the parsers are not run for them)
  app.use(withBody(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 })));
  app.use(withBody(express.json({ limit: '64kb', strict: true })));
  app.use(inputGuard());
  app.use(databaseGate(databaseHealth(db)));
  app.use(sessionMiddleware({ db, secret: config.sessionSecret, secure: config.isProduction, remembered, logger }));
  app.set('sessionCookieName', sessionCookieName(config.isProduction));
  // the session's user on req.user, read in their scope: their account and learning documents
  // under one stamp read per request (a session this server read before opened it already)
  app.use(accounts.signedIn);
  app.use(preferredLanguage());
  app.use(viewLocals(features.flatMap((f) => f.menu)));
  // Access first: an anonymous post to a members-only form is a 401, not a CSRF complaint.
  app.use(accessControl(features.flatMap((f) => f.accessRules)));
  app.use(csrfProtection({ secret: config.sessionSecret, secure: config.isProduction }));

  // each feature's routers, in list order (who may reach them is in its accessRules), each entered
  // only for the paths its routes begin with (http/route-gate.ts)
  for (const feature of features) for (const router of feature.routers()) app.use(forItsPaths(router));

  app.use(notFound);
  app.use(errorHandler(logger));

  // each feature's sweeps; their timers never keep the process alive
  const stops = features.map((f) => f.start());
  app.close = () => {
    stopPeople();
    for (const stop of stops) stop();
  };
  return app;
}
