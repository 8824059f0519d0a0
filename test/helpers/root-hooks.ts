import { closeTestDatabase, databaseUri } from './database.ts';

export const mochaHooks = {
  // Starting the database first (and, on a fresh machine, building the FerretDB launcher, which
  // takes a few minutes) keeps that one-time cost out of any single test's timeout.
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(15 * 60 * 1000);
    await databaseUri();
  },
  async afterAll(): Promise<void> {
    await closeTestDatabase();
  },
};
