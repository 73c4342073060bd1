// The api's own settings, on top of the shared service and Kafka environment. Every limit of the edge lives here.
import { booleanFromString, z } from '@folio/config';
import { objectStoreEnv } from '@folio/object-store';

/** An optional setting left empty (`S3_PUBLIC_ENDPOINT: ""` in a chart's env) counts as not set. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const apiEnv = {
  /** PostgreSQL: tenants, API keys, the api's submissions and the read models. */
  DATABASE_URL: z.string().min(1),
  /** Most PostgreSQL connections of one replica. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** Topic new requests and cancellations are published to (tests use a unique one). */
  INTAKE_TOPIC: z.string().min(1).default('folio.intake.v1'),
  /** Topic operator commands (erasure) are published to. */
  OPERATOR_COMMANDS_TOPIC: z.string().min(1).default('folio.operator-commands.v1'),
  /** Country a hotel phone without + is read in (ISO 3166-1 alpha-2). */
  DEFAULT_PHONE_COUNTRY: z.string().regex(/^[A-Z]{2}$/).default('US'),
  /** Accept the North American numbers reserved for fiction (555-0100..0199, the simulated hotels): dev and tests only. */
  ACCEPT_FICTIONAL_PHONE_NUMBERS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Most nights one stay may have. */
  STAY_MAX_NIGHTS: z.coerce.number().int().min(1).max(366).default(90),
  /** How many days in the past a check-out may be. */
  STAY_MAX_DAYS_SINCE_CHECK_OUT: z.coerce.number().int().min(1).max(3650).default(730),
  /** How many days ahead a check-in may be. */
  STAY_MAX_DAYS_UNTIL_CHECK_IN: z.coerce.number().int().min(0).max(3650).default(365),
  /** Largest JSON body, in bytes. */
  JSON_BODY_MAX_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(1_000_000),
  /** Most items in one POST /v1/records:batch. */
  BATCH_MAX_ITEMS: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Largest CSV upload, in bytes. */
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(2_000_000_000).default(100_000_000),
  /** Most data rows in one CSV upload. */
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  /** Valid rows published per Kafka batch during an import (bounds memory). */
  IMPORT_CHUNK_ROWS: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Most items in one page of GET /v1/records. */
  LIST_MAX_LIMIT: z.coerce.number().int().min(1).max(1000).default(100),
  /** How long an API key lookup is cached, in ms (a revoked key works at most this long). */
  API_KEY_CACHE_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),

  /** Object store of call recordings, transcripts and folio documents, which the api links to (presigned GET URLs). */
  ...objectStoreEnv,
  /**
   * Endpoint clients must use to fetch a link (signed for that host), when the api reaches the store by an internal
   * name (http://s3mock:9090 in a cluster, a public https host outside); default: S3_ENDPOINT.
   */
  S3_PUBLIC_ENDPOINT: optional(z.url()),
  /** Bucket of recordings/<callId>.wav and transcripts/<callId>.json; default: S3_BUCKET (the caller's), else folio-calls. */
  CALLS_BUCKET: optional(z.string().min(3)),
  /** The caller's bucket name, read only as the default of CALLS_BUCKET (the chart sets it for the s3 integration). */
  S3_BUCKET: optional(z.string().min(3)),
  /** Bucket of folio documents (a documentKey that is not an s3://bucket/key URL), as the inbox and mailer name it. */
  DOCUMENTS_BUCKET: z.string().min(3).default('folio-documents'),
  /** How long a link to a recording, transcript or folio document works, in seconds (SigV4 allows at most 7 days). */
  RECORDING_LINK_TTL_SECONDS: z.coerce.number().int().min(1).max(604_800).default(900),
};
