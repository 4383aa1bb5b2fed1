// Timelock interoperability (SPEC §10.9) with drand's JavaScript implementation,
// tlock-js from npm: the list fairdraw locked in the sealed vector opens in tlock-js,
// and a list tlock-js locks opens with `fairdraw open` into the very public document
// that was sealed. Both sides run offline: tlock-js gets the chain's pinned facts and
// the real quicknet round 1000 from the beacon vectors, and verifies that round itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { timelockEncrypt, timelockDecrypt } = require('tlock-js');

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const vectors = path.join(repoRoot, 'tests', 'vectors');
const SEALED = JSON.parse(readFileSync(path.join(vectors, 'spec', 'format2-sealed-small.json'), 'utf8'));
const AUDITOR_PATH = path.join(vectors, 'spec', 'format2-auditor-small.json');
const PUBLIC_BYTES = readFileSync(path.join(vectors, 'spec', 'format2-public-small.json'));
const ROUNDS = JSON.parse(readFileSync(path.join(vectors, 'beacons', 'drand-rounds.json'), 'utf8')).vectors;
const CHAINS = JSON.parse(readFileSync(path.join(vectors, 'beacons', 'drand-chains.json'), 'utf8'));

const binary = () => path.join(process.env.CARGO_TARGET_DIR || path.join(repoRoot, 'target'), 'debug', 'fairdraw');

/** A drand client for tlock-js that serves quicknet's pinned facts and the rounds given. */
function offlineQuicknet(rounds) {
  const q = Object.values(CHAINS).find((c) => c && c.beacon_id === 'quicknet')
    || Object.values(CHAINS.chains || {}).find((c) => c.beacon_id === 'quicknet');
  const info = {
    public_key: q.public_key,
    period: q.period,
    genesis_time: q.genesis_time,
    hash: q.chain_hash,
    groupHash: q.genesis_seed_aka_groupHash,
    schemeID: q.scheme,
    metadata: { beaconID: 'quicknet' },
  };
  return {
    options: {
      disableBeaconVerification: false,
      noCache: true,
      chainVerificationParams: { chainHash: q.chain_hash, publicKey: q.public_key },
    },
    chain: () => ({ baseUrl: 'offline:', info: async () => info }),
    get: async (round) => {
      const r = rounds.find((v) => v.round === round);
      if (!r) throw new Error(`round ${round} is not among the vectors`);
      return { round, randomness: r.randomness, signature: r.signature };
    },
    latest: async () => { throw new Error('offline'); },
  };
}

const quicknet1000 = ROUNDS.find((v) => v.scheme === 'bls-unchained-g1-rfc9380' && v.round === 1000 && v.expect === true);

/** The reveal fairdraw locked (SPEC §10.9): JCS of the public document's result and revealed. */
function revealOfPublic() {
  const p = JSON.parse(PUBLIC_BYTES.toString('utf8'));
  return { result: p.result, revealed: p.revealed };
}

test('a list fairdraw time-locked opens in tlock-js', async () => {
  assert.equal(SEALED.timelock.round, 1000);
  const plain = await timelockDecrypt(SEALED.timelock.ciphertext, offlineQuicknet([quicknet1000]));
  assert.deepEqual(JSON.parse(plain.toString('utf8')), revealOfPublic());
});

test('a list tlock-js time-locked opens with fairdraw open, byte for byte the sealed public document', async () => {
  const client = offlineQuicknet([quicknet1000]);
  // The exact plaintext fairdraw locks, as tlock-js reads it back from the vector.
  const plain = await timelockDecrypt(SEALED.timelock.ciphertext, client);
  const theirs = await timelockEncrypt(1000, plain, client);
  const dir = mkdtempSync(path.join(tmpdir(), 'fairdraw-tlock-'));
  const sealedPath = path.join(dir, 'sealed.json');
  writeFileSync(sealedPath, JSON.stringify({ ...SEALED, timelock: { ...SEALED.timelock, ciphertext: theirs } }));
  const roundPath = path.join(dir, 'round.json');
  writeFileSync(roundPath, JSON.stringify({ round: 1000, signature: quicknet1000.signature }));
  execFileSync('cargo', ['build', '--quiet', '--bin', 'fairdraw'], { cwd: repoRoot, stdio: 'inherit' });
  // The public document as the department writes it from the auditor document.
  const published = path.join(dir, 'published.json');
  const made = spawnSync(binary(), ['public', AUDITOR_PATH, '--out', published], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stdout + made.stderr);
  assert.deepEqual(JSON.parse(readFileSync(published, 'utf8')), JSON.parse(PUBLIC_BYTES.toString('utf8')));
  const out = path.join(dir, 'public.json');
  const opened = spawnSync(binary(), ['open', sealedPath, '--beacon-file', roundPath, '--out', out], { encoding: 'utf8' });
  assert.equal(opened.status, 0, opened.stdout + opened.stderr);
  assert.ok(readFileSync(out).equals(readFileSync(published)), 'the opened document is the published one, byte for byte');

  // Another round does not open it: round 123 is real, but not the one it was locked to.
  const other = ROUNDS.find((v) => v.scheme === 'bls-unchained-g1-rfc9380' && v.round === 123 && v.expect === true);
  writeFileSync(roundPath, JSON.stringify({ round: 123, signature: other.signature }));
  const refused = spawnSync(binary(), ['open', sealedPath, '--beacon-file', roundPath, '--out', path.join(dir, 'x.json')], { encoding: 'utf8' });
  assert.equal(refused.status, 2, refused.stdout + refused.stderr);
  assert.match(refused.stdout + refused.stderr, /wrong round/);
});
