// The set-up of the round-trip tests (test/integration/performance): the app on a database
// connection of its own whose driver reports every command, and `cost`, the commands one request
// sends. Hooks are registered in the calling describe block.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { CommandStartedEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import { createApp, type QorgauApp } from '../../server/app.ts';
import { openDatabase } from '../../server/database.ts';
import { createLogger } from '../../server/logger.ts';
import { databaseUri, runDatabaseName } from './database.ts';
import { testConfig } from './app.ts';
import { MovableClock } from './learning.ts';

export interface Counted {
  db: Connection;
  url: string;
  clock: MovableClock;
  /** another server of the site on the same connection (its commands are counted too), stopped after the test's block */
  second(): Promise<string>;
  /** The commands one request sends, as sorted `command collection` lines; every read must be by _id alone. */
  cost(label: string, request: () => Promise<unknown>): Promise<string[]>;
}

async function listen(app: QorgauApp): Promise<{ server: Server; url: string }> {
  // the features' sweeps stop at once: a standings pass (5 s after start) must not land in a page's count
  app.close();
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

export function countedApp(): Counted {
  let commands: CommandStartedEvent[] = [];
  const servers: Server[] = [];
  const app = () => createApp({ config: testConfig(), db: counted.db, logger: createLogger(process.env.TRIPS_LOG ?? 'silent'), clock: counted.clock });

  /** waits until no command has been sent for 100 ms */
  async function quiet(): Promise<void> {
    for (let seen = -1; seen !== commands.length; ) {
      seen = commands.length;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const counted: Counted = {
    db: undefined as unknown as Connection,
    url: '',
    clock: new MovableClock(),
    async second() {
      const { server, url } = await listen(app());
      servers.push(server);
      return url;
    },
    async cost(label, request) {
      await quiet(); // what earlier responses started after they were sent (mail, a standing's refresh)
      commands = [];
      await request();
      await quiet();
      const sent = commands.filter((e) => !['hello', 'isMaster', 'ping', 'endSessions'].includes(e.commandName));
      for (const e of sent.filter((c) => c.commandName === 'find')) {
        const filter = (e.command as { filter?: Record<string, unknown> }).filter ?? {};
        expect(Object.keys(filter), `a read of ${String(e.command.find)} by _id alone (${label})`).to.deep.equal(['_id']);
        expect(typeof filter._id === 'object' && filter._id !== null && !('toHexString' in filter._id), `a read of ${String(e.command.find)} for one _id (${label})`).to.equal(false);
      }
      return sent.map((e) => `${e.commandName} ${String((e.command as Record<string, unknown>)[e.commandName])}`).sort();
    },
  };

  before(async () => {
    counted.db = await openDatabase(await databaseUri(), runDatabaseName, { monitorCommands: true });
    counted.db.getClient().on('commandStarted', (e) => commands.push(e));
    const { server, url } = await listen(app());
    servers.push(server);
    counted.url = url;
  });
  after(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await counted.db.close();
  });
  return counted;
}
