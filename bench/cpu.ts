// bench: CPU time, not wall time, spent by each process of the local runtime (the API process, DynamoDB Local's
// JVM) and by the load generator over a measurement: what a registration costs the machine beside its one
// argon2id hash. CPU time holds still on a busy machine where latencies do not. Linux only (/proc).
import { readdir, readFile } from 'node:fs/promises';

/** Kernel clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU ms (user + system) used so far by each process, by role. */
export interface CpuSnapshot {
  readonly byRole: Readonly<Record<string, number>>;
}

/** CPU ms one process has used, from /proc/<pid>/stat (fields 14 and 15); undefined if it is gone. */
const processCpuMs = async (pid: string): Promise<number | undefined> => {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
};

/**
 * CPU ms used so far by this process (`load generator`) and by every process whose command line mentions
 * `folder` (the bench's work folder), each given a role by `roleOf` (processes it names undefined are left out).
 */
const cpuSnapshot = async (
  folder: string,
  roleOf: (commandLine: string) => string | undefined,
): Promise<CpuSnapshot> => {
  const own = process.cpuUsage();
  const byRole: Record<string, number> = { 'load generator': (own.user + own.system) / 1000 };
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, 'utf8')
      .then((text) => text.replaceAll('\0', ' '))
      .catch(() => '');
    if (!commandLine.includes(folder)) continue;
    const role = roleOf(commandLine);
    const ms = role === undefined ? undefined : await processCpuMs(entry);
    if (role !== undefined && ms !== undefined) byRole[role] = (byRole[role] ?? 0) + ms;
  }
  return { byRole };
};

/** CPU ms per operation of each role between two snapshots, largest first, with their total. */
const cpuPerOperation = (
  before: CpuSnapshot,
  after: CpuSnapshot,
  operations: number,
): { readonly byRole: Readonly<Record<string, number>>; readonly totalMs: number } => {
  const byRole = Object.fromEntries(
    Object.entries(after.byRole)
      .map(([role, ms]): [string, number] => [role, (ms - (before.byRole[role] ?? 0)) / Math.max(1, operations)])
      .sort((a, b) => b[1] - a[1]),
  );
  return { byRole, totalMs: Object.values(byRole).reduce((sum, ms) => sum + ms, 0) };
};

export { cpuPerOperation, cpuSnapshot, processCpuMs };
