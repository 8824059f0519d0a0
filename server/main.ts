// Runs Qorgau standalone: reads config, opens the database (starting the embedded one when
// MONGODB_URI is unset), listens, and on SIGTERM finishes requests in flight before it stops.
// With WEB_CONCURRENCY > 1 this process is the primary: it owns the embedded database and the
// import of the built-in courses, and forks that many workers (node:cluster) that share the port.
// Nothing a worker keeps in memory is needed by another: sessions, attempts and caches of
// immutable content work across servers already (docs/performance.md).
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { destination } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger, maskText, type Logger } from './logger.ts';
import { openDatabase } from './database.ts';
import { EmbeddedDatabaseError, type EmbeddedDatabase } from './db/embedded.ts';
import { openEmbedded } from './db/embedded-holder.ts';
import { keepDataDirPrivate } from './data-dir.ts';
import { createApp } from './app.ts';
import { createHttpServer } from './http/server.ts';
import { importBuiltInCourses } from './courses/built-in.ts';

// the database name the embedded server holds Qorgau's data under
const EMBEDDED_DB = 'qorgau';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
}

// Log lines are written asynchronously, not one blocking write(2) per request; pino flushes what
// is left when the process exits. No batching threshold: a line (say, "listening") must reach
// whoever reads the log without waiting for 4 KB of others.
const logTo = () => destination({ dest: 1, sync: false }) as unknown as NodeJS.WritableStream;
// and a quiet server's lines are not held back for long
const flushEvery = (logger: Logger) => setInterval(() => logger.flush(), 1_000).unref();

async function startDatabase(config: Config, logger: Logger): Promise<{ uri: string; embedded?: EmbeddedDatabase }> {
  keepDataDirPrivate(config.dataDir, logger);
  if (config.mongodbUri) return { uri: config.mongodbUri };
  try {
    const embedded = await openEmbedded(config.dataDir, 'server', logger, { restart: true });
    return { uri: embedded.uri, embedded };
  } catch (err) {
    if (err instanceof EmbeddedDatabaseError) {
      console.error(err.message);
      process.exit(69);
    }
    throw err;
  }
}

/** One server: the app on its own connection pool, listening on PORT (shared by workers). */
async function serve(config: Config, logger: Logger, uri: string, dbName: string | undefined, onStopped: () => Promise<void>): Promise<void> {
  const db = await openDatabase(uri, dbName);
  if (cluster.isPrimary) await importBuiltInCourses(db, logger);
  const app = createApp({ config, db, logger });
  const server: Server = createHttpServer(app).listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    if (cluster.isPrimary) logger.info({ port }, `Qorgau listening on ${config.baseUrl}`);
    else logger.info({ port, worker: cluster.worker?.id }, 'worker listening');
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
    await onStopped();
    logger.info('stopped');
    logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // Ctrl-C reaches every process of the group: a worker waits for the primary's SIGTERM instead
  process.on('SIGINT', () => void (cluster.isPrimary ? shutdown('SIGINT') : undefined));
}

/** The primary of WEB_CONCURRENCY workers: database, courses, then workers; a worker that dies is replaced. */
async function supervise(config: Config, logger: Logger): Promise<void> {
  const { uri, embedded } = await startDatabase(config, logger);
  const dbName = config.mongodbUri ? undefined : EMBEDDED_DB;
  const db = await openDatabase(uri, dbName);
  await importBuiltInCourses(db, logger);
  await db.close();
  // workers reach the embedded database by its URI, with the database named in it
  const workerUri = embedded ? `${uri.replace(/\/?$/, '/')}${EMBEDDED_DB}` : uri;
  let stopping = false;
  const fork = () => cluster.fork({ MONGODB_URI: workerUri });
  for (let i = 0; i < config.webConcurrency; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ worker: worker.id, code, signal }, 'worker died; starting another');
    fork();
  });
  logger.info({ port: config.port, workers: config.webConcurrency, engine: embedded?.engine ?? 'mongodb' }, `Qorgau listening on ${config.baseUrl}`);

  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down workers');
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.once('exit', () => resolve());
            w.process.kill('SIGTERM');
          }),
      ),
    );
    await embedded?.stop();
    logger.info('stopped');
    logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel, logTo());
  // nothing reaches stdout outside the structured log, not even an error nobody awaited
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception; exiting');
    logger.flush();
    process.exit(70);
  });
  flushEvery(logger);
  if (cluster.isPrimary && config.webConcurrency > 1) return supervise(config, logger);
  if (cluster.isWorker) return serve(config, logger, config.mongodbUri!, undefined, async () => undefined);
  const { uri, embedded } = await startDatabase(config, logger);
  await serve(config, logger, uri, config.mongodbUri ? undefined : EMBEDDED_DB, async () => {
    await embedded?.stop();
  });
}

main().catch((err: unknown) => {
  // masked like every log line: a failed start-up can quote a document
  console.error(maskText(err instanceof Error ? (err.stack ?? err.message) : String(err)));
  process.exit(1);
});
