import type { RequestFilter } from '../types';

/** The paths a filter's `pathPrefix` is tried against (see `RequestFilter`). */
export function pathCandidates(path: string, route: string): string[] {
  return [path, route, route.replace(/^\/v\d+(?=\/)/, '')];
}

/** True when a request (provider, method, full path, provider-relative route) passes `filter`. */
export function matchesFilter(filter: RequestFilter, request: { provider: string; method: string; path: string; route: string }): boolean {
  if (filter.provider && filter.provider !== request.provider) return false;
  if (filter.method && filter.method.toUpperCase() !== request.method.toUpperCase()) return false;
  if (filter.pathPrefix) {
    const prefix = filter.pathPrefix;
    if (!pathCandidates(request.path, request.route).some((p) => p.startsWith(prefix))) return false;
  }
  return true;
}
