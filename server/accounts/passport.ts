import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Connection } from 'mongoose';
import { AppError } from '../errors.ts';
import type { AuthService } from './auth.service.ts';
import { userRepository } from './user.repository.ts';
import { toSessionUser } from './session-user.ts';

/** A Passport instance of the app's own, so a host application's Passport is left alone. */
export function createPassport(db: Connection, auth: AuthService): InstanceType<typeof Passport> {
  const passport = new Passport();
  const users = userRepository(db);
  passport.use(
    new LocalStrategy({ usernameField: 'login', passwordField: 'password', passReqToCallback: true }, (req, login, password, done) => {
      auth.authenticate(login, password, req.ip ?? 'unknown').then(
        (user) => done(null, toSessionUser(user)),
        (err: unknown) => (err instanceof AppError && err.status < 500 ? done(null, false, { message: err.messageKey, error: err } as never) : done(err)),
      );
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  // The user is read on every request, so a disabled account or a changed role takes effect at once.
  passport.deserializeUser((id: string, done) => {
    users.findById(id).then(
      (user) => done(null, user && user.status === 'active' ? toSessionUser(user) : false),
      (err: unknown) => done(err),
    );
  });
  return passport;
}
