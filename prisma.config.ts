import { defineConfig } from 'prisma/config';

// The datasource URL is not needed to generate the client; migrations run through scripts/migrate.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
