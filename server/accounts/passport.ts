import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { Types, type Connection } from 'mongoose';
import { AppError } from '../errors.ts';
import type { AuthService } from './auth.service.ts';
import type { UserDoc } from './user.model.ts';
import { sessionUserFields, toSessionUser } from './session-user.ts';

/** A Passport instance of the app's own, so a host application's Passport is left alone. */
export function createPassport(db: Connection, auth: AuthService): InstanceType<typeof Passport> {
  const passport = new Passport();
  // Read straight through the driver, by _id, only the fields a request needs: this runs on every
  // signed-in request, and Mongoose's query building cost more than the read (docs/performance.md).
  const users = () => db.getClient().db(db.name).collection<UserDoc>('users');
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
    if (typeof id !== 'string' || !/^[0-9a-f]{24}$/.test(id)) return done(null, false);
    users().findOne({ _id: new Types.ObjectId(id) }, { projection: sessionUserFields }).then(
      (user) => done(null, user && user.status === 'active' ? toSessionUser(user) : false),
      (err: unknown) => done(err),
    );
  });
  return passport;
}
