// `node libs/db/dist/migrate-cli.js`: brings DATABASE_URL's schema up to date (the chart's migrations Job runs it
// from a service image that depends on @folio/db, the projector's by default). Extra arguments are ignored.
import { describeDatabase, migrate } from './migrate.js';

const url = process.env['DATABASE_URL'];
if (!url) {
  console.error('DATABASE_URL is not set');
  process.exit(2);
}
try {
  const applied = await migrate(url, { log: (line) => console.log(line) });
  console.log(applied.length === 0 ? `${describeDatabase(url)}: schema up to date` : `${describeDatabase(url)}: applied ${applied.join(', ')}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
