// Roster exports, for the web and the CLI alike: audit first, then rows streamed from the cursor
// into CSV or XLSX, then the audit entry completed with the row count. Certificate serials come
// with the standings (written when a certificate changes): an export reads nothing per row.
import type { Clock } from '../clock.ts';
import type { Language, Translate } from '../i18n/index.ts';
import type { StandingService } from '../standards/standing.service.ts';
import type { ExportAudit } from './export-audit.ts';
import { writeCsv } from './export-csv.ts';
import { exportRows, headers } from './export-rows.ts';
import { writeXlsx } from './export-xlsx.ts';
import { filterParams, mongoFilter, type RosterFilter } from './roster-filter.ts';

export interface Exporter {
  id: string;
  name: string;
  scope: string | null;
}

export function exportService(deps: { standings: Pick<StandingService, 'cursor'>; audit: ExportAudit; clock: Clock }) {
  return {
    async export(actor: Exporter, filter: RosterFilter, format: 'csv' | 'xlsx', out: NodeJS.WritableStream, opts: { lang: Language; t: Translate; via: 'web' | 'cli'; onRow?: (n: number) => void }): Promise<number> {
      const filters = Object.fromEntries(filterParams(filter));
      const id = await deps.audit.start({ actorId: actor.id, actorName: actor.name, scope: actor.scope, filters, format, via: opts.via, startedAt: deps.clock.now() });
      try {
        const rows = exportRows(deps.standings.cursor(mongoFilter(filter)), filter, opts.lang, opts.t);
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
