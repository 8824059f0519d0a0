// One embedded database per DATA_DIR. Two FerretDB processes on the same SQLite files do not see
// each other's new collections (each keeps its own catalogue): a command run beside the server (a
// demo seed, an import) made the server's writes fail with "table ... already exists" until it was
// restarted. So the process that starts the database says where it listens, in
// DATA_DIR/embedded-database.json; a command run meanwhile connects to it, and a second server on the
// same DATA_DIR is refused with a message (WEB_CONCURRENCY gives more processes on one database).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { EmbeddedDatabaseError, startEmbeddedDatabase, type EmbeddedDatabase, type EmbeddedOptions } from './embedded.ts';

export type Holder = 'server' | 'command';

interface Held {
  uri: string;
  engine: EmbeddedDatabase['engine'];
  /** the Node process that started it */
  pid: number;
  by: Holder;
}

const fileOf = (dataDir: string) => path.join(dataDir, 'embedded-database.json');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The database another live process of this DATA_DIR started, if any. */
export function heldElsewhere(dataDir: string): Held | null {
  try {
    const held = JSON.parse(readFileSync(fileOf(dataDir), 'utf8')) as Held;
    return held.pid !== process.pid && alive(held.pid) ? held : null;
  } catch {
    return null; // none written, or left unreadable by a crash: nobody holds it
  }
}

/**
 * The embedded database of DATA_DIR for a server or a command: a command connects to the one a live
 * process started (and leaves it running); otherwise this process starts it and says so until it stops.
 */
export async function openEmbedded(dataDir: string, by: Holder, logger?: Logger, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const held = heldElsewhere(dataDir);
  if (held && by === 'command') {
    logger?.info({ engine: held.engine, pid: held.pid }, 'using the embedded database of a running process');
    return { uri: held.uri, engine: held.engine, pid: undefined, stop: async () => undefined };
  }
  if (held) throw new EmbeddedDatabaseError(`the embedded database under ${dataDir} is in use by a running Qorgau ${held.by} (pid ${held.pid}): stop it first, or set WEB_CONCURRENCY for more server processes`);
  const started = await startEmbeddedDatabase(dataDir, logger, options);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(fileOf(dataDir), JSON.stringify({ uri: started.uri, engine: started.engine, pid: process.pid, by } satisfies Held), { mode: 0o600 });
  return {
    uri: started.uri,
    engine: started.engine,
    get pid() {
      return started.pid;
    },
    async stop() {
      if (heldElsewhere(dataDir) === null) rmSync(fileOf(dataDir), { force: true });
      await started.stop();
    },
  };
}
