// Where tests find the schema registry: SCHEMA_REGISTRY_URL, set by scripts/infra/env.sh to the
// Confluent-compatible API of the local Apicurio Registry (scripts/infra/registry.sh).

/** The registry's Confluent-compatible base URL (no trailing slash), or an error saying how to start one. */
export function schemaRegistryUrl(env: Record<string, string | undefined> = process.env): string {
  const url = env['SCHEMA_REGISTRY_URL']?.trim();
  if (!url) {
    throw new Error(
      'SCHEMA_REGISTRY_URL is not set: run `scripts/infra/registry.sh up` and `source scripts/infra/env.sh` first',
    );
  }
  return url.replace(/\/+$/, '');
}
