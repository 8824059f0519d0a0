import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { AppError } from '../errors.ts';
import { noLearnerCache, type LearnerCache } from '../db/remembered.ts';
import type { AuthService } from './auth.service.ts';
import { toSessionUser } from './session-user.ts';
import type { UserRepository } from './user.repository.ts';

/** A Passport instance of the app's own, so a host application's Passport is left alone. */
export function createPassport(users: Pick<UserRepository, 'findSessionUser'>, auth: AuthService, remembered: LearnerCache = noLearnerCache): InstanceType<typeof Passport> {
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
  // The user's stamp is read on every request and the user whenever it changed (db/remembered.ts):
  // every write to a user changes it, so a disabled account or a changed role takes effect at once.
  passport.deserializeUser((id: string, done) => {
    if (typeof id !== 'string') return done(null, false);
    remembered.read(id, 'session-user', () => users.findSessionUser(id), (user) => user !== null).then(
      (user) => done(null, user && user.status === 'active' ? toSessionUser(user) : false),
      (err: unknown) => done(err),
    );
  });
  return passport;
}
