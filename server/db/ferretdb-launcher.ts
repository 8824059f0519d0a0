// Builds the embedded FerretDB launcher (./ferretdb) with `go build` on first use, into a
// git-ignored folder, with the files of ./ferretdb/_patches in place of FerretDB's own.
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.ts';

export class EmbeddedDatabaseError extends Error {}

const launcherDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ferretdb');
export const launcherBinary = path.join(launcherDir, 'bin', 'qorgau-ferretdb');
/** Files that replace FerretDB's own in the build, at the same paths inside its module (Go skips folders named _*). */
const patchesDir = path.join(launcherDir, '_patches');
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

export function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** True when the launcher's binary is there and newer than every source it is built from. */
function launcherIsCurrent(): boolean {
  try {
    accessSync(launcherBinary, constants.X_OK);
  } catch {
    return false;
  }
  const built = statSync(launcherBinary).mtimeMs;
  const sources = readdirSync(launcherDir)
    .filter((name) => name.endsWith('.go') || name === 'go.mod' || name === 'go.sum')
    .map((name) => path.join(launcherDir, name));
  return [...sources, ...patchFiles().map((file) => path.join(patchesDir, file))].every((file) => statSync(file).mtimeMs <= built);
}

/** The patch files, by path inside FerretDB's module. */
function patchFiles(): string[] {
  return readdirSync(patchesDir, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(path.join(patchesDir, name)).isFile());
}

/**
 * A copy of FerretDB's module with the patches in place, and a go.mod for the launcher that
 * builds against it (`go build -modfile`): the module cache itself is read-only, and Go's file
 * overlays may not replace files in it.
 */
function patchedModule(go: string, env: NodeJS.ProcessEnv): string {
  const found = spawnSync(go, ['mod', 'download', '-json', FERRETDB_MODULE], { cwd: launcherDir, env, encoding: 'utf8' });
  const dir = found.status === 0 ? (JSON.parse(found.stdout) as { Dir?: string }).Dir : undefined;
  if (!dir) throw new EmbeddedDatabaseError(`go mod download ${FERRETDB_MODULE} failed (exit ${found.status}): ${found.stderr.trim()}`);
  const build = path.join(launcherDir, 'bin', 'build');
  const copy = path.join(build, 'ferretdb');
  rmSync(build, { recursive: true, force: true });
  cpSync(dir, copy, { recursive: true });
  // the module cache is read-only, and so is its copy: made writable to patch it and, later, remove it
  for (const entry of ['', ...readdirSync(copy, { recursive: true, encoding: 'utf8' })]) {
    const file = path.join(copy, entry);
    chmodSync(file, statSync(file).isDirectory() ? 0o755 : 0o644);
  }
  for (const file of patchFiles()) cpSync(path.join(patchesDir, file), path.join(copy, file));
  const modfile = path.join(build, 'go.mod');
  writeFileSync(modfile, `${readFileSync(path.join(launcherDir, 'go.mod'), 'utf8').trimEnd()}\n\nreplace ${FERRETDB_MODULE} => ${copy}\n`);
  cpSync(path.join(launcherDir, 'go.sum'), path.join(build, 'go.sum'));
  return modfile;
}

/** Builds the FerretDB launcher with `go build` when its binary is missing or older than its sources. */
export function ensureFerretdbLauncher(logger?: Logger): string {
  if (launcherIsCurrent()) return launcherBinary;
  const go = onPath('go');
  if (!go) {
    throw new EmbeddedDatabaseError(
      'No database is available. Set MONGODB_URI to a MongoDB server (for example mongodb://127.0.0.1:27017/qorgau), ' +
        'or install mongod on PATH, or install Go 1.22+ so that Qorgau can build its embedded FerretDB launcher.',
    );
  }
  logger?.info('building the embedded FerretDB launcher (first start only, takes a minute or two)');
  const env = { ...process.env, CGO_ENABLED: '0' };
  const modfile = patchedModule(go, env);
  const result = spawnSync(go, ['build', '-modfile', modfile, '-o', launcherBinary, '.'], {
    cwd: launcherDir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
  });
  if (result.status !== 0) {
    throw new EmbeddedDatabaseError(`go build of ${launcherDir} failed (exit ${result.status}); see the output above, or set MONGODB_URI.`);
  }
  return launcherBinary;
}
