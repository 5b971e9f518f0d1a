/**
 * Where the time went in a `node --cpu-prof` profile: self time per function (and per file), the
 * largest first, with idle and GC shown apart. For the engine's hot path, e.g.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/main.ts --only tcp-engine
 *   npx tsx scripts/bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile [--top 30]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from './children';

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

function where(node: ProfileNode): string {
  const { url, lineNumber } = node.callFrame;
  if (!url) return '';
  const path = url.startsWith('file://') ? relative(PROJECT_ROOT, new URL(url).pathname) : url;
  return `${path}:${lineNumber + 1}`;
}

function selfTimes(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const perFunction = new Map<string, number>();
  const perFile = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    if (!node) return;
    total += ms;
    const name = node.callFrame.functionName || '(anonymous)';
    const key = `${name}  ${where(node)}`;
    perFunction.set(key, (perFunction.get(key) ?? 0) + ms);
    const file = where(node).replace(/:\d+$/, '') || name;
    perFile.set(file, (perFile.get(file) ?? 0) + ms);
  });
  return { total, perFunction, perFile };
}

function printTop(title: string, times: Map<string, number>, total: number, top: number) {
  process.stdout.write(`\n${title}\n`);
  const sorted = [...times].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [key, ms] of sorted) {
    const share = ((100 * ms) / total).toFixed(1).padStart(5);
    process.stdout.write(`${ms.toFixed(0).padStart(7)} ms ${share} %  ${key}\n`);
  }
}

// `… | head` closes stdout early; that is not an error.
process.stdout.on('error', () => process.exit(0));

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '25' } },
  allowPositionals: true,
});
for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const { total, perFunction, perFile } = selfTimes(profile);
  process.stdout.write(`${file}: ${total.toFixed(0)} ms sampled\n`);
  printTop('self time per function', perFunction, total, Number(values.top));
  printTop('self time per file', perFile, total, Number(values.top));
}
