// deploy/pg.sh, the local cluster behind `make run` and `make test`: the `make run` cluster keeps
// its data through a crash and lets nobody in but through its socket; the throwaway clusters are
// fast; a clone in a private folder (root's home) still gets a cluster.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, chmodSync, statSync, lstatSync, existsSync, appendFileSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../../', import.meta.url).pathname);
const PG_SH = join(ROOT, 'deploy/pg.sh');
const BASE_PORT = Number(process.env.ANQUAN_TEST_PG_PORT || 54339) + 71;
const isRoot = process.getuid() === 0;
const SU = isRoot ? 'postgres' : process.env.USER;
const made = [];

function pg(...args) {
  return execFileSync(PG_SH, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
function psql(dir, port, user, sql, { host } = {}) {
  return spawnSync('psql', ['-X', '-At', '-w', '-h', host ?? join(dir, 'run'), '-p', String(port), '-U', user, '-d', 'anquan', '-c', sql],
    { encoding: 'utf8', env: { ...process.env, PGPASSWORD: '', PGCONNECT_TIMEOUT: '5' } });
}
function cluster(name, port, mode) {
  const dir = join(ROOT, 'var/test/deploy', name);
  made.push([dir, port]);
  pg('init', dir, String(port), mode);
  return dir;
}
after(() => { for (const [dir, port] of made) spawnSync(PG_SH, ['drop', dir, String(port)], { cwd: ROOT }); });

const setting = (dir, port, name) => psql(dir, port, SU, `SHOW ${name}`).stdout.trim();

test('the make run cluster is durable: fsync, full_page_writes and synchronous_commit are on', () => {
  const dir = cluster('durable', BASE_PORT, 'durable');
  for (const s of ['fsync', 'full_page_writes', 'synchronous_commit']) assert.equal(setting(dir, BASE_PORT, s), 'on', s);
});

test('the make run cluster admits nobody over TCP without a password, and its socket folder is private', () => {
  const dir = join(ROOT, 'var/test/deploy/durable');
  const tcp = psql(dir, BASE_PORT, 'anquan_app', 'SELECT 1', { host: '127.0.0.1' });
  assert.notEqual(tcp.status, 0, 'TCP without a password is refused');
  assert.match(tcp.stderr, /password/i, tcp.stderr);
  const su = psql(dir, BASE_PORT, SU, 'SELECT 1', { host: '127.0.0.1' });
  assert.notEqual(su.status, 0, 'not even the superuser gets in over TCP without a password');
  assert.equal(statSync(join(dir, 'run')).mode & 0o777, 0o700, 'socket folder mode 0700');
  // the socket still admits the project's roles, by peer authentication
  assert.equal(psql(dir, BASE_PORT, 'anquan_app', 'SELECT 1').stdout.trim(), '1');
  assert.equal(psql(dir, BASE_PORT, 'anquan_owner', 'SELECT 1').stdout.trim(), '1');
});

test('an older cluster (fsync off, trust everywhere) is made durable and closed by the next make run', () => {
  const dir = join(ROOT, 'var/test/deploy/durable');
  pg('stop', dir, String(BASE_PORT));
  appendFileSync(join(dir, 'data/postgresql.conf'), "# Anquan local development settings\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\nshared_buffers = 256MB\ntimezone = 'UTC'\n");
  writeFileSync(join(dir, 'data/anquan.conf'), 'fsync = off\n');
  writeFileSync(join(dir, 'data/pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  pg('init', dir, String(BASE_PORT), 'durable');
  assert.equal(setting(dir, BASE_PORT, 'fsync'), 'on');
  assert.equal(setting(dir, BASE_PORT, 'synchronous_commit'), 'on');
  assert.notEqual(psql(dir, BASE_PORT, 'anquan_app', 'SELECT 1', { host: '127.0.0.1' }).status, 0, 'TCP closed again');
});

test('the throwaway test cluster is fast (fsync off) and closed over TCP as well', () => {
  const dir = cluster('fast', BASE_PORT + 1, 'fast');
  assert.equal(setting(dir, BASE_PORT + 1, 'fsync'), 'off');
  assert.equal(setting(dir, BASE_PORT + 1, 'full_page_writes'), 'off');
  assert.notEqual(psql(dir, BASE_PORT + 1, 'anquan_app', 'SELECT 1', { host: '127.0.0.1' }).status, 0);
});

test('a clone in a private folder (mode 0700, as root\'s home) still gets a cluster, and drop removes it whole', { skip: !isRoot && 'only root meets folders the postgres user cannot enter' }, () => {
  const home = mkdtempSync('/tmp/anquan-private-');
  chmodSync(home, 0o700);
  const dir = join(home, 'clone/var/pg');
  mkdirSync(join(home, 'clone'), { recursive: true });
  try {
    pg('init', dir, String(BASE_PORT + 2), 'fast');
    assert.ok(lstatSync(dir).isSymbolicLink(), 'the cluster folder is a link to where postgres can reach');
    assert.equal(psql(dir, BASE_PORT + 2, 'anquan_app', 'SELECT 1').stdout.trim(), '1');
    const target = execFileSync('readlink', ['-f', dir], { encoding: 'utf8' }).trim();
    assert.match(target, /^\/var\/lib\/anquan\/clusters\//);
    pg('drop', dir, String(BASE_PORT + 2));
    assert.ok(!existsSync(target), 'drop removed the data');
    assert.ok(!existsSync(dir), 'and the link');
  } finally {
    spawnSync(PG_SH, ['drop', dir, String(BASE_PORT + 2)], { cwd: ROOT });
    rmSync(home, { recursive: true, force: true });
  }
});

test('drop of an ordinary cluster (not a clone\'s link) succeeds, so a script under set -e goes on', () => {
  const dir = cluster('dropped', BASE_PORT + 5, 'fast');
  const res = spawnSync(PG_SH, ['drop', dir, String(BASE_PORT + 5)], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(res.status, 0, `drop exits 0: ${res.stderr}`);
  assert.ok(!existsSync(dir), 'drop removed the cluster');
});
