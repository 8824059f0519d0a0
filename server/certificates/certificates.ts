// Builds the certificates feature once from its dependencies (the contract in ../feature.ts). It is
// fed by learning's completions: app.ts hands `issueFor` to `completions.onCompleted`, and the sweep
// started here issues whatever a crash left unissued.
import type { Router } from 'express';
import type { Connection } from 'mongoose';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { every, type AccessRule, type Feature, type MenuEntry } from '../feature.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { DirectoryService } from '../accounts/directory.service.ts';
import type { CompletionDoc, CompletionRecords } from './completion.ts';
import type { LearnerCache } from '../db/remembered.ts';
import { registerCertificateModels } from './certificate.model.ts';
import { certificateRepository } from './certificate.repository.ts';
import { certificateRoutes } from './certificate.routes.ts';
import { holderService } from './holder.service.ts';
import { issueService } from './issue.service.ts';
import { lifecycleService } from './lifecycle.service.ts';
import { currentSigningKey, keyring } from './signing/keyring.ts';
import { certificateSweep, subjectOf } from './sweep.ts';
import { verifyRoutes } from './verify.routes.ts';
import { verifyService } from './verify.service.ts';
import { verifyThrottle } from './verify-throttle.ts';
import { orHere, renderThread } from './render/render-thread.ts';

export const SWEEP_INTERVAL_MS = 60 * 60_000;

export interface CertificatesDeps {
  db: Connection;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  config: Pick<Config, 'baseUrl' | 'dataDir' | 'certificateSigningKey' | 'sessionSecret'> & Partial<Pick<Config, 'isProduction'>>;
  directory: Pick<DirectoryService, 'person'>;
  /** learning's read face */
  records: CompletionRecords;
  courseIds(): Promise<string[]>;
  /** what this server remembers of each signed-in user (db/remembered.ts): their certificates too */
  cache?: LearnerCache;
}

const signedIn = 'signed-in' as const;
const admins = ['admin'] as const;

export const accessRules: readonly AccessRule[] = [
  { path: '/verify', methods: ['GET', 'POST'], who: 'public' },
  { path: '/verify/:code', methods: ['GET'], who: 'public' },
  { path: '/.well-known/jwks.json', methods: ['GET'], who: 'public' },
  { path: '/certificates', methods: ['GET'], who: signedIn },
  { path: '/certificates/:code/certificate.pdf', methods: ['GET'], who: signedIn },
  { path: '/learn/courses/:courseId/certificate.pdf', methods: ['GET'], who: signedIn },
  { path: '/admin/certificates', methods: ['GET', 'POST'], who: admins },
  { path: '/admin/certificates/:serial', methods: ['GET'], who: admins },
  { path: '/admin/certificates/:serial/revoke', methods: ['POST'], who: admins },
  { path: '/admin/certificates/:serial/reissue', methods: ['POST'], who: admins },
];

const menu: readonly MenuEntry[] = [
  { path: '/certificates', label: 'certificates.nav.mine', roles: ['teacher'], order: 30 },
  { path: '/admin/certificates', label: 'certificates.nav.admin', roles: ['admin'], order: 40 },
];

export function certificatesFeature(deps: CertificatesDeps) {
  const { db, clock, logger, config } = deps;
  registerCertificateModels(db);
  const repo = certificateRepository(db, deps.cache);
  const keys = keyring(db, currentSigningKey(config), clock);
  const person = (id: string) => deps.directory.person(id);
  // whoever keeps a copy of a holder's certificates (the standings' serials) is told of each change
  const changeListeners: ((userId: string) => Promise<unknown>)[] = [];
  const changed = async (userId: string): Promise<void> => {
    await Promise.all(changeListeners.map((listener) => listener(userId).catch((err: unknown) => logger.error({ err }, 'a certificate changed, but a listener failed'))));
  };
  // the holder service mails on issue; the issuer is built first and told through this indirection
  let notify: (typeof holder)['notify'] = async () => undefined;
  const issuer = issueService({
    repo,
    keys,
    clock,
    logger,
    person,
    onIssued: async (cert, who) => {
      await Promise.all([changed(String(cert.userId)), notify(cert, who)]);
    },
  });
  const lifecycle = lifecycleService({ repo, issuer, clock, person, changed: (userId) => void changed(userId) });
  const throttle = verifyThrottle(db, config.sessionSecret);
  const verify = verifyService({ repo, lifecycle, keys, throttle, clock });
  // downloads are rendered off the thread that serves pages; should that thread fail, here
  const pdfThread = renderThread();
  const renderPdf = orHere(pdfThread, (err) => logger.warn({ err }, 'certificate not rendered on the render thread; rendering it here'));
  const holder = holderService({ repo, issuer, lifecycle, records: deps.records, courseIds: deps.courseIds, baseUrl: config.baseUrl, mailer: deps.mailer, renderPdf });
  notify = holder.notify;
  const sweep = certificateSweep({ db, repo, issuer, records: deps.records, clock, logger });

  const feature: Feature<{ issuer: typeof issuer; lifecycle: typeof lifecycle; verify: typeof verify; holder: typeof holder; keys: typeof keys; sweep: typeof sweep; repo: typeof repo }> = {
    name: 'certificates',
    services: { issuer, lifecycle, verify, holder, keys, sweep, repo },
    routers(): Router[] {
      return [verifyRoutes({ verify, keys, baseUrl: config.baseUrl }), certificateRoutes({ holder, lifecycle, verify })];
    },
    accessRules,
    menu,
    start(): () => void {
      const onError = (err: unknown) => logger.error({ err }, 'certificate sweep failed');
      // once soon after start (not during it), then hourly
      const first = setTimeout(() => void sweep.pass().catch(onError), 2_000);
      first.unref();
      const stopSweep = every(SWEEP_INTERVAL_MS, () => sweep.pass(), onError);
      const stopMisses = every(10 * 60_000, () => throttle.sweep(clock.now()), onError);
      // in production the render thread is made ready soon after start (about 70 MB), so the first
      // download after a deploy does not wait half a second for it; tests start it when they render
      const warm = config.isProduction ? setTimeout(() => pdfThread.warm(), 1_000) : undefined;
      warm?.unref();
      return () => {
        clearTimeout(first);
        clearTimeout(warm);
        stopSweep();
        stopMisses();
        void pdfThread.close();
      };
    },
  };
  return {
    ...feature,
    /** The completion listener: issues the completion's certificate (exactly once). */
    issueFor: async (completion: CompletionDoc): Promise<void> => {
      await issuer.issue(subjectOf(completion));
    },
    /** Issues a completion's certificate (exactly once) and returns it, the one stored before included. */
    issue: (completion: CompletionDoc) => issuer.issue(subjectOf(completion)),
    /** Tells `listener` the holder's id after each issue, revocation and reissue. */
    onChanged(listener: (userId: string) => Promise<unknown>): void {
      changeListeners.push(listener);
    },
  };
}

export type CertificatesFeature = ReturnType<typeof certificatesFeature>;
