import { Clock } from './clock';
import { FaultInjector } from './faults';
import { IdGenerator } from './ids';
import { RateLimiter } from './rate-limits';
import type { AliyunKey, CloudStateView, Seed, TencentKey } from './seed';
import type { AnswerSettings, ServiceContext, ServiceHandler, ServiceName } from './service';
import { CbsModel } from './services/cbs-model';
import { cbsHandler } from './services/cbs-wire';
import { EcsModel } from './services/ecs-model';
import { ecsHandler } from './services/ecs-wire';
import { EnsModel } from './services/ens-model';
import { ensHandler } from './services/ens-wire';
import { settingsOf, type CloudSettings } from './settings';
import { NonceWindow } from './wire/rpc';

/** One entry of `GET /_admin/calls`: `code` is the error code answered, or `OK`. */
export interface CallRecord {
  service: ServiceName;
  action: string;
  params: Record<string, unknown>;
  code: string;
  /** Region the call addressed (RegionId, EnsRegionId or X-TC-Region), when it named one. */
  region?: string;
  /** Real time the call arrived, ISO 8601. */
  at: string;
}

/** Everything the local cloud holds: the three service models plus the machinery around them. */
export class CloudState implements ServiceContext {
  readonly clock = new Clock();
  readonly ids = new IdGenerator();
  readonly faults = new FaultInjector();
  readonly limiter = new RateLimiter();
  readonly nonces = new NonceWindow();
  readonly calls: CallRecord[] = [];
  keys: { aliyun: AliyunKey[]; tencent: TencentKey[] } = { aliyun: [], tencent: [] };
  private settings: CloudSettings = settingsOf({});

  readonly ecs = new EcsModel(this);
  readonly ens = new EnsModel(this);
  readonly cbs = new CbsModel(this);
  readonly handlers: Readonly<Record<ServiceName, ServiceHandler>> = {
    ecs: ecsHandler(this.ecs, () => this.answerSettings()),
    ens: ensHandler(this.ens, () => this.answerSettings()),
    cbs: cbsHandler(this.cbs, () => this.answerSettings()),
  };

  /**
   * Replaces all state with the seed; faults, rate limits, the clock and the call log start over too.
   * A seed the local cloud cannot use is refused before anything changes.
   */
  reset(seed: Seed): void {
    const settings = settingsOf(seed);
    this.clock.reset();
    this.ids.reset();
    this.faults.reset();
    this.limiter.reset();
    this.nonces.clear();
    this.calls.length = 0;
    this.keys = {
      aliyun: [...(seed.credentials?.aliyun ?? [])],
      tencent: [...(seed.credentials?.tencent ?? [])],
    };
    this.settings = settings;
    const { timing, variants } = settings;
    this.ecs.reset(seed.ecs, timing);
    this.ens.reset(seed.ens, { timing, idPrefix: variants.ensSnapshotIdPrefix, snapshotNotFound: variants.ensSnapshotNotFound });
    this.cbs.reset(seed.cbs, timing);
  }

  private answerSettings(): AnswerSettings {
    return { variants: this.settings.variants, renames: this.settings.renames };
  }

  view(): CloudStateView {
    return { ecs: this.ecs.view(), ens: this.ens.view(), cbs: this.cbs.view() };
  }
}
