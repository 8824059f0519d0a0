// Roster exports, for the web and the CLI alike: audit first, then the roster's own selection (the
// rows and order the admin sees on the page, in the Kazakh alphabet, from the standings index)
// written as CSV or XLSX, then the audit entry completed with the row count. Certificate serials
// come with the standings (written when a certificate changes): an export reads nothing per row.
import type { Clock } from '../clock.ts';
import type { Language, Translate } from '../i18n/index.ts';
import type { ExportAudit } from './export-audit.ts';
import { writeCsv } from './export-csv.ts';
import { exportRows, headers } from './export-rows.ts';
import { writeXlsx } from './export-xlsx.ts';
import { filterParams, shownSearch, type RosterFilter } from './roster-filter.ts';
import type { RosterService, RosterSort } from './roster.service.ts';

export interface Exporter {
  id: string;
  name: string;
  scope: string | null;
}

export function exportService(deps: { roster: Pick<RosterService, 'select'>; audit: ExportAudit; clock: Clock }) {
  return {
    async export(actor: Exporter, filter: RosterFilter, format: 'csv' | 'xlsx', out: NodeJS.WritableStream, opts: { lang: Language; t: Translate; via: 'web' | 'cli'; sort?: RosterSort; desc?: boolean; onRow?: (n: number) => void }): Promise<number> {
      const filters = Object.fromEntries(filterParams(filter, opts.sort ? { sort: opts.sort, dir: opts.desc ? 'desc' : 'asc' } : {}));
      // the log says what was searched for, an IIN by its last four digits
      if (filter.search) filters.search = shownSearch(filter.search);
      const id = await deps.audit.start({ actorId: actor.id, actorName: actor.name, scope: actor.scope, filters, format, via: opts.via, startedAt: deps.clock.now() });
      try {
        const { rows: selected } = await deps.roster.select(filter, opts.sort ?? 'name', opts.desc ?? false);
        const rows = exportRows(selected, filter, opts.lang, opts.t);
        const header = headers(opts.t);
        const count = format === 'csv' ? await writeCsv(rows, header, out, opts.onRow) : await writeXlsx(rows, header, out, opts.t('reports.roster.title'), opts.onRow);
        await deps.audit.finish(id, count, 'done', deps.clock.now());
        return count;
      } catch (err) {
        await deps.audit.finish(id, null, 'failed', deps.clock.now()).catch(() => undefined);
        throw err;
      }
    },
  };
}

export type ExportService = ReturnType<typeof exportService>;
