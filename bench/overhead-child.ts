/**
 * The ECS event series of section 2, in rounds, in a process of its own (started with V8 flags by
 * overhead.ts), against the local cloud at argv[2], seeded by the parent. Prints the median round and
 * every round's overheads as JSON.
 */
import { ecsDisk, ecsId, ecsSnapshotEvent, fcContext, loadHandler, useLocalCloud } from './fixtures';
import { EVENT_LABEL, measure, MEASURED, medianRound, ROUNDS, WARMUP, type Series } from './overhead';

const url = process.argv[2];
if (!url) throw new Error('usage: overhead-child.ts <local cloud url>');
useLocalCloud({ url });
const ecs = loadHandler('ecs-replicator');
// The parent seeded a new source for every event of every round.
const rounds: Series[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const offset = round * (WARMUP + MEASURED);
  rounds.push(await measure(EVENT_LABEL, async () => 0, async () => undefined, (i) => ecs(ecsSnapshotEvent(ecsId(offset + i), ecsDisk(offset + i)), fcContext())));
}
process.stdout.write(JSON.stringify({ median: medianRound(rounds), p99s: rounds.map((r) => r.overheadMs) }));
