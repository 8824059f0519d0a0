// The home page and the privacy notice as a feature: public pages, no menu entry of their own
// (the home page lists the reader's menu).
import type { AccessRule, Feature } from '../feature.ts';
import { homeRoutes } from './home.routes.ts';

export const homeAccess: readonly AccessRule[] = [
  { path: '/', who: 'public' },
  { path: '/privacy', methods: ['GET'], who: 'public' },
];

export function homeFeature(deps: { selfRegistration: boolean }): Feature<Record<string, never>> {
  return {
    name: 'home',
    services: {},
    routers: () => [homeRoutes(deps.selfRegistration)],
    accessRules: homeAccess,
    menu: [],
    start: () => () => undefined,
  };
}
