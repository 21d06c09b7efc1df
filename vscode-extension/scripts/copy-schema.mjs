// Copies the scenario file format's JSON Schema into the extension, where its
// `yamlValidation` contribution points (schemas/scenario.schema.json). The
// schema is generated from the Python core into ../schema/; SCENARIO_SCHEMA
// may point at another copy.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const extensionDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(process.env.SCENARIO_SCHEMA ?? join(extensionDir, '..', 'schema', 'scenario.schema.json'));
const target = join(extensionDir, 'schemas', 'scenario.schema.json');

let text;
try {
  text = readFileSync(source, 'utf8');
} catch (error) {
  console.error(`copy-schema: cannot read the scenario JSON Schema at ${source} (${error.code ?? error.message}).`);
  console.error('It is generated from the core; to make one for a local build:');
  console.error(`  python -c "import json; from scenario_core.format import json_schema; print(json.dumps(json_schema(), indent=2))" > /tmp/scenario.schema.json`);
  console.error('  SCENARIO_SCHEMA=/tmp/scenario.schema.json npm run build');
  process.exit(1);
}
const schema = JSON.parse(text);
if (typeof schema !== 'object' || schema === null || schema.type !== 'object') {
  console.error(`copy-schema: ${source} is not the scenario file schema (expected a JSON object schema).`);
  process.exit(1);
}
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
console.log(`copy-schema: ${source} -> ${target}`);
