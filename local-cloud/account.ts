import type { AccountSeed, AccountStateView, CbsSeed, EcsSeed, EnsSeed } from './seed';
import type { AccountServiceName, AnswerSettings, ServiceContext, ServiceHandler } from './service';
import { CbsModel } from './services/cbs-model';
import { cbsHandler } from './services/cbs-wire';
import { EcsModel } from './services/ecs-model';
import { ecsHandler } from './services/ecs-wire';
import { EnsModel } from './services/ens-model';
import { ensHandler } from './services/ens-wire';
import type { CloudSettings } from './settings';

/** One account's sections, complete: what the services are reset with. */
export interface AccountSections {
  ecs?: EcsSeed;
  ens?: EnsSeed;
  cbs?: CbsSeed;
}

/**
 * Another account's sections, each service's regions filled in from the default account's (regions
 * exist for every account alike; only resources are an account's own).
 */
export function sectionsOf(seed: AccountSeed, defaults: AccountSections): AccountSections {
  const regions = (own: readonly string[] | undefined, base: { regions: readonly string[] } | undefined): string[] => [...(own ?? base?.regions ?? [])];
  return {
    ...(seed.ecs || defaults.ecs ? { ecs: { ...seed.ecs, regions: regions(seed.ecs?.regions, defaults.ecs) } } : {}),
    ...(seed.ens || defaults.ens ? { ens: { ...seed.ens, regions: regions(seed.ens?.regions, defaults.ens) } } : {}),
    ...(seed.cbs || defaults.cbs ? { cbs: { ...seed.cbs, regions: regions(seed.cbs?.regions, defaults.cbs) } } : {}),
  };
}

/** One account: its own ECS, ENS and CBS state, and the wire handlers in front of them. */
export class Account {
  readonly ecs: EcsModel;
  readonly ens: EnsModel;
  readonly cbs: CbsModel;
  readonly handlers: Readonly<Record<AccountServiceName, ServiceHandler>>;

  constructor(
    readonly id: string,
    context: ServiceContext,
    answerSettings: () => AnswerSettings,
  ) {
    this.ecs = new EcsModel(context);
    this.ens = new EnsModel(context);
    this.cbs = new CbsModel(context);
    this.handlers = {
      ecs: ecsHandler(this.ecs, answerSettings),
      ens: ensHandler(this.ens, answerSettings),
      cbs: cbsHandler(this.cbs, answerSettings),
    };
  }

  /** Seeds the account; a section the models cannot use throws RangeError. */
  reset(sections: AccountSections, settings: CloudSettings): void {
    const { timing, variants } = settings;
    this.ecs.reset(sections.ecs, timing);
    this.ens.reset(sections.ens, { timing, idPrefix: variants.ensSnapshotIdPrefix, snapshotNotFound: variants.ensSnapshotNotFound });
    this.cbs.reset(sections.cbs, timing);
  }

  view(): AccountStateView {
    return { ecs: this.ecs.view(), ens: this.ens.view(), cbs: this.cbs.view() };
  }
}
