import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { CONTROLLER_WATERMARK, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';

const GATEWAY_SRC = resolve(__dirname, '../../../apps/gateway/src');

function controllerFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return controllerFiles(path);
    return entry.name.endsWith('.http-controller.ts') ? [path] : [];
  });
}

const joinPath = (...parts: string[]) => `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p !== '').join('/')}`;

/**
 * Every route the gateway's HTTP controllers declare, as `METHOD /path/:param`, read from Nest's
 * own route metadata of every class in `apps/gateway/src/**\/*.http-controller.ts`: a route added
 * there shows up here without anyone listing it.
 */
export function gatewayRoutes(): string[] {
  const routes = new Set<string>();
  for (const file of controllerFiles(GATEWAY_SRC)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(file) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (typeof value !== 'function' || !Reflect.getMetadata(CONTROLLER_WATERMARK, value)) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, value) as string | string[]].flat();
      const prototype = (value as { prototype: Record<string, unknown> }).prototype;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        for (const prefix of base) for (const path of [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat()) routes.add(`${method} ${joinPath(prefix, path)}`);
      }
    }
  }
  return [...routes].sort();
}

/** The routes an OpenAPI document describes, in the same form (`{id}` becomes `:id`). */
export function openApiRoutes(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`))
    .sort();
}

/** `/api/v1/taxes/:code` with its parameters replaced, each value percent-encoded unless `raw`. */
export function fillPath(route: string, values: Record<string, string>, raw = false): string {
  const path = route.slice(route.indexOf(' ') + 1);
  return path.replace(/:([a-z_]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${route}`);
    return raw ? value : encodeURIComponent(value);
  });
}
