// Opens what a CLI command needs: the configuration, and the database (the embedded one when
// MONGODB_URI is unset, under the same name server/main.ts uses), and closes it all afterwards.
import type { Connection } from 'mongoose';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase } from '../database.ts';
import { startEmbeddedDatabase } from '../db/embedded.ts';
import { createLogger, type Logger } from '../logger.ts';

export interface CliContext {
  config: Config;
  db: Connection;
  /** warnings and errors on stderr, so that stdout holds only the command's own output */
  logger: Logger;
}

export async function withDatabase<T>(work: (context: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
  const embedded = config.mongodbUri ? undefined : await startEmbeddedDatabase(config.dataDir, logger);
  try {
    const db = await openDatabase(config.mongodbUri ?? embedded!.uri, config.mongodbUri ? undefined : 'qorgau');
    try {
      return await work({ config, db, logger });
    } finally {
      await db.close();
    }
  } finally {
    await embedded?.stop();
  }
}
