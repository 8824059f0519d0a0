import type { Request, Response } from 'express';
import { AppError, type ErrorDetail } from '../errors.ts';
import type { Translate } from '../i18n/index.ts';

export interface FormError {
  field: string;
  label?: string;
  message: string;
  /** the message names its field already ("Password must…"): the list does not say it twice */
  named?: boolean;
}

/** A field's name for its reader: the detail's own label, else the form's (a field the form does not name has none). */
function labelOf(t: Translate, d: ErrorDetail, labels: Record<string, string>): string | undefined {
  const key = d.label ?? (Object.hasOwn(labels, d.field) ? labels[d.field] : undefined);
  return key ? t(key) : undefined;
}

/**
 * Turns an AppError into what a form page shows: a summary list, and per-field messages keyed by
 * field name (`fieldErrors.email`), so inputs get aria-invalid and aria-describedby.
 */
export function formErrors(t: Translate, err: AppError, labels: Record<string, string> = {}): { errors: FormError[]; fieldErrors: Record<string, string> } {
  const errors: FormError[] = err.details.length
    ? err.details.map((d) => {
        const label = labelOf(t, d, labels);
        const message = d.literal ? d.message : t(d.message, d.params);
        return { field: d.field, label, message, named: Boolean(d.named || (label && message.toLocaleLowerCase().startsWith(label.toLocaleLowerCase()))) };
      })
    : [{ field: '', message: t(err.messageKey, err.params) }];
  // in the order the form shows its fields (the labels are listed in that order), not the order
  // the checks ran in; what the form does not name comes last
  const order = new Map(Object.keys(labels).map((field, i) => [field, i]));
  const at = (e: FormError) => order.get(e.field) ?? order.size;
  errors.sort((a, b) => at(a) - at(b));
  const fieldErrors: Record<string, string> = {};
  for (const e of errors) if (e.field && !fieldErrors[e.field]) fieldErrors[e.field] = e.message;
  return { errors, fieldErrors };
}

/** Re-renders a form with its errors and the status of the error (4xx), keeping safe values. */
export function renderFormError(res: Response, view: string, err: unknown, model: Record<string, unknown>, labels: Record<string, string> = {}): void {
  if (!(err instanceof AppError) || err.status >= 500) throw err;
  const t = res.locals.t as Translate;
  res.status(err.status).render(view, { ...model, ...formErrors(t, err, labels) });
}

/** A redirect target from a form, only if it stays inside the plugin. */
export function safeNext(base: string, next: unknown): string | undefined {
  if (typeof next !== 'string' || !next.startsWith(`${base}/`) || next.startsWith('//') || /[\\\s]/.test(next)) return undefined;
  return next;
}

/** A browser's page load or form post (not a script's JSON request). */
export function browserPage(req: Request): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return /text\/html/.test(req.get('accept') ?? '');
  return req.method === 'POST' && Boolean(req.is('application/x-www-form-urlencoded') || req.is('multipart/form-data'));
}

/** The path of this site's page a form was sent from, from its Referer (Referrer-Policy: same-origin). */
export function sentFrom(req: Request): string | undefined {
  const referer = req.get('referer');
  if (!referer) return undefined;
  try {
    const from = new URL(referer);
    return from.host === req.get('host') ? from.pathname + from.search : undefined;
  } catch {
    return undefined;
  }
}
