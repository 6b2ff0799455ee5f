import type { Command } from 'commander';
import { redact } from '../../shared/secrets/redact';
import { InputError } from '../../shared/contracts/errors';
import type { Policy } from '../../shared/contracts/policy';
import { runAction } from '../action';
import { EXIT, EXIT_CODES_HELP } from '../exit-codes';
import { Output } from '../output';
import { readPolicyFile } from '../policy-file';
import { fitText } from '../render-table';

interface ValidateOptions {
  json?: boolean;
}

type FileReport =
  | { file: string; ok: true; rules: Array<{ name: string; cloud: string; sourceRegions: string[]; destinations: string[] }> }
  | { file: string; ok: false; problems: Array<{ field: string; rule: string; message: string }> };

const HELP = `
Checks policy files exactly as the functions check REPLICATION_POLICY: every field against the
API's rules, copy-name templates against what they could expand to, unknown fields refused. Every
problem is printed with the path of its field, such as rules[0].destinations[1].retentionDays.
No cloud is called.

Examples:
  $ snapshot-replicator validate-policy policy.json
  $ snapshot-replicator validate-policy examples/policies/*.json --json

${EXIT_CODES_HELP}
  (validate-policy answers 2 when any file has a problem)`;

function check(file: string): FileReport {
  let policy: Policy;
  try {
    policy = readPolicyFile(file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { file, ok: false, problems: error.problems.map((p) => ({ field: p.field, rule: p.rule, message: redact(InputError.describe(p)) })) };
  }
  return {
    file,
    ok: true,
    rules: policy.rules.map((r) => ({ name: r.name, cloud: r.cloud, sourceRegions: r.sourceRegions, destinations: r.destinations.map((d) => d.region) })),
  };
}

function human(reports: FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    if (r.ok) {
      lines.push(`${r.file}: valid, ${r.rules.length} ${r.rules.length === 1 ? 'rule' : 'rules'}`);
      for (const rule of r.rules) lines.push(`  ${rule.name} (${rule.cloud}): ${rule.sourceRegions.join(', ')} → ${rule.destinations.join(', ')}`);
    } else {
      lines.push(`${r.file}: ${r.problems.length} ${r.problems.length === 1 ? 'problem' : 'problems'}`);
      for (const p of r.problems) lines.push(`  ${p.message}`);
    }
  }
  return lines.join('\n');
}

async function validate(files: string[], output: Output): Promise<number> {
  const reports = files.map(check);
  const ok = reports.every((r) => r.ok);
  output.result({ ok, files: reports }, () => fitText(human(reports)));
  return ok ? EXIT.ok : EXIT.usage;
}

export function registerValidatePolicy(program: Command): void {
  program
    .command('validate-policy')
    .summary('check policy files and print every problem with its path')
    .description('Check replication policy files; print every problem with the path of its field.')
    .argument('<files...>', 'policy files (JSON)')
    .option('--json', 'print the findings as JSON')
    .addHelpText('after', HELP)
    .action(async (files: string[], opts: ValidateOptions) => {
      const output = new Output(opts.json === true);
      await runAction(output, () => validate(files, output));
    });
}
