import { createHash } from 'node:crypto';

/**
 * ECS ClientToken for one (rule, source, destination): the same on every retry and every duplicate
 * event, so the service returns the first copy instead of making another. ASCII, 45 characters (limit 64).
 */
export function copyClientToken(rule: string, sourceRegion: string, sourceSnapshotId: string, destinationRegion: string): string {
  const digest = createHash('sha256').update(`${rule}\n${sourceRegion}\n${sourceSnapshotId}\n${destinationRegion}`).digest('hex');
  return `srep-${digest.slice(0, 40)}`;
}

/**
 * The token for copying a pair again after the copy `goneCopyId` made under `token` is gone: every run
 * that finds the same gone copy derives the same token, so they still make one copy between them.
 */
export function chainedClientToken(token: string, goneCopyId: string): string {
  return `srep-${createHash('sha256').update(`${token}\n${goneCopyId}`).digest('hex').slice(0, 40)}`;
}
