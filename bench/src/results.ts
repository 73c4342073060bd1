// Where benchmark figures go: one JSON file per benchmark under bench/results/, with the machine it ran on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../results/', import.meta.url));

export function writeResult(name: string, figures: Record<string, unknown>): string {
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${name}.json`;
  const result = {
    benchmark: name,
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    ...figures,
  };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  return file;
}
