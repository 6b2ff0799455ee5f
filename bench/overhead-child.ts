/**
 * The ECS event series of section 2 in a process of its own (started with V8 flags by overhead.ts),
 * against the local cloud at argv[2], seeded by the parent. Prints the series as JSON.
 */
import { ecsDisk, ecsId, ecsSnapshotEvent, fcContext, loadHandler, useLocalCloud } from './fixtures';
import { EVENT_LABEL, measure } from './overhead';

const url = process.argv[2];
if (!url) throw new Error('usage: overhead-child.ts <local cloud url>');
useLocalCloud({ url });
const ecs = loadHandler('ecs-replicator');
const series = await measure(EVENT_LABEL, async () => 0, async () => undefined, (i) => ecs(ecsSnapshotEvent(ecsId(i), ecsDisk(i)), fcContext()));
process.stdout.write(JSON.stringify(series));
