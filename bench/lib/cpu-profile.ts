// Summarises a V8 CPU profile (node --cpu-prof; BENCH_CPU_PROF in `bench -- pages`) by part: each
// npm package, each folder of server/, node's internals. A part's inclusive share is the share of
// samples with that part anywhere on the stack; self is the share where it is on top.
//   node --import tsx bench/lib/cpu-profile.ts <file.cpuprofile> [top=25] [busiest seconds]
// With a number of seconds, only the profile's busiest seconds are counted: the load, without
// the start-up (module loading, compiling) and the bench's set-up before it.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  startTime: number;
  timeDeltas: number[];
}

/**
 * The profile's samples from its busiest `seconds`: the window with the most samples that are not
 * idle. That is the load (the bench loads the bare baseline before and after each page, while the
 * app waits), without start-up and set-up.
 */
export function busiestSeconds(profile: Profile, seconds: number): Profile {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let t = profile.startTime;
  const times = profile.timeDeltas.map((d) => (t += d));
  const busy = times.map((_, i) => (idle.has(profile.samples[i]!) ? 0 : 1));
  const span = seconds * 1e6;
  let best = 0;
  let bestFrom = 0;
  let count = 0;
  for (let start = 0, end = 0; start < times.length; start++) {
    while (end < times.length && times[end]! - times[start]! < span) count += busy[end++]!;
    if (count > best) [best, bestFrom] = [count, times[start]!];
    count -= busy[start]!;
  }
  const keep = times.map((at) => at >= bestFrom && at < bestFrom + span);
  return { ...profile, samples: profile.samples.filter((_, i) => keep[i]), timeDeltas: profile.timeDeltas.filter((_, i) => keep[i]) };
}

export function partOf(url: string, fn: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/(server|views|bench)\/(?:([^/]+)\/)?/.exec(url);
  if (own) return own[2] && !own[2].includes('.') ? `${own[1]}/${own[2]}` : own[1]!;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?([^/]+).*/, 'node:$2');
  return fn === '(garbage collector)' ? '(gc)' : fn === '(idle)' || fn === '(program)' ? fn : url ? 'other' : `(${fn || 'native'})`;
}

const generic = (part: string) => part.startsWith('node:') || part.startsWith('(') || part === 'other';

/**
 * inclusive: samples with the part anywhere on the stack (middleware that calls next() includes
 * what runs after it); own: samples whose nearest non-node frame is the part's, which is where the
 * time goes; self: samples with the part's frame on top.
 */
export function summarise(profile: Profile): { part: string; inclusive: number; own: number; self: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  const self = new Map<string, number>();
  const own = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName === '(idle)') continue;
    busy += 1;
    const top = partOf(leaf.callFrame.url, leaf.callFrame.functionName);
    self.set(top, (self.get(top) ?? 0) + 1);
    const seen = new Set<string>();
    let owner: string | undefined;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      const part = partOf(n.callFrame.url, n.callFrame.functionName);
      seen.add(part);
      if (!owner && !generic(part)) owner = part;
    }
    owner ??= top;
    own.set(owner, (own.get(owner) ?? 0) + 1);
    for (const p of seen) inclusive.set(p, (inclusive.get(p) ?? 0) + 1);
  }
  return [...inclusive]
    .filter(([part]) => !generic(part) || own.has(part))
    .map(([part, n]) => ({ part, inclusive: n / busy, own: (own.get(part) ?? 0) / busy, self: (self.get(part) ?? 0) / busy }))
    .sort((a, b) => b.own - a.own);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const whole = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Profile;
  const top = Number(process.argv[3] ?? 25);
  const profile = process.argv[4] ? busiestSeconds(whole, Number(process.argv[4])) : whole;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log('| part | own | inclusive | self |\n| --- | --- | --- | --- |');
  for (const r of summarise(profile).slice(0, top)) console.log(`| ${r.part} | ${pct(r.own)} | ${pct(r.inclusive)} | ${pct(r.self)} |`);
}
