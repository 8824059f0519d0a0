// Each feature's routers are mounted without a path, so Express would enter every one of them, in
// list order, for every request, and try each of its routes in turn: a lesson page went through
// seven routers and some sixty routes before its own, and Express's router allocated closures for
// each (a seventh of what a page allocated, docs/performance.md). A router whose routes all begin
// with a literal segment (`/learn/...`, `/admin/...`) can only match a path that begins with one of
// those segments; any other path passes it by.
import type { RequestHandler, Router } from 'express';

interface RouteLayer {
  route?: { path?: unknown };
}

/**
 * The first segments, lowercased, that the routes of `router` begin with (`''` for `/`), or
 * undefined when a layer may match any path: a middleware (`router.use`), a route whose first
 * segment has a parameter, a wildcard or an optional part, or a route given as a pattern or a list.
 */
export function firstSegments(router: Router): Set<string> | undefined {
  const segments = new Set<string>();
  for (const layer of router.stack as RouteLayer[]) {
    const routePath = layer.route?.path;
    if (typeof routePath !== 'string') return undefined;
    const first = /^\/([^/]*)/.exec(routePath)?.[1];
    if (first === undefined || /[:*?(){}[\]+!\\]/.test(first)) return undefined;
    segments.add(first.toLowerCase());
  }
  return segments;
}

/**
 * The router, entered only for paths whose first segment one of its routes begins with. Express
 * matches routes whatever their case and with or without a trailing slash (this app keeps those
 * defaults), so the path's first segment is compared lowercased, up to the next slash. A router
 * that may match other paths is entered for every path, as Express would.
 */
export function forItsPaths(router: Router): RequestHandler {
  const segments = firstSegments(router);
  if (!segments) return router;
  const gate: RequestHandler = (req, res, next) => {
    const path = req.path;
    const end = path.indexOf('/', 1);
    if (segments.has((end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase())) return router(req, res, next);
    next();
  };
  // the router's routes stay listable through the app's stack, as Express's own tools and the
  // route tests list them (test/integration/security/route-params.test.ts)
  return Object.assign(gate, { stack: router.stack });
}
