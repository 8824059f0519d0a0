// Route parameters (`:courseId`, `:attemptId`, …) are input like a body or a query: they pass an AJV
// schema before the handler runs, so a malformed one never reaches a service or the database.
//
//   const { courseId, moduleId } = courseParams;   // kinds, declared once by the feature that makes the ids
//   router.get('/learn/courses/:courseId/modules/:moduleId/quiz', params({ courseId, moduleId }), handler);
//
// A kind is one JSON Schema for one kind of id (the shape the app generates, with a maximum length)
// and the refusal a value outside it gets. By default that refusal is a 404: a path is an address,
// and a malformed id in it names nothing that could exist, so it is answered exactly as a well-formed
// id of nothing is, with the same not-found message in the reader's language. A kind whose value a
// person types may refuse with a 400 that says what a good value looks like (certificates' `code`).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { NotFoundError, type AppError } from '../errors.ts';
import { compile } from './validate.ts';

/** The JSON Schema of a route parameter: always a string of bounded length. */
export interface ParamSchema {
  type: 'string';
  pattern: string;
  minLength?: number;
  maxLength: number;
}

export interface ParamKind {
  readonly schema: ParamSchema;
  /** the error for a value outside the schema (thrown to the one error middleware) */
  refusal(): AppError;
  /** whether a value has this kind's shape, for the same id arriving another way (a search box) */
  accepts(value: unknown): value is string;
}

/** A kind of route parameter, refused with a 404 carrying the message key `refusal`, or with the error `refusal()` makes. */
export function paramKind(schema: ParamSchema, refusal: string | (() => AppError) = 'errors.notFound'): ParamKind {
  const validate = compile<string>(schema);
  return {
    schema,
    refusal: typeof refusal === 'string' ? () => new NotFoundError(refusal) : refusal,
    accepts: (value: unknown): value is string => validate(value),
  };
}

/** The shape of a MongoDB ObjectId as the app writes it into links: 24 lower-case hex digits. */
export const objectIdPattern = '^[0-9a-f]{24}$';

/** An ObjectId kind (a user, an attempt, a version, a stored file…), with the not-found message of its feature. */
export function objectIdParam(notFoundKey = 'errors.notFound'): ParamKind {
  return paramKind({ type: 'string', pattern: objectIdPattern, minLength: 24, maxLength: 24 }, notFoundKey);
}

export interface ParamsOptions {
  /** shows a refusal on the route's own page instead of the error page; throws what it cannot show */
  refuse?: (req: Request, res: Response, err: AppError) => void;
}

/** A route's param check, carrying the kinds it declares (the route walk in the tests reads them). */
export type ParamsHandler<K extends string> = RequestHandler<Record<K, string>> & { readonly paramKinds: Readonly<Record<K, ParamKind>> };

/**
 * The middleware that checks a route's parameters: every name in the path must be declared
 * (`additionalProperties: false`), and every value must have its kind's shape. The first bad
 * parameter, in path order, decides the refusal.
 */
export function params<K extends string>(kinds: Readonly<Record<K, ParamKind>>, options: ParamsOptions = {}): ParamsHandler<K> {
  const names = Object.keys(kinds) as K[];
  const validate = compile<Record<string, string>>({
    type: 'object',
    additionalProperties: false,
    required: names,
    properties: Object.fromEntries(names.map((name) => [name, kinds[name]!.schema])),
  });
  const check = (req: Request, res: Response, next: NextFunction): void => {
    const values: Record<string, unknown> = { ...req.params };
    if (validate(values)) return next();
    const undeclared = Object.keys(values).find((name) => !(names as string[]).includes(name));
    // a programming error, not bad input: the route walk in test/integration/security/route-params.test.ts catches it
    if (undeclared) return next(new Error(`route parameter :${undeclared} is not declared in params()`));
    const bad = names.find((name) => !kinds[name]!.accepts(values[name])) ?? names[0]!;
    const err = kinds[bad]!.refusal();
    if (!options.refuse) return next(err);
    try {
      options.refuse(req, res, err);
    } catch (e) {
      next(e);
    }
  };
  const handler: RequestHandler<Record<K, string>> = check;
  return Object.assign(handler, { paramKinds: kinds });
}
