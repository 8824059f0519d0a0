import type { RequestHandler } from 'express';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { AppError } from '../errors.ts';
import { noLearnerCache, type LearnerCache } from '../db/remembered.ts';
import type { AuthService } from './auth.service.ts';
import { toSessionUser } from './session-user.ts';
import type { UserRepository } from './user.repository.ts';
import type { SessionUser } from '../http/access.ts';

type Users = Pick<UserRepository, 'findSessionUser'>;

/**
 * The signed-in user a session names, or false for an account no longer active. The user's stamp
 * is read on every request and the user whenever it changed (db/remembered.ts): every write to a
 * user changes it, so a disabled account or a changed role takes effect at once.
 */
function sessionUserOf(users: Users, remembered: LearnerCache) {
  return async (id: string): Promise<SessionUser | false> => {
    const user = await remembered.read(id, 'session-user', () => users.findSessionUser(id), (u) => u !== null);
    return user && user.status === 'active' ? toSessionUser(user) : false;
  };
}

/**
 * A Passport instance of the app's own, so a host application's Passport is left alone. It signs
 * users in and out; each request's user is found by `signedIn` below, not by Passport's session strategy.
 */
export function createPassport(auth: AuthService): InstanceType<typeof Passport> {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ usernameField: 'login', passwordField: 'password', passReqToCallback: true }, (req, login, password, done) => {
      auth.authenticate(login, password, req.ip ?? 'unknown').then(
        (user) => done(null, toSessionUser(user)),
        (err: unknown) => (err instanceof AppError && err.status < 500 ? done(null, false, { message: err.messageKey, error: err } as never) : done(err)),
      );
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  return passport;
}

/**
 * Each request's signed-in user, after the session middleware: the user the session names, on
 * `req.user`, read in that user's scope, so that their account and their learning documents are
 * checked by one stamp read (a session this server read before opened the scope already). An
 * account no longer active signs the session out, as Passport's session strategy does. That
 * strategy's per-request machinery (a strategy object, closures, the deserialisers' chain, and
 * Passport's request methods set on every request) was 3 to 4 % of a page's CPU; the sign-in and
 * sign-out routes get those methods from Passport where they use them (auth.routes.ts).
 */
export function signedIn(users: Users, remembered: LearnerCache = noLearnerCache, then: RequestHandler = (_req, _res, next) => next()): RequestHandler {
  const userOf = sessionUserOf(users, remembered);
  return (req, res, next) => {
    const session = req.session as typeof req.session | undefined;
    const id = session?.passport?.user;
    if (typeof id !== 'string') return then(req, res, next);
    remembered.scope(id, () => {
      userOf(id).then((user) => {
        if (user) req.user = user;
        else delete session!.passport!.user;
        then(req, res, next);
      }, next);
    });
  };
}
