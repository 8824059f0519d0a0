import type { Response } from 'express';
import { AppError } from '../errors.ts';
import type { Translate } from '../i18n/index.ts';

export interface FormError {
  field: string;
  label?: string;
  message: string;
}

/**
 * Turns an AppError into what a form page shows: a summary list, and per-field messages keyed by
 * field name (`fieldErrors.email`), so inputs get aria-invalid and aria-describedby.
 */
export function formErrors(t: Translate, err: AppError, labels: Record<string, string> = {}): { errors: FormError[]; fieldErrors: Record<string, string> } {
  const errors: FormError[] = err.details.length
    ? err.details.map((d) => ({ field: d.field, label: labels[d.field] ? t(labels[d.field]!) : undefined, message: d.literal ? d.message : t(d.message, d.params) }))
    : [{ field: '', message: t(err.messageKey, err.params) }];
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
