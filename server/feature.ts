// The feature contract: every feature is built once by `server/<feature>/<feature>.ts` from its
// dependencies and hands the app the same shape. `app.ts` loops over the list; nothing central is
// edited to add a feature.
import type { Router } from 'express';
import type { Audience, Role } from './accounts/session-user.types.ts';

/** Who may reach a path; a path no rule names is refused (deny by default, http/access.ts). */
export interface AccessRule {
  /** an Express-style path: `:param` matches one segment, a trailing `*` matches the rest */
  path: string;
  methods?: readonly string[];
  who: Audience;
  /** the route takes a multipart upload through http/upload.ts; every other route refuses multipart */
  upload?: boolean;
  /** `national`: an admin must be one without a region scope (a regional admin gets 403); other roles as `who` says */
  scope?: 'national';
}

/** An entry of the site menu, shown to the roles listed, in ascending `order`. */
export interface MenuEntry {
  path: string;
  /** an i18n key */
  label: string;
  roles: readonly (Role | 'anonymous')[];
  /** ascending; equal orders keep the features' list order. Accounts' profile link is 1000, last (docs/architecture.md) */
  order: number;
  /** `national`: of admins, only those without a region scope see it (the page answers 403 to the others) */
  scope?: 'national';
}

export interface Feature<Services = unknown> {
  name: string;
  services: Services;
  routers(): Router[];
  accessRules: readonly AccessRule[];
  menu: readonly MenuEntry[];
  /** starts the feature's timers (sweeps); returns what stops them. Timers never keep the process alive. */
  start(): () => void;
}

/** A timer for a sweep that runs one pass at a time and never keeps the process alive. */
export function every(intervalMs: number, pass: () => Promise<unknown>, onError: (err: unknown) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    pass()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
