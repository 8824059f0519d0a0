// The dashboard and the export audit log.
import { Router } from 'express';
import { regionName } from '../accounts/regions.ts';
import { momentFormat, type Language, type Translate } from '../i18n/index.ts';
import { ForbiddenError } from '../errors.ts';
import { check, compile } from '../http/validate.ts';
import type { DashboardService } from './dashboard.service.ts';
import type { ExportAudit } from './export-audit.ts';
import { filterLabels, filterParams, shownSearch } from './roster-filter.ts';
import { searchFor } from './roster-search.ts';
import type { RosterService } from './roster.service.ts';

const validateLogQuery = compile<{ lang?: string; page?: string }>({
  type: 'object',
  properties: { lang: { type: 'string', enum: ['kk', 'ru', 'en'] }, page: { type: 'string', pattern: '^[1-9][0-9]{0,4}$' } },
  additionalProperties: false,
});

/** Exports shown on a page of the log: a page stays under 40 KB with long filters. */
const LOG_PAGE = 30;

/** An export's filters as a reader reads them (`Region: Almaty city; District: Әуезов ауданы`), not as a percent-encoded query. */
function readable(filters: Record<string, string>, lang: Language, t: Translate): string {
  const shown = Object.entries(filters)
    .filter(([key]) => filterLabels[key])
    .map(([key, value]) => `${t(filterLabels[key]!)}: ${key === 'region' ? regionName(value, lang) : key === 'standing' ? t(`standards.standing.${value}`) : value}`);
  return shown.join('; ') || '—';
}

export function dashboardRoutes(deps: { roster: RosterService; dashboard: DashboardService; audit: ExportAudit }): Router {
  const router = Router();

  router.get('/reports/dashboard', async (req, res) => {
    const filter = await deps.roster.filter(req.user!, req.query, searchFor(req));
    const view = await deps.dashboard.view(filter, req.lang, req.t);
    res.render('reports/dashboard', {
      pageTitle: req.t('reports.dashboard.title'),
      ...view,
      searched: filter.search ? shownSearch(filter.search) : null,
      scopeRegion: req.user!.regionScope ? regionName(req.user!.regionScope, req.lang) : null,
      rosterLink: `/reports/roster?${filterParams(filter)}`,
    });
  });

  router.get('/reports/exports', async (req, res) => {
    const query = check(validateLogQuery, req.query);
    if (req.user!.regionScope !== null) throw new ForbiddenError('reports.audit.nationalOnly');
    const page = Number(query.page ?? 1);
    // one more than a page: whether there is a next one
    const found = await deps.audit.recent(LOG_PAGE + 1, (page - 1) * LOG_PAGE);
    const entries = found.slice(0, LOG_PAGE).map((e) => ({
      when: momentFormat(req.lang, 'dateTime').format(e.startedAt),
      who: e.actorName,
      scope: e.scope ? regionName(e.scope, req.lang) : req.t('reports.audit.national'),
      filters: readable(e.filters, req.lang, req.t),
      format: e.format,
      via: e.via,
      rows: e.rows ?? '—',
      statusKey: `reports.audit.${e.status}`,
    }));
    res.render('reports/exports', {
      pageTitle: req.t('reports.audit.title'),
      entries,
      prev: page > 1 ? `/reports/exports?page=${page - 1}` : null,
      next: found.length > LOG_PAGE ? `/reports/exports?page=${page + 1}` : null,
    });
  });

  return router;
}
