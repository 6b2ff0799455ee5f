/**
 * CBS times on the wire: answers give naive "2006-01-02 15:04:05" times in China Standard Time
 * (UTC+8, no DST; docs/api-facts.md § "CBS DescribeSnapshots"); a Deadline parameter may be ISO 8601
 * with a zone, or naive in that same zone.
 */
const API_TIME_OFFSET_MS = 8 * 3600 * 1000;

/** "2006-01-02 15:04:05" in the API's time zone. */
export function apiTime(ms: number): string {
  return new Date(ms + API_TIME_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Parses a time parameter: ISO 8601 with a zone, or a naive "YYYY-MM-DD HH:mm:ss" in the API's time zone. */
export function parseApiTime(text: string): number | undefined {
  const naive = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(text);
  if (naive) {
    const ms = Date.parse(`${naive[1]}T${naive[2]}Z`) - API_TIME_OFFSET_MS;
    // A round trip refuses dates such as 02-30 that Date.parse quietly rolls over.
    return Number.isNaN(ms) || apiTime(ms) !== `${naive[1]} ${naive[2]}` ? undefined : ms;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
