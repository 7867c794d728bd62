/**
 * What a process costs, read from Linux's /proc (no extra packages): CPU time, resident memory and
 * its peak, and how busy the whole machine was, so a benchmark can tell server cost from its own.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

let ticks: number | null = null;

/** USER_HZ, the unit of the CPU times in /proc/<pid>/stat (100 nearly everywhere). */
export function clockTicksPerSecond(): number {
  if (ticks === null) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** User + system CPU seconds the process has used so far; null once it is gone. */
export function processCpuSeconds(pid: number): number | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond();
}

/** VmRSS (now) and VmHWM (peak since the process started), in bytes; null once it is gone. */
export function processMemory(pid: number): { rss: number; peak: number } | null {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Jiffies the machine spent busy and in total, over all cores (first line of /proc/stat). */
export function machineCpu(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...nums] = line.trim().split(/\s+/);
  const v = nums.map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  // idle + iowait are not busy.
  return { busy: total - (v[3] ?? 0) - (v[4] ?? 0), total };
}

/** CPU time a set of processes used from `start()` on, sampled so processes that come and go count too. */
export class CpuOfProcesses {
  private readonly baseline = new Map<number, number>();
  private readonly latest = new Map<number, number>();
  private started = false;

  /** Records the processes that exist now; what they used before is not counted. */
  start(pids: readonly number[]): void {
    for (const pid of pids) {
      const cpu = processCpuSeconds(pid);
      if (cpu !== null) {
        this.baseline.set(pid, cpu);
        this.latest.set(pid, cpu);
      }
    }
    this.started = true;
  }

  /** Call often: a process first seen here was born after start(), so all of its time counts. */
  sample(pids: readonly number[]): void {
    if (!this.started) return;
    for (const pid of pids) {
      const cpu = processCpuSeconds(pid);
      if (cpu === null) continue;
      if (!this.baseline.has(pid)) this.baseline.set(pid, 0);
      this.latest.set(pid, cpu);
    }
  }

  seconds(): number {
    let sum = 0;
    for (const [pid, cpu] of this.latest) sum += cpu - (this.baseline.get(pid) ?? 0);
    return sum;
  }
}
