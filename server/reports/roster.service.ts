// The roster: every teacher in the admin's scope with their standing, filtered, sorted and paged
// in memory from the standings index (a few milliseconds for 17,000 rows), with totals per
// standing that the dashboard shares, so the two always agree.
import { kzDay } from '../clock.ts';
import { regionName } from '../accounts/regions.ts';
import { keptPerGeneration } from './coalesced.ts';
import { alphabetical } from '../i18n/collation.ts';
import { rosterOrder, type RosterSort } from './roster-order.ts';
import { rosterValues } from './roster-values.ts';
import type { Language } from '../i18n/index.ts';
import type { StandingDoc } from '../standards/standing.service.ts';
import type { StandingSnapshot } from '../standards/standing-index.ts';
import { standingValues, type Standing } from '../standards/standing.ts';
import { personMatches, rosterFilter, type Actor, type RosterFilter } from './roster-filter.ts';

// 30 rows keep a page of long Kazakh names and school names under about 40 KB (50 made 47 KB)
export const ROSTER_PAGE_SIZE = 30;
export type { RosterSort };

export interface RosterDeps {
  snapshot: () => Promise<StandingSnapshot>;
  courseIds: () => Promise<string[]>;
}

export function emptyTotals(): Record<Standing, number> {
  return Object.fromEntries(standingValues.map((s) => [s, 0])) as Record<Standing, number>;
}

/** Selections kept per snapshot generation: a roster's pages, sorts and exports of one filter share one. */
const KEPT_SELECTIONS = 32;

type Selection = { rows: StandingDoc[]; people: StandingDoc[]; totals: Record<Standing, number>; all: number };

export function rosterService(deps: RosterDeps) {
  // fifty admins paging one roster each scanned every row and re-sorted the form's lists per view
  // (p99 0.3-0.8 s at 50 connections with 2,000 teachers): both are kept until a standing changes
  const selections = keptPerGeneration<Selection>(async () => (await deps.snapshot()).generation, KEPT_SELECTIONS);
  const optionLists = new Map<string, { districts: string[]; positions: string[] }>();
  let listsAt = -1;
  const known = rosterValues();
  const ordered = rosterOrder();

  async function selectNow(filter: RosterFilter, sort: RosterSort, desc: boolean): Promise<Selection> {
    const snapshot = await deps.snapshot();
    const list = ordered(snapshot, sort);
    const totals = emptyTotals();
    const rows: StandingDoc[] = [];
    const people: StandingDoc[] = [];
    let all = 0;
    for (let i = 0; i < list.length; i++) {
      const r = list[desc ? list.length - 1 - i : i]!;
      if (!personMatches(filter, r)) continue;
      totals[r.standing] += 1;
      all += 1;
      people.push(r);
      if (!filter.standing || r.standing === filter.standing) rows.push(r);
    }
    return { rows, people, totals, all };
  }

  return {
    /** The checked, scoped filter of a request. */
    async filter(actor: Actor, query: unknown, search: string | null = null): Promise<RosterFilter> {
      const snapshot = await deps.snapshot();
      return rosterFilter(actor, query, { courses: new Set(await deps.courseIds()), values: known.of(snapshot) }, search);
    },

    /** Changes whenever any standing changes: what is derived from the rows may be kept until then. */
    async generation(): Promise<number> {
      return (await deps.snapshot()).generation;
    },

    /** Values for the filter form's lists, within a region (or every region). */
    async options(region: string | null): Promise<{ districts: string[]; positions: string[] }> {
      const snapshot = await deps.snapshot();
      const values = known.of(snapshot);
      // the lists are kept until the values change, not every standing
      if (listsAt !== known.version()) {
        optionLists.clear();
        listsAt = known.version();
      }
      let lists = optionLists.get(region ?? '*');
      if (!lists) {
        const list = (field: 'district' | 'position') => [...values(field, region)].sort(alphabetical);
        lists = { districts: list('district'), positions: list('position') };
        optionLists.set(region ?? '*', lists);
      }
      return lists;
    },

    /** Rows matching the filter, in order, with totals per standing (the standing filter aside). */
    select(filter: RosterFilter, sort: RosterSort = 'name', desc = false): Promise<Selection> {
      // while standings change, one filter's selections are made one at a time (coalesced.ts)
      return selections(`${sort}|${desc}|${JSON.stringify(filter)}`, () => selectNow(filter, sort, desc));
    },
    async page(filter: RosterFilter, sort: RosterSort, desc: boolean, page: number, lang: Language) {
      const { rows, totals, all } = await this.select(filter, sort, desc);
      const pages = Math.max(1, Math.ceil(rows.length / ROSTER_PAGE_SIZE));
      const current = Math.min(page, pages);
      return {
        total: rows.length,
        all,
        totals: standingValues.map((s) => ({ standing: s, key: `standards.standing.${s}`, count: totals[s] })),
        page: current,
        pages,
        rows: rows.slice((current - 1) * ROSTER_PAGE_SIZE, current * ROSTER_PAGE_SIZE).map((r) => ({
          id: r._id,
          name: r.name,
          region: regionName(r.region, lang),
          district: r.district,
          school: r.school,
          position: r.position,
          standing: r.standing,
          standingKey: `standards.standing.${r.standing}`,
          courses: r.completions.length,
          hours: r.completions.reduce((sum, c) => sum + c.academicHours, 0),
          last: r.lastCompletedAt ? kzDay(r.lastCompletedAt) : '',
        })),
      };
    },
  };
}

export type RosterService = ReturnType<typeof rosterService>;
