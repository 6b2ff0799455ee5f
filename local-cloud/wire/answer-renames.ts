/**
 * The renderers' test hook (seed `renameAnswerFields`): sends answer fields under another name. A
 * path names a field from the answer's top: `Snapshots.Snapshot[].Status`, `SnapshotSet[].DiskId`.
 */

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every object the path's parent steps reach, arrays walked through. */
function parents(value: unknown, steps: readonly string[]): Json[] {
  if (Array.isArray(value)) return value.flatMap((item) => parents(item, steps));
  if (!isRecord(value)) return [];
  const [step, ...rest] = steps;
  if (step === undefined) return [value];
  return parents(value[step.replace(/\[\]$/, '')], rest);
}

/** The body with each renamed field moved to its new name, in place of the old one (key order kept). */
export function renameAnswerFields(body: Json, renames: Readonly<Record<string, string>> | undefined): Json {
  if (!renames) return body;
  const copy = JSON.parse(JSON.stringify(body)) as Json;
  for (const [path, to] of Object.entries(renames)) {
    const steps = path.split('.');
    const name = (steps.pop() ?? '').replace(/\[\]$/, '');
    for (const parent of parents(copy, steps)) {
      if (!(name in parent)) continue;
      const entries = Object.entries(parent).map(([key, value]): [string, unknown] => [key === name ? to : key, value]);
      for (const key of Object.keys(parent)) delete parent[key];
      Object.assign(parent, Object.fromEntries(entries));
    }
  }
  return copy;
}
