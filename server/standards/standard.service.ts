// The national standard in force: of the shipped definition file and the versions national admins
// uploaded, the newest whose `effectiveFrom` has come (midnight in Kazakhstan, UTC+5). A version
// uploaded ahead of its day waits: the standings sweep applies it within the hour once the day
// comes. An upload is checked in full, must raise the highest version number, and is claimed by
// inserting `v<version>`: two uploads of one number cannot both win.
import { readFileSync } from 'node:fs';
import type { Connection } from 'mongoose';
import { insertOnce } from '../db/claim.ts';
import { kzMidnight, type Clock } from '../clock.ts';
import { ConflictError, ForbiddenError } from '../errors.ts';
import { readStandard, StandardError } from './standard-file.ts';
import type { StandardDefinition } from './standard.schema.ts';
import { standardsModels, type StandardVersionDoc } from './standing.model.ts';

export const SHIPPED_STANDARD = new URL('../../courses/national-standard.yaml', import.meta.url);

export interface StandardInForce {
  version: number;
  definition: StandardDefinition;
  source: string;
  file: string;
  uploadedAt: Date | null;
  uploadedBy: string | null;
}

export interface StandardDeps {
  db: Connection;
  clock: Clock;
  /** the requirement codes the published courses count toward */
  courseCodes: () => Promise<ReadonlySet<string>>;
  shippedFile?: URL;
}

const RELOAD_MS = 5_000;

export function standardService(deps: StandardDeps) {
  const { versions } = standardsModels(deps.db);
  const shippedUrl = deps.shippedFile ?? SHIPPED_STANDARD;
  const shippedSource = readFileSync(shippedUrl, 'utf8');
  const shipped: StandardInForce = { version: 0, definition: readStandard('national-standard.yaml', shippedSource), source: shippedSource, file: 'national-standard.yaml', uploadedAt: null, uploadedBy: null };
  shipped.version = shipped.definition.version;
  /** every version, read again after RELOAD_MS (another server may have stored one) */
  let cached: { at: number; versions: StandardInForce[] } | null = null;

  /** Every version, the newest first (a handful of documents: one scan, sorted in code). */
  async function all(): Promise<StandardInForce[]> {
    const stored = await versions.find({}).lean<StandardVersionDoc[]>();
    const uploaded = stored.filter((v) => v.version > shipped.version).map((v) => ({ version: v.version, definition: v.definition, source: v.source, file: v.file, uploadedAt: v.uploadedAt, uploadedBy: v.uploadedBy }));
    return [...uploaded, shipped].sort((a, b) => b.version - a.version);
  }

  /** The first moment of a version's day, midnight in Kazakhstan. */
  const comesAt = (v: StandardInForce) => kzMidnight(v.definition.effectiveFrom);

  /** Of the versions (newest first), the one in force: the newest whose day has come; before any has, the oldest. */
  function inForceOf(versions: readonly StandardInForce[]): StandardInForce {
    const now = deps.clock.now().getTime();
    return versions.find((v) => comesAt(v) <= now) ?? versions[versions.length - 1]!;
  }

  async function known(): Promise<StandardInForce[]> {
    // the house's clock, as for every other time a service reads: a test that holds it still is
    // not surprised by a reload in the middle of what it counts
    const now = deps.clock.now().getTime();
    if (cached && now - cached.at < RELOAD_MS) return cached.versions;
    cached = { at: now, versions: await all() };
    return cached.versions;
  }

  /** The version in force now (a waiting one's day is checked on each call, not only at a reload). */
  async function current(): Promise<StandardInForce> {
    return inForceOf(await known());
  }

  return {
    current,
    /** Forgets the cached definition (after another process uploaded one). */
    forget(): void {
      cached = null;
    },
    /** Every version, the newest first, with its day and whether it is in force, waiting for its day, or superseded. */
    async history(): Promise<{ version: number; file: string; uploadedAt: Date | null; example: boolean; effectiveFrom: string; state: 'inForce' | 'waiting' | 'superseded' }[]> {
      // the versions the page in force comes from: a view reads no version (each holds its file)
      const versions = await known();
      const inForce = inForceOf(versions);
      const now = deps.clock.now().getTime();
      return versions.map((v) => ({
        version: v.version,
        file: v.file,
        uploadedAt: v.uploadedAt,
        example: v.definition.example,
        effectiveFrom: v.definition.effectiveFrom,
        state: v === inForce ? 'inForce' : comesAt(v) > now && v.version > inForce.version ? 'waiting' : 'superseded',
      }));
    },
    /**
     * Checks and stores a new version; only a national admin may. Returns the stored version:
     * `again` when this very file is that version already (a second tap, a back and resend), and
     * `waiting` when its day has not come.
     */
    async upload(actor: { id: string; role: string; regionScope: string | null } | null, file: { name: string; data: Buffer }): Promise<StandardInForce & { again: boolean; waiting: boolean }> {
      if (actor && (actor.role !== 'admin' || actor.regionScope !== null)) throw new ForbiddenError('standards.upload.nationalOnly');
      const definition = readStandard(file.name, file.data, await deps.courseCodes());
      const source = file.data.toString('utf8');
      const waiting = () => comesAt({ definition } as StandardInForce) > deps.clock.now().getTime();
      const stored = await all();
      const same = stored.find((v) => v.version === definition.version && v.source === source);
      if (same) return { ...same, again: true, waiting: waiting() };
      // newer than every version, the ones waiting for their day too
      const highest = stored[0]!;
      if (definition.version <= highest.version) {
        throw new StandardError([{ file: file.name, pointer: '/version', key: 'standards.problem.versionNotNewer', params: { current: highest.version } }]);
      }
      // a version waiting for its day would never come into force behind a newer one that starts earlier
      const now = deps.clock.now().getTime();
      const overtaken = stored.filter((v) => comesAt(v) > now && definition.effectiveFrom < v.definition.effectiveFrom);
      if (overtaken.length) {
        throw new StandardError(overtaken.map((v) => ({ file: file.name, pointer: '/effectiveFrom', key: 'standards.problem.beforeWaiting', params: { version: v.version, date: v.definition.effectiveFrom } })));
      }
      const doc: StandardVersionDoc = { _id: `v${definition.version}`, version: definition.version, definition, source, file: file.name, uploadedBy: actor?.id ?? null, uploadedAt: deps.clock.now() };
      if (!(await insertOnce(versions, doc as never))) {
        // two sends of one file at once: the other stored it
        const winner = (await all()).find((v) => v.version === definition.version && v.source === source);
        if (winner) return { ...winner, again: true, waiting: waiting() };
        throw new ConflictError('standards.upload.raced', [], { version: definition.version });
      }
      cached = null;
      return { version: doc.version, definition, source: doc.source, file: doc.file, uploadedAt: doc.uploadedAt, uploadedBy: doc.uploadedBy, again: false, waiting: waiting() };
    },
  };
}

export type StandardService = ReturnType<typeof standardService>;
