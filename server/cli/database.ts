// Opens what a CLI command needs: the configuration, and the database (the embedded one when
// MONGODB_URI is unset, under the same name server/main.ts uses), and closes it all afterwards.
import type { Connection } from 'mongoose';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase } from '../database.ts';
import { openEmbedded } from '../db/embedded-holder.ts';
import { keepDataDirPrivate } from '../data-dir.ts';
import { createLogger, type Logger } from '../logger.ts';

export interface CliContext {
  config: Config;
  db: Connection;
  /** warnings and errors on stderr, so that stdout holds only the command's own output */
  logger: Logger;
}

const onOpen: ((context: CliContext) => () => void)[] = [];

/** Runs `hook` for every command once its database is open (what a feature keeps current, as the server does); it returns how to stop. */
export function whenOpened(hook: (context: CliContext) => () => void): void {
  onOpen.push(hook);
}

export async function withDatabase<T>(work: (context: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
  keepDataDirPrivate(config.dataDir, logger);
  const embedded = config.mongodbUri ? undefined : await openEmbedded(config.dataDir, 'command', logger);
  try {
    const db = await openDatabase(config.mongodbUri ?? embedded!.uri, config.mongodbUri ? undefined : 'qorgau');
    const context = { config, db, logger };
    const stops = onOpen.map((hook) => hook(context));
    try {
      return await work(context);
    } finally {
      for (const stop of stops) stop();
      await db.close();
    }
  } finally {
    await embedded?.stop();
  }
}
