import fc from 'fast-check';

/** A request as the fuzz sends it: any method, a raw path, any headers, any bytes. */
export interface FuzzRequest {
  route: string;
  /** What kind of input this is, for the statistics and failure messages. */
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** The gateway's JSON body limit is 1 MB: this is over it. */
export const OVER_LIMIT = 1_100_000;
const HUGE = 100_000;

/** A JSON path inside a body: keys and array indexes from the root. */
export type FieldPath = (string | number)[];

/** Every path to a value of the template (objects and arrays included, the root excepted). */
export function fieldPaths(value: unknown, prefix: FieldPath = []): FieldPath[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...fieldPaths(child, [...prefix, key])]);
}

/** The value at a path of the template. */
export const valueAt = (value: unknown, path: FieldPath): unknown => path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);

/** Paths to the template's scalars (its fields that hold a string, number, boolean or null). */
export const leafPaths = (value: unknown): FieldPath[] =>
  fieldPaths(value).filter((path) => {
    const v = valueAt(value, path);
    return typeof v !== 'object' || v === null;
  });

/** A deep copy of `value` with the value at each path replaced (a path an earlier change cut off is skipped). */
export function withValues(value: unknown, changes: [FieldPath, unknown][]): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  for (const [path, replacement] of changes) {
    let node: unknown = copy;
    for (const key of path.slice(0, -1)) node = typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[key] : undefined;
    // A copy: the shared constant values must never be written through (nor made circular).
    if (typeof node === 'object' && node !== null) (node as Record<string | number, unknown>)[path[path.length - 1]!] = structuredClone(replacement);
  }
  return copy;
}

const DEEP_MARK = '"__deep_nesting__"';

/** `levels` nested arrays or objects, as JSON text (built as text: JSON.stringify would recurse). */
export function deepJson(levels: number, shape: 'array' | 'object'): string {
  return shape === 'array' ? '['.repeat(levels) + ']'.repeat(levels) : '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}

/** The template with the value at `path` replaced by `levels` of nesting (at the root when path is empty). */
export function deepAt(template: unknown, path: FieldPath, levels: number, shape: 'array' | 'object'): string {
  if (path.length === 0) return deepJson(levels, shape);
  return JSON.stringify(withValues(template, [[path, '__deep_nesting__']])).replace(DEEP_MARK, deepJson(levels, shape));
}

/** JSON text with keys that mean something to JavaScript objects inserted at the root and at the first nested object. */
export function withPrototypeKeys(template: unknown): string {
  const text = JSON.stringify(template);
  const junk = '"__proto__":{"polluted":true,"admin":true},"constructor":{"prototype":{"polluted":true}},';
  const inner = text.indexOf('{', 1);
  const withInner = inner > 0 ? `${text.slice(0, inner + 1)}${junk}${text.slice(inner + 1)}`.replace(/,}/, '}') : text;
  return `{${junk}${withInner.slice(1)}`.replace(/,}/, '}');
}

/** Values of every JSON type and the strings that break naive code, for wrong-typed fields. */
export const NASTY_VALUES: readonly unknown[] = [
  null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, [], {}, [null], [[]], { a: {} }, [{ key: 1 }],
  '', ' ', '0', '-1', '1e3', '1.0', 'NaN', 'Infinity', 'null', 'true', '\u0000', 'a\u0000b', '\ud800', '日本語🚀', '\u202e\u0301',
  '<script>alert(1)</script>', "' or 1=1 --", '../../etc/passwd', '%00', '2026-13-45', '9999-12-31T23:59:59Z', '__proto__', 'constructor',
  'x'.repeat(300), 'http://', 'ftp://x.test/h', 'javascript:alert(1)', 'A'.repeat(256),
];

/** One value for a field: any JSON of the wrong type, a nasty string, or (rarely) 100 KB of text. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY_VALUES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(HUGE)) },
);

/** Bodies that are not JSON, or not the JSON the route reads. */
export function malformedBodies(template: unknown, root: string): (string | Buffer)[] {
  const text = JSON.stringify(template);
  return [
    '{"',
    text.slice(0, Math.max(1, Math.floor(text.length / 2))),
    `${text}}`,
    `${text}garbage`,
    text.replace(/"/g, "'"),
    `\ufeff${text}`,
    'NaN',
    'undefined',
    '{a:1}',
    '{"a":1,}',
    '{"a":1}{"b":2}',
    '// comment\n{}',
    Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    '[]',
    '"text"',
    'null',
    '42',
    'true',
    '{}',
    `{"${root}":[]}`,
    `{"${root}":"text"}`,
    `{"${root}":null}`,
    `{"${root}":{}}`,
    `{"${root}":42}`,
    `[${text}]`,
  ];
}

/** Path segments (raw, as they go on the wire) that name nothing or break naive decoding. */
export const NASTY_SEGMENTS: readonly string[] = [
  '%00', 'a%00b', '%ff', '%c0%af', '%2e%2e', '..', '.', '%2F', 'a%2Fb', '%20', '%25', '%E6%97%A5%F0%9F%9A%80', encodeURIComponent("' or 1=1 --"),
  '0', '-1', '99999999999999999999', '1.5', '1e3', 'null', 'undefined', '__proto__', 'constructor', 'toString', 'hasOwnProperty',
  '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF', 'x'.repeat(2000),
  'external_key:', 'token:', 'external_key:%00', 'token:%ff', 'external_key:x%2Fy', '_count',
];

/** Query parameter names the routes read, and some they do not. */
export const QUERY_NAMES: readonly string[] = [
  'page', 'per_page', 'search_term', 'external_customer_id', 'external_id', 'status', 'payment_status', 'currency', 'invoice_type', 'payment_overdue',
  'issuing_date_from', 'issuing_date_to', 'billing_entity_codes', 'account_type', 'customer_type', 'webhook_type', 'invoice_id', 'where', 'order',
  'limit', 'offset', 'code', 'with_deleted', '__proto__', 'constructor', 'toString',
];

/** Query strings (raw) that break naive parsing: brackets, depth, repeats, encodings. */
export const NASTY_QUERIES: readonly string[] = [
  'per_page=0', 'per_page=101', 'per_page=-1', 'per_page=abc', 'page=-1&per_page=1e3', 'page[a]=1&per_page[]=2', 'page=99999999999999999999',
  'a[b][c][d][e][f][g][h][i]=1', '__proto__[polluted]=1', 'constructor[prototype][polluted]=1', 'search_term=%00', 'search_term=%ff',
  'external_customer_id[]=a&external_customer_id[]=b', 'status[a]=x', 'status=%00', 'issuing_date_from[]=2026-01-01', 'issuing_date_to=2026-02-30',
  'payment_overdue=maybe', 'billing_entity_codes=x', 'billing_entity_codes[]=other', 'where=%00', 'where=customer_id:EQUALS:%00', 'where[]=a&where[a]=b',
  'where=nope:EQUALS:1', 'where=customer_id:BETWEEN:1', 'order=%00', 'order=customer_id:sideways', 'limit=-1', 'limit=99999', 'offset=-5',
  'limit[]=1', `search_term=${'x'.repeat(4000)}`, `${'k'.repeat(2000)}=1`, 'a=1&a=2&a=3&a[]=4', '&&&=&=', '%=%', 'x=%E6%97%A5',
];

/** Content types the JSON parser must not take for JSON, and JSON with charsets it does not read. */
export const CONTENT_TYPES: readonly (string | undefined)[] = [
  undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz', 'application/json; charset=utf-16',
  'application/json; charset=latin1', 'application/vnd.api+json', 'application/xml', '*/*', 'application/json, text/plain', 'application/jsonx',
];

/** Encodings the gateway does not accept or bodies that are not what the header says. */
export const CONTENT_ENCODINGS: readonly string[] = ['gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'];

/** Header-safe text of fast-check's choosing (Node refuses control characters in headers). */
export const headerText = (maxLength: number) => fc.string({ maxLength, unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) });
