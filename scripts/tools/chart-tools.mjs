#!/usr/bin/env node
// Offline checks for rendered Kubernetes manifests and the chart README, with pinned tools kept outside the workspaces.
// The tools (scripts/tools/chart-tools/package-lock.json) are installed with `npm ci` into .infra/tools/chart-tools
// the first time, and again whenever the lock file changes.
//   node scripts/tools/chart-tools.mjs validate <file.yaml|->  JSON report: documents, errors, skipped kinds
//   node scripts/tools/chart-tools.mjs parse <file.yaml|->     multi-document YAML as a JSON array
//   node scripts/tools/chart-tools.mjs readme <chart-dir>      regenerate <chart-dir>/README.md from `## @param`
//   node scripts/tools/chart-tools.mjs readme-check <chart-dir> exit 1 when README.md is not what `readme` would write
//   node scripts/tools/chart-tools.mjs install                 install the tools only
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const source = join(root, 'scripts', 'tools', 'chart-tools');
const target = join(process.env.INFRA_DIR ?? join(root, '.infra'), 'tools', 'chart-tools');

export function installTools() {
  const lock = readFileSync(join(source, 'package-lock.json'));
  const digest = createHash('sha256').update(lock).update(readFileSync(join(source, 'package.json'))).digest('hex');
  const stamp = join(target, '.installed');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return target;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  copyFileSync(join(source, 'package.json'), join(target, 'package.json'));
  copyFileSync(join(source, 'package-lock.json'), join(target, 'package-lock.json'));
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false'], {
    cwd: target,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  writeFileSync(stamp, digest);
  return target;
}

const toolModule = (...parts) => pathToFileURL(join(target, 'node_modules', ...parts)).href;

// Where each apiVersion's models live; anything else (e.g. Strimzi) is reported as skipped.
function modelFile(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === 'keda.sh') return ['@kubernetes-models', 'keda', group, version, `${kind}.js`];
  if (group === 'monitoring.coreos.com') return ['@kubernetes-models', 'prometheus-operator', group, version, `${kind}.js`];
  const dir = group === '' ? [version] : [group, version];
  const file = join(target, 'node_modules', 'kubernetes-models', ...dir, `${kind}.js`);
  return existsSync(file) ? ['kubernetes-models', ...dir, `${kind}.js`] : undefined;
}

async function parseAll(text) {
  const YAML = await import(toolModule('yaml', 'dist', 'index.js'));
  const docs = YAML.parseAllDocuments(text);
  const errors = docs.flatMap((d, i) => d.errors.map((e) => `document ${i}: ${e.message}`));
  if (errors.length > 0) throw new Error(`invalid YAML:\n${errors.join('\n')}`);
  return docs.map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
}

async function validate(text) {
  const documents = await parseAll(text);
  const errors = [];
  const skipped = new Set();
  for (const doc of documents) {
    const where = `${doc.kind ?? '?'}/${doc.metadata?.name ?? '?'}`;
    if (typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') {
      errors.push(`${where}: apiVersion and kind are required`);
      continue;
    }
    const file = modelFile(doc.apiVersion, doc.kind);
    const url = file && toolModule(...file);
    if (!url || !existsSync(fileURLToPath(url))) {
      skipped.add(`${doc.apiVersion}/${doc.kind}`);
      continue;
    }
    const mod = await import(url);
    const Model = mod[doc.kind];
    try {
      new Model(doc).validate();
    } catch (e) {
      errors.push(`${where} (${doc.apiVersion}): ${e.message}`);
    }
  }
  return { documents, errors, skipped: [...skipped].sort() };
}

function readInput(arg) {
  return readFileSync(arg === undefined || arg === '-' ? 0 : arg, 'utf8');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, arg] = process.argv.slice(2);
  installTools();
  if (command === 'install') {
    console.log(target);
  } else if (command === 'parse') {
    process.stdout.write(JSON.stringify(await parseAll(readInput(arg))));
  } else if (command === 'validate') {
    const report = await validate(readInput(arg));
    process.stdout.write(JSON.stringify(report));
    process.exitCode = report.errors.length > 0 ? 1 : 0;
  } else if (command === 'readme' || command === 'readme-check') {
    const chart = resolve(arg ?? join(root, 'helm', 'folio'));
    const readme = join(chart, 'README.md');
    // The generator edits the README in place; the check runs it on a copy and compares.
    const scratch = command === 'readme-check' ? mkdtempSync(join(tmpdir(), 'folio-readme-')) : undefined;
    const out = scratch ? join(scratch, 'README.md') : readme;
    if (scratch) copyFileSync(readme, out);
    try {
      execFileSync(
        process.execPath,
        [join(target, 'node_modules', '@bitnami', 'readme-generator-for-helm', 'bin', 'index.js'),
          '--values', join(chart, 'values.yaml'), '--readme', out],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
      if (scratch && readFileSync(out, 'utf8') !== readFileSync(readme, 'utf8')) {
        console.error(`${readme} is out of date: run \`make chart-docs\``);
        process.exitCode = 1;
      }
    } finally {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
  } else {
    console.error('usage: chart-tools.mjs validate|parse <file|-> | readme|readme-check <chart-dir> | install');
    process.exitCode = 2;
  }
}
