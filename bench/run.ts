/**
 * `npm run bench` (after `npm run build`): every measurement in one run, written to bench/RESULTS.md.
 * `tsx bench/run.ts --only bundles,overhead` runs a subset and writes it to bench/RESULTS-subset.md.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { measureAccounts } from './accounts';
import { measureApiCalls } from './api-calls';
import { measureBundles } from './bundles';
import { measureCliStart } from './cli-start';
import { progress, ROOT } from './fixtures';
import { measureGlob } from './glob';
import { describeMachine } from './machine';
import { Markdown, mark, type Verdict } from './markdown';
import { measureOverhead } from './overhead';
import { measurePlanning } from './planning';
import { fixed, mib } from './stats';
import { measureThroughput } from './throughput';

interface Measurement {
  key: string;
  run: () => Promise<{ section: Markdown; verdicts: Verdict[] }>;
}

const MEASUREMENTS: Measurement[] = [
  { key: 'bundles', run: measureBundles },
  { key: 'overhead', run: measureOverhead },
  { key: 'throughput', run: measureThroughput },
  { key: 'planning', run: measurePlanning },
  { key: 'api-calls', run: measureApiCalls },
  { key: 'cli', run: measureCliStart },
  { key: 'glob', run: measureGlob },
  { key: 'accounts', run: measureAccounts },
];

function selected(argv: readonly string[]): Measurement[] {
  const at = argv.indexOf('--only');
  if (at === -1) return MEASUREMENTS;
  const keys = new Set((argv[at + 1] ?? '').split(','));
  const unknown = [...keys].filter((k) => !MEASUREMENTS.some((m) => m.key === k));
  if (unknown.length > 0) throw new Error(`unknown measurement ${unknown.join(', ')} (known: ${MEASUREMENTS.map((m) => m.key).join(', ')})`);
  return MEASUREMENTS.filter((m) => keys.has(m.key));
}

const started = Date.now();
const machine = describeMachine();
const sections: Markdown[] = [];
const verdicts: Verdict[] = [];
const chosen = selected(process.argv.slice(2));
for (const m of chosen) {
  const t = Date.now();
  const result = await m.run();
  progress(`${m.key} done in ${fixed((Date.now() - t) / 1000, 0)} s`);
  sections.push(result.section);
  verdicts.push(...result.verdicts);
}

const doc = new Markdown().heading(1, 'Benchmarks');
doc.paragraph(`Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}; the whole run took ${fixed((Date.now() - started) / 60_000, 1)} minutes. Figures vary with the machine and its load; what is measured does not (fixed seeds, sizes and run counts).`);
doc.heading(2, 'Machine');
doc.table(['CPU', 'cores', 'memory', 'Node.js', 'OS', 'commit'], [[machine.cpu, machine.cores, mib(machine.memoryBytes), machine.node, machine.os, machine.commit]]);
doc.heading(2, 'Commands');
doc.code(['npm install', 'npm run bench   # = npm run build && tsx bench/run.ts', 'tsx bench/run.ts --only bundles,overhead,throughput,planning,api-calls,cli,glob,accounts   # a subset, after npm run build: bench/RESULTS-subset.md'].join('\n'));
doc.heading(2, 'Budgets');
doc.table(['measurement', 'figure', 'budget', 'verdict'], verdicts.map((v) => [v.what, v.figure, v.budget, mark(v.met)]));
for (const s of sections) doc.append(s);

// A subset never overwrites the whole run's results.
const out = resolve(ROOT, 'bench', chosen.length === MEASUREMENTS.length ? 'RESULTS.md' : 'RESULTS-subset.md');
writeFileSync(out, doc.toString());
progress(`wrote ${out.slice(ROOT.length + 1)}: ${verdicts.filter((v) => v.met).length} of ${verdicts.length} budgets met`);
