import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** USER_HZ, which Linux fixes at 100 for every architecture it exports to user space. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcessMemory {
  /** Resident set size now. */
  rssBytes: number;
  /** The highest resident set size since the process started (VmHWM). */
  peakRssBytes: number;
}

/** Memory as the kernel counts it, which is what a container limit is held against. */
export function processMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rssBytes: kilobytes('VmRSS'), peakRssBytes: kilobytes('VmHWM') };
}

/** Sockets the process holds open: proof of how many connections it really had. */
export function openSockets(pid: number): number {
  let sockets = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets += 1;
    } catch {
      // The descriptor closed while we looked.
    }
  }
  return sockets;
}

/** CPU time the process has used (user and system), in seconds: a cost per request that other load on the machine moves little. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5), counted from the state field (3) here.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** The pids of a process's children, from the kernel (a cluster primary's workers). */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        // The parent's pid is the second field after the command's name (in parentheses).
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}
