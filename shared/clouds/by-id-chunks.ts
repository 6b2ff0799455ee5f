/** DescribeSnapshots on every service takes at most 100 snapshot ids per call. */
const IDS_PER_CALL = 100;

/**
 * Looks snapshots up by id, at most IDS_PER_CALL ids per request; without ids, one listing of
 * everything `fetch` filters on otherwise.
 */
export async function listByIdChunks<T>(ids: readonly string[] | undefined, fetch: (chunk?: { snapshotIds: string[] }) => Promise<T[]>): Promise<T[]> {
  if (!ids) return fetch();
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_CALL) out.push(...(await fetch({ snapshotIds: ids.slice(i, i + IDS_PER_CALL) })));
  return out;
}
