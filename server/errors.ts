// Typed errors carry a stable code and a message key; one error middleware renders them in the
// user's language. `details` holds per-field or per-row messages (keys or already-localised text).

export interface ErrorDetail {
  /** where the problem is: a form field, a JSON pointer, or `file: /pointer` */
  readonly field: string;
  /** a catalog key, or a literal message when `literal` is true */
  readonly message: string;
  readonly params?: Record<string, unknown>;
  readonly literal?: boolean;
  /** a catalog key naming the field as its reader knows it (a filter's label), shown instead of `field` */
  readonly label?: string;
  /** the message names its field itself ("«foo» is not a field of this form"): the field is not shown again */
  readonly named?: boolean;
}

export class AppError extends Error {
  readonly status: number = 500;
  readonly code: string = 'internal';
  constructor(
    readonly messageKey: string,
    readonly details: readonly ErrorDetail[] = [],
    readonly params: Record<string, unknown> = {},
  ) {
    super(messageKey);
    this.name = new.target.name;
  }

  /** A page that is the user's way forward from this error (a path inside the plugin, a label key), shown on the error page. */
  way?: { path: string; label: string };

  withWay(path: string, label: string): this {
    this.way = { path, label };
    return this;
  }
}

export class ValidationError extends AppError {
  override readonly status = 400;
  override readonly code = 'validation';
}
export class UnauthorizedError extends AppError {
  override readonly status = 401;
  override readonly code = 'unauthorized';
}
export class ForbiddenError extends AppError {
  override readonly status = 403;
  override readonly code = 'forbidden';
}
export class NotFoundError extends AppError {
  override readonly status = 404;
  override readonly code = 'not_found';
}
export class ConflictError extends AppError {
  override readonly status = 409;
  override readonly code = 'conflict';
}
/** What was there and is no more (a revoked certificate's download). */
export class GoneError extends AppError {
  override readonly status = 410;
  override readonly code = 'gone';
}
export class PayloadTooLargeError extends AppError {
  override readonly status = 413;
  override readonly code = 'too_large';
}
export class UnsupportedMediaTypeError extends AppError {
  override readonly status = 415;
  override readonly code = 'unsupported_media_type';
}
export class ServiceUnavailableError extends AppError {
  override readonly status = 503;
  override readonly code = 'unavailable';
}
export class TooManyRequestsError extends AppError {
  override readonly status = 429;
  override readonly code = 'too_many_requests';
  constructor(messageKey: string, readonly retryAfterSeconds: number, params: Record<string, unknown> = {}) {
    super(messageKey, [], params);
  }
}
