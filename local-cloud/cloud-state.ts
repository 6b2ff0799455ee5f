import { Account, sectionsOf, type AccountSections } from './account';
import { Clock } from './clock';
import { FaultInjector } from './faults';
import { IdGenerator } from './ids';
import { KeyStore } from './keys';
import { RateLimiter } from './rate-limits';
import { DEFAULT_ACCOUNT_ID, type AccountSeed, type CloudStateView, type Seed } from './seed';
import type { AccountServiceName, AnswerSettings, ServiceHandler, ServiceName } from './service';
import { ALIYUN_STS_RULES } from './services/aliyun-sts-errors';
import { AliyunStsRenderer } from './services/aliyun-sts-render';
import { aliyunStsHandler } from './services/aliyun-sts-wire';
import { FcRenderer } from './services/fc-render';
import { fcHandler } from './services/fc-wire';
import { FunctionsModel } from './services/functions-model';
import { RoleDirectory } from './services/roles';
import { ScfRenderer } from './services/scf-render';
import { scfHandler } from './services/scf-wire';
import { StsModel } from './services/sts-model';
import { tencentStsRules } from './services/tencent-sts-errors';
import { TencentStsRenderer } from './services/tencent-sts-render';
import { tencentStsHandler } from './services/tencent-sts-wire';
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
  /** The account of the key that signed the call, once the key is known. */
  accountId?: string;
  /** Real time the call arrived, ISO 8601. */
  at: string;
}

const ACCOUNT_SERVICES: ReadonlySet<ServiceName> = new Set<AccountServiceName>(['ecs', 'ens', 'cbs']);

function isAccountService(service: ServiceName): service is AccountServiceName {
  return ACCOUNT_SERVICES.has(service);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const ACCOUNT_ID = /^[\w.@:-]{1,64}$/;

/** The default account's id and the other accounts' seeds, checked. */
function accountsOf(seed: Seed): { defaultId: string; others: Array<[string, AccountSeed]> } {
  const defaultId = seed.accountId ?? DEFAULT_ACCOUNT_ID;
  if (typeof defaultId !== 'string' || !ACCOUNT_ID.test(defaultId)) throw new RangeError('accountId must be 1 to 64 letters, digits and . @ : _ -');
  const given: unknown = seed.accounts ?? {};
  if (!isRecord(given)) throw new RangeError('accounts must be an object keyed by account id');
  const others = Object.entries(given).map(([id, value]): [string, AccountSeed] => {
    if (!ACCOUNT_ID.test(id)) throw new RangeError(`accounts key ${id} must be 1 to 64 letters, digits and . @ : _ -`);
    if (id === defaultId) throw new RangeError(`accounts.${id} is the default account, whose sections are the seed's own ecs, ens and cbs`);
    if (!isRecord(value)) throw new RangeError(`accounts.${id} must be an object { ecs, ens, cbs }`);
    const unknown = Object.keys(value).find((key) => key !== 'ecs' && key !== 'ens' && key !== 'cbs');
    if (unknown !== undefined) throw new RangeError(`accounts.${id}.${unknown} is not a section an account has (ecs, ens, cbs)`);
    return [id, value as AccountSeed];
  });
  return { defaultId, others };
}

/**
 * Everything the local cloud holds: the accounts (each with its three service models), the keys and
 * roles that reach them, the platform's services (STS of both clouds, FC and SCF invocations), and
 * the machinery around them (clock, ids, faults, rate limits, the call log).
 */
export class CloudState {
  readonly clock = new Clock();
  readonly ids = new IdGenerator();
  readonly faults = new FaultInjector();
  readonly limiter = new RateLimiter();
  readonly nonces = new NonceWindow();
  readonly calls: CallRecord[] = [];
  /** Real milliseconds each API answer is held back: the network and service time of a real cloud, for benchmarks. */
  latencyMs = 0;
  readonly keys = new KeyStore();
  readonly functions = new FunctionsModel();
  private readonly roles = new RoleDirectory();
  private settings: CloudSettings = settingsOf({});
  private defaultId = DEFAULT_ACCOUNT_ID;
  private accounts = new Map<string, Account>([[DEFAULT_ACCOUNT_ID, this.newAccount(DEFAULT_ACCOUNT_ID)]]);

  /** The services that are not an account's own: they answer whichever account calls. */
  private readonly platform: Readonly<Record<Exclude<ServiceName, AccountServiceName>, ServiceHandler>> = {
    'aliyun-sts': aliyunStsHandler(
      new StsModel(() => ALIYUN_STS_RULES, this.roles, this.keys, this.clock),
      new AliyunStsRenderer(() => this.answerSettings(), this.clock),
    ),
    'tencent-sts': tencentStsHandler(
      new StsModel(() => tencentStsRules(this.settings.variants), this.roles, this.keys, this.clock),
      new TencentStsRenderer(() => this.answerSettings(), this.clock),
    ),
    fc: fcHandler(this.functions, new FcRenderer()),
    scf: scfHandler(this.functions, new ScfRenderer()),
  };

  /**
   * Replaces all state with the seed; faults, rate limits, the clock, the call log, issued keys and
   * invocations start over too (a runner stays). A seed the local cloud cannot use is refused before
   * anything changes.
   */
  reset(seed: Seed): void {
    const settings = settingsOf(seed);
    const { defaultId, others } = accountsOf(seed);
    const accountIds = new Set([defaultId, ...others.map(([id]) => id)]);
    // Checked on spare instances first, so a bad reference leaves the state as it was.
    new RoleDirectory().reset(seed.roles, accountIds);
    new KeyStore().reset(seed.credentials, defaultId, accountIds);

    this.clock.reset();
    this.ids.reset();
    this.faults.reset();
    this.limiter.reset();
    this.nonces.clear();
    this.calls.length = 0;
    this.latencyMs = 0;
    this.functions.reset();
    this.settings = settings;
    const defaults: AccountSections = {
      ...(seed.ecs ? { ecs: seed.ecs } : {}),
      ...(seed.ens ? { ens: seed.ens } : {}),
      ...(seed.cbs ? { cbs: seed.cbs } : {}),
    };
    const accounts = new Map<string, Account>();
    const main = this.newAccount(defaultId);
    main.reset(defaults, settings);
    accounts.set(defaultId, main);
    for (const [id, accountSeed] of others) {
      const account = this.newAccount(id);
      try {
        account.reset(sectionsOf(accountSeed, defaults), settings);
      } catch (error) {
        if (error instanceof RangeError) throw new RangeError(`accounts.${id}: ${error.message}`);
        throw error;
      }
      accounts.set(id, account);
    }
    this.accounts = accounts;
    this.defaultId = defaultId;
    this.keys.reset(seed.credentials, defaultId, accountIds);
    this.roles.reset(seed.roles, accountIds);
  }

  /** The handler of `service` for a call that reaches `accountId`. */
  handlerFor(service: ServiceName, accountId: string): ServiceHandler {
    if (!isAccountService(service)) return this.platform[service];
    const account = this.accounts.get(accountId);
    // Keys are only ever given accounts the seed has; this is a broken invariant, answered as InternalError.
    if (!account) throw new Error(`no account ${accountId}`);
    return account.handlers[service];
  }

  private newAccount(id: string): Account {
    return new Account(id, { clock: this.clock, ids: this.ids, faults: this.faults.forAccount(id) }, () => this.answerSettings());
  }

  private answerSettings(): AnswerSettings {
    return { variants: this.settings.variants, renames: this.settings.renames };
  }

  /** The default account's sections at the top (the shape from before accounts), the others under `accounts`. */
  view(): CloudStateView {
    const others: CloudStateView['accounts'] = {};
    let main: Account | undefined;
    for (const account of this.accounts.values()) {
      if (account.id === this.defaultId) main = account;
      else others[account.id] = account.view();
    }
    if (!main) throw new Error('the default account is missing');
    return { ...main.view(), accountId: this.defaultId, accounts: others };
  }
}
