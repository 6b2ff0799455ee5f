import { describe, expect, it } from 'vitest';
import { progressEnabled } from '../../cli/progress';

describe('progressEnabled', () => {
  it('shows a bar only on a terminal, never with --json', () => {
    expect(progressEnabled({ json: false, stdoutIsTTY: true, stderrIsTTY: true })).toBe(true);
    expect(progressEnabled({ json: true, stdoutIsTTY: true, stderrIsTTY: true })).toBe(false);
    expect(progressEnabled({ json: false, stdoutIsTTY: undefined, stderrIsTTY: true })).toBe(false);
    expect(progressEnabled({ json: false, stdoutIsTTY: true, stderrIsTTY: false })).toBe(false);
  });
});
