import { describe, expect, it } from 'vitest';
import { WarmReuse } from '../../shared/clouds/warm-reuse';

describe('WarmReuse', () => {
  it('reuses the value while the key stays the same, and makes a new one when it changes', () => {
    const reuse = new WarmReuse<{ n: number }>();
    let made = 0;
    const make = () => ({ n: ++made });
    const a = reuse.get([{ accessKeyId: 'STS.a', securityToken: 't1' }, 'http://127.0.0.1:1'], make);
    expect(reuse.get([{ accessKeyId: 'STS.a', securityToken: 't1' }, 'http://127.0.0.1:1'], make)).toBe(a);
    const rotated = reuse.get([{ accessKeyId: 'STS.a', securityToken: 't2' }, 'http://127.0.0.1:1'], make);
    expect(rotated).not.toBe(a);
    expect(reuse.get([{ accessKeyId: 'STS.a', securityToken: 't2' }, 'http://127.0.0.1:2'], make).n).toBe(3);
    expect(made).toBe(3);
  });
});
