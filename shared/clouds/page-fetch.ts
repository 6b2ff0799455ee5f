/**
 * Makes one page request of a listing. Callers pass one that retries the page on its own:
 * restarting a whole listing instead would rarely get through a region of many pages under throttling.
 */
export type PageFetch = <T>(fetch: () => Promise<T>) => Promise<T>;

/** One request, as it is. */
export const directPage: PageFetch = (fetch) => fetch();
