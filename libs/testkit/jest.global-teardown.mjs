// Jest global teardown: stop containers the global setup started (none when the servers came from the env).
export default async function teardown() {
  await globalThis.__folioStopContainers?.();
}
