/**
 * The price table `plan --cost` reads: data/prices.json, built into the command, or a file of the
 * same layout given with --prices. Per cloud, an ordered list of transfer prices (per GB, by source and
 * destination region pattern) and of storage prices (per GB-month, by region pattern); the first entry
 * that matches is used, and a null price means no public figure is known (reported, never guessed).
 */
import { InputError, type FieldProblem } from '../shared/contracts/errors';
import { CLOUD_KINDS, type CloudKind } from '../shared/contracts/snapshot';
import { isPlainObject } from '../shared/validation/plain-object';
import builtIn from '../data/prices.json';
import { parseJsonText, readTextFile, TextInputError } from './text-input';

/** A price file is a few KB; anything near this is not one. */
const MAX_PRICES_BYTES = 256 * 1024;

interface Source {
  page: string;
  read: string;
  note?: string;
}

export interface TransferPrice extends Source {
  from: string;
  to: string;
  perGB: number | null;
}

export interface StoragePrice extends Source {
  region: string;
  perGBMonth: number | null;
}

export interface PriceTable {
  currency: string;
  /** Where the table came from: "built in" or the --prices file. */
  origin: string;
  clouds: Partial<Record<CloudKind, { transfer: TransferPrice[]; storage: StoragePrice[] }>>;
}

function globMatches(pattern: string, value: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`).test(value);
}

export function transferPrice(table: PriceTable, cloud: CloudKind, from: string, to: string): TransferPrice | undefined {
  return table.clouds[cloud]?.transfer.find((p) => globMatches(p.from, from) && globMatches(p.to, to));
}

export function storagePrice(table: PriceTable, cloud: CloudKind, region: string): StoragePrice | undefined {
  return table.clouds[cloud]?.storage.find((p) => globMatches(p.region, region));
}

type Problems = FieldProblem[];

function text(value: unknown, field: string, problems: Problems): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  problems.push({ field, rule: 'must be a non-empty string' });
  return '';
}

function price(value: unknown, field: string, problems: Problems): number | null {
  if (value === null || (typeof value === 'number' && Number.isFinite(value) && value >= 0)) return value;
  problems.push({ field, rule: 'must be a number of at least 0, or null when unknown' });
  return null;
}

function source(entry: Record<string, unknown>, at: string, problems: Problems): Source {
  const page = text(entry.page, `${at}.page`, problems);
  if (page !== '' && !/^https?:\/\//.test(page)) problems.push({ field: `${at}.page`, rule: 'must be the URL of the public page the price was read from' });
  const read = text(entry.read, `${at}.read`, problems);
  if (read !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(read)) problems.push({ field: `${at}.read`, rule: 'must be the date the price was read, YYYY-MM-DD' });
  return { page, read, ...(typeof entry.note === 'string' ? { note: entry.note } : {}) };
}

function entries<T>(value: unknown, at: string, problems: Problems, one: (entry: Record<string, unknown>, at: string) => T): T[] {
  if (!Array.isArray(value)) {
    problems.push({ field: at, rule: 'must be a list of prices' });
    return [];
  }
  return value.flatMap((entry, i) => {
    if (isPlainObject(entry)) return [one(entry, `${at}[${i}]`)];
    problems.push({ field: `${at}[${i}]`, rule: 'must be an object' });
    return [];
  });
}

/** Checks a price table's layout; every problem is named by its path, as policy problems are. */
function parsePriceTable(value: unknown, origin: string): PriceTable {
  const problems: Problems = [];
  if (!isPlainObject(value)) throw new InputError('InvalidInput', [{ field: '--prices', rule: 'must hold a JSON object' }]);
  const currency = text(value.currency, 'currency', problems);
  const clouds: PriceTable['clouds'] = {};
  if (!isPlainObject(value.clouds)) problems.push({ field: 'clouds', rule: 'must be an object keyed by cloud' });
  else {
    for (const [cloud, prices] of Object.entries(value.clouds)) {
      const at = `clouds.${cloud}`;
      if (!(CLOUD_KINDS as readonly string[]).includes(cloud)) {
        problems.push({ field: at, rule: `must be one of ${CLOUD_KINDS.join(', ')}` });
        continue;
      }
      if (!isPlainObject(prices)) {
        problems.push({ field: at, rule: 'must be an object with transfer and storage lists' });
        continue;
      }
      clouds[cloud as CloudKind] = {
        transfer: entries(prices.transfer, `${at}.transfer`, problems, (e, p) => ({ from: text(e.from, `${p}.from`, problems), to: text(e.to, `${p}.to`, problems), perGB: price(e.perGB, `${p}.perGB`, problems), ...source(e, p, problems) })),
        storage: entries(prices.storage, `${at}.storage`, problems, (e, p) => ({ region: text(e.region, `${p}.region`, problems), perGBMonth: price(e.perGBMonth, `${p}.perGBMonth`, problems), ...source(e, p, problems) })),
      };
    }
  }
  if (problems.length > 0) throw new InputError('InvalidInput', problems.map((p) => ({ ...p, field: `${origin}: ${p.field}` })));
  return { currency, origin, clouds };
}

/** The table built into the command (data/prices.json), or the --prices file. */
export function loadPriceTable(file: string | undefined): PriceTable {
  if (file === undefined) return parsePriceTable(builtIn, 'data/prices.json (built in)');
  let parsed: unknown;
  try {
    parsed = parseJsonText(readTextFile(file, MAX_PRICES_BYTES));
  } catch (error) {
    if (!(error instanceof TextInputError)) throw error;
    throw new InputError('InvalidInput', [{ field: '--prices', rule: error.rule, value: file }]);
  }
  return parsePriceTable(parsed, file);
}
