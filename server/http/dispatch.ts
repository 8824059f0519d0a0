// The features' routers, passed through by the first segment of the request's path: a request
// to /learn/… enters only the routers with a route under /learn (and any router that may answer
// anywhere), in their order, instead of every router's every route being matched against it in
// turn. Express answers exactly as with each router mounted by `app.use(router)`: a router that
// has no route under the request's first segment could not have answered it.
import type { RequestHandler, Router } from 'express';

interface LayerLike {
  route?: { path?: unknown };
}

const firstSegment = (path: string): string => {
  const end = path.indexOf('/', 1);
  return (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase();
};

/**
 * The first segments a router's routes start with, or 'anywhere': for a layer that is not a route
 * (`router.use`, which may act on any path), a path that is not a string, or a first segment that
 * is a parameter or a pattern. Express matches paths without regard to case, so neither does this.
 */
function segmentsOf(router: Router): Set<string> | 'anywhere' {
  const segments = new Set<string>();
  for (const layer of router.stack as LayerLike[]) {
    const path = layer.route?.path;
    if (typeof path !== 'string' || !path.startsWith('/')) return 'anywhere';
    const first = firstSegment(path);
    if (/[^a-z0-9._~-]/.test(first)) return 'anywhere';
    segments.add(first);
  }
  return segments;
}

export function routersBySegment(routers: readonly Router[]): RequestHandler {
  // built at the first request, once every route is registered
  let table: { bySegment: Map<string, Router[]>; anywhere: Router[] } | undefined;
  const build = () => {
    const found = routers.map((router) => ({ router, segments: segmentsOf(router) }));
    const bySegment = new Map<string, Router[]>();
    for (const { segments } of found) if (segments !== 'anywhere') for (const s of segments) bySegment.set(s, []);
    for (const [segment, list] of bySegment) for (const { router, segments } of found) if (segments === 'anywhere' || segments.has(segment)) list.push(router);
    return { bySegment, anywhere: found.filter((f) => f.segments === 'anywhere').map((f) => f.router) };
  };
  return (req, res, next) => {
    table ??= build();
    const list = table.bySegment.get(firstSegment(req.path)) ?? table.anywhere;
    let i = 0;
    const step = (err?: unknown): void => {
      if (err) return next(err);
      const router = list[i++];
      if (!router) return next();
      router(req, res, step);
    };
    step();
  };
}
