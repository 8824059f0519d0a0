// The request's cookies, as text. cookie-parser, used before, also decoded a value starting `j:` as
// JSON: a crafted `j:[1]` session cookie reached the session middleware as an array, and every page
// answered 500 to it.
import type { RequestHandler } from 'express';
import { parse } from 'cookie';

export function cookies(): RequestHandler {
  return (req, _res, next) => {
    req.cookies = req.headers.cookie ? parse(req.headers.cookie) : {};
    next();
  };
}
