/** How sizes, ages and times read in the command's tables. */

export function formatGb(gb: number): string {
  // Small ENS disks come in MiB: keep them from reading as zero.
  return `${Number.isInteger(gb) ? gb : gb < 1 ? gb.toFixed(2) : gb.toFixed(1)} GB`;
}

/** 45m, 5h 12m, 3d 4h: two units are enough to judge a copy's age. */
export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** 2026-11-22 10:58Z */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + 'Z';
}

export function fromTo(from: string, to: string): string {
  return `${from} → ${to || '-'}`;
}
