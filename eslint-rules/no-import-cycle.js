// House rule: no import cycles among the server's modules, `import type` included (import-x's
// no-cycle skips type-only imports, and a type cycle still ties two floors of the house together).
// The whole server/ graph is read once per lint run from the static relative imports of each
// file; a file is reported when it sits in a strongly connected component of more than one file.
import fs from 'node:fs';
import path from 'node:path';

const importPattern = /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;

function listFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'bin' ? [] : listFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file) {
  const text = fs.readFileSync(file, 'utf8');
  const found = new Set();
  for (const match of text.matchAll(importPattern)) {
    const target = path.resolve(path.dirname(file), match[1]);
    if (target.endsWith('.ts') && fs.existsSync(target)) found.add(target);
  }
  return found;
}

/** Tarjan's strongly connected components: file -> the files of its cycle (when it is in one). */
export function cyclesOf(root) {
  const graph = new Map(listFiles(root).map((f) => [f, importsOf(f)]));
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const inCycle = new Map();
  let next = 0;
  function visit(v) {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) for (const f of component) inCycle.set(f, component);
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return inCycle;
}

const cache = new Map();

export default {
  meta: {
    type: 'problem',
    docs: { description: 'no import cycles among the files under a root folder, type imports included' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
  },
  create(context) {
    const root = path.resolve(context.cwd, context.options[0]?.root ?? 'server');
    if (!cache.has(root)) cache.set(root, cyclesOf(root));
    const component = cache.get(root).get(path.resolve(context.filename));
    return {
      Program(node) {
        if (!component) return;
        const names = component.map((f) => path.relative(context.cwd, f)).sort();
        context.report({ node, message: `import cycle (type imports included) through ${names.length} files: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}` });
      },
    };
  },
};
