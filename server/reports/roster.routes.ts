// The roster page, its IIN search (a POST: an IIN never goes in a URL), and its exports.
import { kzDay } from '../clock.ts';
import { Router, type Request } from 'express';
import { regionOptions } from '../accounts/regions.ts';
import { check, compile } from '../http/validate.ts';
import { formErrors } from '../http/forms.ts';
import { ValidationError } from '../errors.ts';
import { standingValues } from '../standards/standing.ts';
import type { ExportService } from './export.service.ts';
import { filterLabels, filterParams, validateRosterQuery, type RosterFilter } from './roster-filter.ts';
import type { RosterService, RosterSort } from './roster.service.ts';
import { keepSearch, searchFor, sessionSearch } from './roster-search.ts';

const validateSearch = compile<{ _csrf?: string; q?: string; clear?: string }>({
  type: 'object',
  properties: { _csrf: { type: 'string', maxLength: 200 }, q: { type: 'string', maxLength: 100 }, clear: { type: 'string', maxLength: 10 } },
  additionalProperties: false,
});

/** The checked query, and the order it asks for (by name, ascending, unless it says otherwise). */
function orderOf(req: Request) {
  const query = check(validateRosterQuery, req.query);
  const sort = (query.sort ?? 'name') as RosterSort;
  const desc = query.dir === 'desc';
  return { query, sort, desc, params: { sort, dir: desc ? 'desc' : 'asc' } };
}

export function rosterRoutes(deps: { roster: RosterService; exports: ExportService; courses: () => Promise<{ courseId: string; title: Record<string, string> }[]> }): Router {
  const router = Router();
  const { roster } = deps;

  async function formModel(req: Request, filter: RosterFilter) {
    const scoped = req.user!.regionScope !== null;
    const { districts, positions } = await roster.options(filter.region);
    const opt = (values: string[], selected: string | null) => values.map((v) => ({ code: v, name: v, selected: v === selected }));
    return {
      regions: scoped ? [] : regionOptions(req.lang, filter.region),
      districts: opt(districts, filter.district),
      positions: opt(positions, filter.position),
      school: filter.school ?? '',
      courses: (await deps.courses()).map((c) => ({ code: c.courseId, name: c.title[req.lang] ?? c.courseId, selected: c.courseId === filter.course })),
      standings: standingValues.map((s) => ({ code: s, name: req.t(`standards.standing.${s}`), selected: s === filter.standing })),
      from: filter.from ? kzDay(filter.from) : '',
      to: filter.to ? kzDay(filter.to) : '',
      search: sessionSearch(req) ?? '',
    };
  }

  /** The query's filter without the filters `err` refused, and without any that then fail in turn. */
  async function withoutRefused(req: Request, err: ValidationError): Promise<RosterFilter> {
    const query = { ...(req.query as Record<string, unknown>) };
    for (let refusal: ValidationError | null = err; refusal; ) {
      for (const d of refusal.details) delete query[d.field];
      try {
        return await roster.filter(req.user!, query, sessionSearch(req));
      } catch (again) {
        if (!(again instanceof ValidationError) || again.details.every((d) => !(d.field in query))) break;
        refusal = again;
      }
    }
    return roster.filter(req.user!, {}, sessionSearch(req));
  }

  router.get('/reports/roster', async (req, res) => {
    const { query, sort, desc, params } = orderOf(req);
    let filter: RosterFilter;
    let refused: ReturnType<typeof formErrors> | null = null;
    try {
      filter = await roster.filter(req.user!, req.query, sessionSearch(req));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      // the roster without the filters it could not apply, with why (each filter by its label),
      // and with every other filter kept; a district left without its region is checked again
      refused = formErrors(req.t, err, filterLabels);
      filter = await withoutRefused(req, err);
    }
    const result = await roster.page(filter, sort, desc, refused ? 1 : Number(query.page ?? 1), req.lang);
    res.status(refused ? 400 : 200);
    const link = (extra: Record<string, string>) => `/reports/roster?${filterParams(filter, { ...params, ...extra })}`;
    const sortLink = (s: RosterSort) => `/reports/roster?${filterParams(filter, { sort: s, dir: s === sort && !desc ? 'desc' : 'asc' })}`;
    res.render('reports/roster', {
      pageTitle: req.t('reports.roster.title'),
      ...result,
      ...(await formModel(req, filter)),
      sortName: sortLink('name'),
      sortSchool: sortLink('school'),
      sortDate: sortLink('date'),
      ariaSort: { name: sort === 'name' ? (desc ? 'descending' : 'ascending') : null, school: sort === 'school' ? (desc ? 'descending' : 'ascending') : null, date: sort === 'date' ? (desc ? 'descending' : 'ascending') : null },
      prev: result.page > 1 ? link({ page: String(result.page - 1) }) : null,
      next: result.page < result.pages ? link({ page: String(result.page + 1) }) : null,
      // the files follow the page's order
      csv: `/reports/roster.csv?${filterParams(filter, params)}`,
      xlsx: `/reports/roster.xlsx?${filterParams(filter, params)}`,
      // the dashboard shows every standing of the teachers the other filters select
      dashboard: `/reports/dashboard?${filterParams({ ...filter, standing: null })}`,
      totalsLinks: result.totals.map((t) => ({ ...t, href: `/reports/roster?${filterParams({ ...filter, standing: t.standing })}` })),
      ...refused,
    });
  });

  // A name or an IIN to look for travels in the body and stays in the session, never in the URL.
  router.post('/reports/roster', (req, res) => {
    const input = check(validateSearch, req.body ?? {});
    keepSearch(req, input.clear ? undefined : input.q?.trim() || undefined);
    res.redirect(303, `${req.baseUrl}/reports/roster`);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    router.get(`/reports/roster.${format}`, async (req, res) => {
      const { sort, desc } = orderOf(req);
      const filter = await roster.filter(req.user!, req.query, searchFor(req));
      const day = kzDay(new Date());
      res.attachment(`qorgau-roster-${filter.region ?? 'kz'}-${day}.${format}`);
      res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      // no-transform: the compression middleware would hold rows back until its buffer fills
      res.setHeader('Cache-Control', 'no-store, no-transform');
      // a HEAD asks what the file would be, not for it: nothing is built, and the export log is not written
      if (req.method === 'HEAD') return void res.end();
      await deps.exports.export({ id: req.user!.id, name: req.user!.displayName, scope: req.user!.regionScope }, filter, format, res, { lang: req.lang, t: req.t, via: 'web', sort, desc });
    });
  }

  return router;
}
