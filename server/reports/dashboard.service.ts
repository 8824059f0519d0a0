// The dashboard's figures, from the same selection as the roster (so its standing counts are the
// roster's totals for the same filters): compliance by region (by district within one region),
// completions per month over two years, completions per course, and the standing mix.
import { regionName } from '../accounts/regions.ts';
import { kzMonth, type Clock } from '../clock.ts';
import { formatNumber, type Language, type Translate } from '../i18n/index.ts';
import { standingValues } from '../standards/standing.ts';
import { completionMatches, type RosterFilter } from './roster-filter.ts';
import type { RosterService } from './roster.service.ts';
import { barChart, columnChart, type Bar } from './svg-chart.ts';
import { keptPerGeneration } from './coalesced.ts';

const MONTHS = 24;
const pct = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 10 : 0);

const CACHED_VIEWS = 100;
/** teachers whose district is not given, as one area of a region */
const NO_DISTRICT = '\u0000';

export function dashboardService(deps: { roster: RosterService; clock: Clock; courses: () => Promise<{ courseId: string; title: Record<string, string> }[]> }) {
  async function compute(filter: RosterFilter, lang: Language, t: Translate) {
    const { people, totals, all } = await deps.roster.select(filter);
    const byArea = filter.region !== null;
    const areas = new Map<string, { total: number; compliant: number }>();
    const now = deps.clock.now();
    const monthKeys: string[] = [];
    // months in Kazakhstan, counted by number (year * 12 + month), not by a string built per
    // completion: this loop runs over every completion in the selection (~50,000 at 17,000 teachers)
    const thisMonth = kzMonth(now.getTime());
    for (let i = MONTHS - 1; i >= 0; i--) monthKeys.push(new Date(Date.UTC(Math.floor((thisMonth - i) / 12), (thisMonth - i) % 12, 1)).toISOString().slice(0, 7));
    const firstMonth = thisMonth - (MONTHS - 1);
    const monthCounts = new Array<number>(MONTHS).fill(0);
    const perCourse = new Map<string, number>();
    for (const r of people) {
      const key = byArea ? r.district || NO_DISTRICT : r.region;
      const area = areas.get(key) ?? { total: 0, compliant: 0 };
      area.total += 1;
      if (r.standing === 'compliant' || r.standing === 'expiring') area.compliant += 1;
      areas.set(key, area);
      for (const c of r.completions) {
        if (!completionMatches(filter, c)) continue;
        const m = kzMonth(c.completedAt instanceof Date ? c.completedAt.getTime() : Date.parse(c.completedAt)) - firstMonth;
        if (m >= 0 && m < MONTHS) monthCounts[m]! += 1;
        perCourse.set(c.courseId, (perCourse.get(c.courseId) ?? 0) + 1);
      }
    }
    // a share as the language writes it: 33,3 % in Kazakh and Russian
    const share = (n: number, of: number) => formatNumber(lang, pct(n, of));
    const titles = new Map((await deps.courses()).map((c) => [c.courseId, c.title[lang] ?? c.courseId]));
    const regionBars: Bar[] = [...areas]
      .map(([k, a]) => ({ label: byArea ? (k === NO_DISTRICT ? t('reports.dashboard.noDistrict') : k) : regionName(k, lang), value: pct(a.compliant, a.total), text: `${share(a.compliant, a.total)} %`, share: share(a.compliant, a.total), total: a.total, compliant: a.compliant }))
      .sort((a, b) => a.label.localeCompare(b.label, lang));
    const monthBars: Bar[] = monthKeys.map((k, i) => ({ label: k, value: monthCounts[i]!, text: String(monthCounts[i]!) }));
    const courseBars: Bar[] = [...perCourse].map(([id, n]) => ({ label: titles.get(id) ?? id, value: n, text: String(n) })).sort((a, b) => b.value - a.value);
    const mixBars: Bar[] = standingValues.map((s) => ({ label: t(`standards.standing.${s}`), value: totals[s], text: `${totals[s]} (${share(totals[s], all)} %)` }));
    return {
      all,
      byArea,
      totals: standingValues.map((s) => ({ standing: s, key: `standards.standing.${s}`, count: totals[s], share: share(totals[s], all) })),
      regions: regionBars,
      months: monthBars,
      courses: courseBars,
      charts: {
        regions: barChart('c-regions', t(byArea ? 'reports.dashboard.byDistrict' : 'reports.dashboard.byRegion'), regionBars, 100),
        months: columnChart('c-months', t('reports.dashboard.monthly'), monthBars),
        courses: barChart('c-courses', t('reports.dashboard.perCourse'), courseBars, Math.max(1, ...courseBars.map((b) => b.value)), '#b35c00'),
        mix: barChart('c-mix', t('reports.dashboard.mix'), mixBars, Math.max(1, all), '#2f7d32'),
      },
    };
  }
  // A view is kept per snapshot generation, filter, language and month, so a dashboard asked
  // again before anything changed costs no recount; while standings change, views of one filter
  // are computed one at a time (coalesced.ts)
  const views = keptPerGeneration<Awaited<ReturnType<typeof compute>>>(() => deps.roster.generation(), CACHED_VIEWS);
  return {
    view: (filter: RosterFilter, lang: Language, t: Translate) => views(`${JSON.stringify(filter)}|${lang}|${kzMonth(deps.clock.now().getTime())}`, () => compute(filter, lang, t)),
  };
}

export type DashboardService = ReturnType<typeof dashboardService>;
