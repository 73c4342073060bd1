// Jest global setup of the int and e2e projects: make sure the servers the tests talk to exist
// (from the environment, or as containers when a Docker engine is present). Uses the built testkit.
import { ensureInfrastructure } from '@folio/testkit';

export default async function setup() {
  const stop = await ensureInfrastructure();
  if (stop) globalThis.__folioStopContainers = stop;
}
