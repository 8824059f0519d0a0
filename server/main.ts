// Runs Qorgau standalone: reads config, opens the database (starting the embedded one when
// MONGODB_URI is unset), listens, and on SIGTERM finishes requests in flight before it stops.
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { openDatabase } from './db/connection.ts';
import { EmbeddedDatabaseError, startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded.ts';
import { createApp } from './app.ts';
import { importBuiltInCourses } from './courses/built-in.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);

  let embedded: EmbeddedDatabase | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    try {
      embedded = await startEmbeddedDatabase(config.dataDir, logger);
    } catch (err) {
      if (err instanceof EmbeddedDatabaseError) {
        console.error(err.message);
        process.exit(69);
      }
      throw err;
    }
    uri = embedded.uri;
  }

  const db = await openDatabase(uri, config.mongodbUri ? undefined : 'qorgau');
  await importBuiltInCourses(db, logger);
  const app = createApp({ config, db, logger });
  const server: Server = app.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info({ port, engine: embedded?.engine ?? 'mongodb' }, `Qorgau listening on ${config.baseUrl}`);
  });

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => {
      logger.warn('requests still in flight after 10 s; closing them');
      server.closeAllConnections();
    }, 10_000);
    forced.unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    app.close();
    await db.close();
    await embedded?.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
