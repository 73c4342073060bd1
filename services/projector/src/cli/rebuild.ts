// `make rebuild-projections`: empties the read models and replays the compacted topics into them.
import { rebuildProjections } from '../rebuild.js';

try {
  const result = await rebuildProjections({ env: process.env, log: (m) => console.log(m) });
  console.log(`rebuild done: group ${result.groupId}, ${result.durationMs} ms`);
} catch (error) {
  console.error(`rebuild failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
