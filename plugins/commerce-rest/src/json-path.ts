/**
 * A small, safe JSONPath subset for field mappings: `$`, `.name`, `['name']`, `[0]`, `[-1]` and `[*]`.
 * No filters or script expressions, so a config file can never execute anything.
 */
type Segment = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'wildcard' };

const cache = new Map<string, Segment[]>();

export function compilePath(path: string): Segment[] {
  const cached = cache.get(path);
  if (cached) return cached;
  if (!path.startsWith('$')) throw new SyntaxError(`JSONPath must start with "$": ${path}`);
  const segments: Segment[] = [];
  let i = 1;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      if (path[i + 1] === '.') throw new SyntaxError(`recursive descent ("..") is not supported: ${path}`);
      const match = /^[A-Za-z_$\u00C0-\uFFFF][\w$\u00C0-\uFFFF-]*|^\*/.exec(path.slice(i + 1));
      if (!match) throw new SyntaxError(`bad name after "." at ${i} in ${path}`);
      segments.push(match[0] === '*' ? { kind: 'wildcard' } : { kind: 'key', key: match[0] });
      i += 1 + match[0].length;
    } else if (ch === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) throw new SyntaxError(`unclosed "[" in ${path}`);
      const inner = path.slice(i + 1, end).trim();
      if (inner === '*') segments.push({ kind: 'wildcard' });
      else if (/^-?\d+$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) });
      else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) segments.push({ kind: 'key', key: inner.slice(1, -1) });
      else throw new SyntaxError(`unsupported selector [${inner}] in ${path}`);
      i = end + 1;
    } else throw new SyntaxError(`unexpected "${ch}" at ${i} in ${path}`);
  }
  cache.set(path, segments);
  return segments;
}

/** Every value the path selects (wildcards fan out; missing keys select nothing). */
export function queryAll(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const segment of compilePath(path)) {
    const next: unknown[] = [];
    for (const node of current) {
      if (node === null || typeof node !== 'object') continue;
      if (segment.kind === 'wildcard') next.push(...(Array.isArray(node) ? node : Object.values(node)));
      else if (segment.kind === 'index') {
        if (Array.isArray(node)) {
          const item = node.at(segment.index);
          if (item !== undefined) next.push(item);
        }
      } else if (Object.hasOwn(node, segment.key)) next.push((node as Record<string, unknown>)[segment.key]);
    }
    current = next;
  }
  return current;
}

/** The first selected value, or undefined. */
export function queryOne(value: unknown, path: string): unknown {
  return queryAll(value, path)[0];
}
