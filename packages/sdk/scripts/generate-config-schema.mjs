#!/usr/bin/env node
/**
 * Write the configuration file's JSON Schema (schema/kamkit.config.schema.json)
 * and its reference (docs/configuration.md), both generated from
 * KamkitConfigSchema in the built package. The build runs it after tsup;
 * run `pnpm --filter @kamkit/sdk build` after changing a schema (a test
 * fails when either file is out of date).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { kamkitConfigJsonSchema, renderConfigurationReference } = await import(join(root, 'dist/index.js'));

writeFileSync(
  join(root, 'schema/kamkit.config.schema.json'),
  `${JSON.stringify(kamkitConfigJsonSchema(), null, 2)}\n`,
);
writeFileSync(join(root, '../../docs/configuration.md'), renderConfigurationReference());
