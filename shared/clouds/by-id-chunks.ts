/** DescribeSnapshots on every service takes at most 100 snapshot ids per call. */
export const IDS_PER_CALL = 100;

/** Looks snapshots up by id, at most IDS_PER_CALL ids per request. */
export async function listByIdChunks<T>(ids: readonly string[], fetch: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_CALL) out.push(...(await fetch(ids.slice(i, i + IDS_PER_CALL))));
  return out;
}
