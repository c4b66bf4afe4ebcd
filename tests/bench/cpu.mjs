// CPU per request for the province-scale bench scripts (lists.mjs, and hazards.mjs and
// reporting.mjs through suite.mjs), counted as run.sh counts it for its own scenarios: user +
// system time from /proc/PID/stat of the Anquan server (BENCH_SERVER_PID, set by bench.sh) and
// of PostgreSQL (the postmaster found through its socket's lock file, the children it has reaped,
// and every live child: backends, checkpointer, WAL writer, autovacuum), over a wrk run, divided
// by the requests it completed. A figure that cannot be read is null (printed "-").
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const HZ = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** The fields after "pid (comm) " of /proc/PID/stat, or null. @param {string} pid */
function stat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(') ') + 2).split(' ');
  } catch { return null; }
}

/**
 * A meter of the server's and PostgreSQL's CPU: start() before a run, stop(requests) after it
 * returns { server, pg } in milliseconds per request (or null).
 * @param {string} host the cluster's socket directory @param {string|number} port
 */
export function cpuMeter(host, port) {
  const serverPid = process.env.BENCH_SERVER_PID || null;
  let pm = null;
  try { pm = readFileSync(`${host}/.s.PGSQL.${port}.lock`, 'utf8').split('\n')[0].trim() || null; } catch { /* none */ }
  const ticks = () => {
    const s = serverPid ? stat(serverPid) : null;
    let pg = null;
    if (pm && stat(pm)) {
      pg = 0;
      for (const pid of readdirSync('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        const f = stat(pid);
        // f[1] ppid, f[11] utime, f[12] stime, f[13] cutime, f[14] cstime
        if (!f) continue;
        if (pid === pm) pg += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
        else if (f[1] === pm) pg += Number(f[11]) + Number(f[12]);
      }
    }
    return { server: s ? Number(s[11]) + Number(s[12]) : null, pg };
  };
  /** @type {{server: number|null, pg: number|null}} */
  let t0 = { server: null, pg: null };
  const per = (/** @type {number|null} */ a, /** @type {number|null} */ b, /** @type {number} */ n) =>
    a === null || b === null || !(n > 0) ? null : ((b - a) * 1000) / HZ / n;
  return {
    start() { t0 = ticks(); },
    /** @param {number} requests */
    stop(requests) {
      const t1 = ticks();
      return { server: per(t0.server, t1.server, requests), pg: per(t0.pg, t1.pg, requests) };
    },
  };
}

/** "0.123" or "-". @param {number|null} ms */
export const msText = (ms) => (ms === null ? '-' : ms.toFixed(3));
