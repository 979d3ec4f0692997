import type { Express } from 'express';

/** One route of the app: its method and full path pattern, e.g. POST /:tenant/assenze. */
export interface AppRoute {
  method: string;
  path: string;
}

/** The part of Express 5's router layers this walk reads (router 2.x keeps the mount path as `rawPath`). */
interface Layer {
  rawPath?: string | RegExp | (string | RegExp)[];
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function walk(stack: Layer[], prefix: string, into: AppRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const path of [layer.route.path].flat())
        for (const [method, on] of Object.entries(layer.route.methods))
          if (on && method !== '_all') into.push({ method: method.toUpperCase(), path: join(prefix, path) });
    } else if (layer.handle?.stack) {
      // a mounted router (app.use(path, router) or router.use(router)); `use` without a path mounts at '/'
      const mounts = [layer.rawPath ?? '/'].flat();
      for (const mount of mounts) {
        if (typeof mount !== 'string') throw new Error(`A router mounted on a regular expression (${String(mount)}) cannot be listed`);
        walk(layer.handle.stack, join(prefix, mount), into);
      }
    }
  }
}

/** Every route the app serves, read from its router stack, so a route added tomorrow is listed too. */
export function appRoutes(app: Express): AppRoute[] {
  const routes: AppRoute[] = [];
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', routes);
  const seen = new Set<string>();
  return routes.filter((route) => {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The route's path with each `:param` given a value (an error if one is missing, so no route is skipped silently). */
export function fillPath(path: string, values: (param: string) => string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_match, param: string) => encodeURIComponent(values(param)));
}
