import { closeTestDatabase } from './database.ts';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await closeTestDatabase();
  },
};
