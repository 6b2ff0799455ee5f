import { describe, expect, it } from 'vitest';
import { interruptText, recordCopies, startedCopies } from '../../cli/interrupt';
import type { Snapshot } from '../../shared/contracts/snapshot';
describe('what an interrupted command says', () => {
  it('names the stage, the answered calls and every copy started', () => {
    const source = { snapshotId: 's-web1', region: 'cn-hangzhou' } as Snapshot;
    recordCopies({ source, destinations: [] }, [
      { destinationRegion: 'cn-shanghai', ok: true, copySnapshotId: 's-copy1' },
      { destinationRegion: 'cn-beijing', ok: false, error: new Error('refused') as never },
    ]);
    // Only the destination the cloud answered with a copy counts as started.
    expect(startedCopies()).toEqual([{ sourceSnapshotId: 's-web1', sourceRegion: 'cn-hangzhou', destinationRegion: 'cn-shanghai', copySnapshotId: 's-copy1' }]);
    const text = interruptText({ signal: 'SIGINT', during: 'Copying', callsAnswered: 3, copiesStarted: startedCopies() }, 'A copy call still in flight may yet start its copy.');
    expect(text).toBe(
      [
        'interrupted (Ctrl-C) while copying, after 3 answered API calls.',
        'Copies started before that:',
        '  s-web1 cn-hangzhou → cn-shanghai: s-copy1',
        'A copy call still in flight may yet start its copy.',
      ].join('\n'),
    );
    expect(interruptText({ signal: 'SIGTERM', callsAnswered: 1, copiesStarted: [] }, undefined)).toBe('stopped (SIGTERM), after 1 answered API call.');
  });
});
