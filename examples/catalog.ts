/**
 * Every example in this folder, what it is for, and which parser checks it (test/cli/examples.test.ts
 * holds each one to that parser and this list to the folder's files, so neither drifts).
 *
 *   policy     a replication policy: `snapshot-replicator validate-policy|plan|status --policy FILE`,
 *              or the REPLICATION_POLICY of a deployment
 *   seed       a local cloud: `snapshot-replicator local-cloud --seed FILE`
 *   fc-event   what an FC 3.0 function receives (ecs-replicator, ens-replicator)
 *   scf-event  what the SCF function receives (cbs-replicator)
 *   payload    a manual payload: `snapshot-replicator invoke --payload @FILE`
 */
export type ExampleKind = 'policy' | 'seed' | 'fc-event' | 'scf-event' | 'payload';

export interface Example {
  /** Relative to this folder. */
  file: string;
  kind: ExampleKind;
  about: string;
}

export const EXAMPLES: readonly Example[] = [
  { file: 'policies/ecs-one-region-to-two.json', kind: 'policy', about: 'ECS: tagged snapshots of one region kept in two others, 30 and 7 days' },
  { file: 'policies/ens-edge-fanout.json', kind: 'policy', about: 'ENS: a disk snapshotted every 6 hours and fanned out to two edge nodes, pruned after 14 days' },
  { file: 'policies/cbs-dr-pair.json', kind: 'policy', about: 'CBS: a disaster-recovery pair, each region protecting its disk in the other' },
  { file: 'local-cloud-seed.json', kind: 'seed', about: 'a local cloud holding the snapshots the three example policies replicate, and example keys' },
  { file: 'events/fc/ecs-snapshot-completed.json', kind: 'fc-event', about: 'EventBridge: an ECS snapshot finished (ecs:Snapshot:CreateSnapshotCompleted)' },
  { file: 'events/fc/timer.json', kind: 'fc-event', about: 'FC timer trigger; its payload limits the sweep to one rule' },
  { file: 'events/scf/timer.json', kind: 'scf-event', about: 'SCF timer trigger: a full sweep' },
  { file: 'events/scf/cbs-cloudaudit-create-snapshot.json', kind: 'scf-event', about: 'EventBridge CloudAudit: a CBS CreateSnapshot call' },
  { file: 'payloads/sweep-dry-run.json', kind: 'payload', about: 'a manual sweep that only plans' },
  { file: 'payloads/copy-ecs.json', kind: 'payload', about: 'a manual ECS copy to one region, kept 7 days' },
  { file: 'payloads/copy-cbs.json', kind: 'payload', about: 'a manual CBS copy to the DR region, kept 30 days' },
];
