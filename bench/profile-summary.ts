// Reads a V8 CPU profile (.cpuprofile) and says where the time went: the functions with the most self time, the
// self time by package (a node_modules package, our src/ folder, Node's internals, the garbage collector), and the
// inclusive time of chosen frames (e.g. everything under EJS's render). Shares are of the busy time (idle excluded),
// so they stay meaningful on a machine loaded by others.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  busyMs: number;
  topSelf: Share[];
  byPackage: Share[];
  inclusive: Share[];
}

/** "node_modules/ejs", "src/features/canteen", "node internals", "(garbage collector)". */
function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url.slice(url.lastIndexOf('node_modules/')));
  if (url.includes('node_modules/') && modules) return modules[1];
  if (url.startsWith('node:')) return 'node internals';
  const ours = /\/(src|bench|prisma)\/(.*)\/[^/]+$/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return url.replace(/^.*\//, '');
}

function labelOf(frame: ProfileNode['callFrame']): string {
  const file = frame.url.replace(/^.*\/(node_modules\/)/, '$1').replace(/^.*\/(src|bench|views)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

function top(map: Map<string, number>, busy: number, n: number): Share[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, percent: Math.round((us / busy) * 1000) / 10 }));
}

/** `inclusiveOf`: label → predicate on a frame; a sample counts once for a label if any frame on its stack matches. */
export function summarizeProfile(
  file: string,
  inclusiveOf: Record<string, (frame: ProfileNode['callFrame']) => boolean> = {},
  topN = 25,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const self = new Map<string, number>();
  const packages = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  const onStack = (id: number, test: (frame: ProfileNode['callFrame']) => boolean) => {
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) if (test(byId.get(at)!.callFrame)) return true;
    return false;
  };
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    // idle, and the profiler's own work (stopping, serializing the profile)
    if (node.callFrame.functionName === '(idle)' || onStack(id, (f) => f.url === 'node:inspector')) continue;
    busy += us;
    const label = labelOf(node.callFrame);
    self.set(label, (self.get(label) ?? 0) + us);
    const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    for (const [name, test] of Object.entries(inclusiveOf)) if (onStack(id, test)) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
  return {
    busyMs: Math.round(busy / 1000),
    topSelf: top(self, busy, topN),
    byPackage: top(packages, busy, topN),
    inclusive: top(inclusive, busy, Object.keys(inclusiveOf).length),
  };
}

export function formatSummary(title: string, summary: ProfileSummary): string {
  const rows = (shares: Share[]) => shares.map((s) => `  ${s.percent.toFixed(1).padStart(5)} %  ${s.name}`).join('\n');
  return [
    `## ${title} — ${summary.busyMs} ms busy`,
    'inclusive (a sample counts once if the frame is on its stack):',
    rows(summary.inclusive),
    'self time by package:',
    rows(summary.byPackage),
    'top self time:',
    rows(summary.topSelf),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) console.log(formatSummary(file, summarizeProfile(file)));
}
