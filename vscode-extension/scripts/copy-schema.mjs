// Copies the JSON Schemas of the format into the extension, where its
// `yamlValidation` contributions point (schemas/scenario.schema.json for
// scenario files, schemas/missions.schema.json for mission libraries). They
// are generated from the Python core into ../core/scenario_core/schemas/ (the
// Python package ships them too); SCENARIO_SCHEMA and MISSIONS_SCHEMA may point
// at other copies.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const extensionDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const schemas = [
  { name: 'scenario.schema.json', variable: 'SCENARIO_SCHEMA', generator: 'json_schema', what: 'scenario file' },
  { name: 'missions.schema.json', variable: 'MISSIONS_SCHEMA', generator: 'library_json_schema', what: 'mission library' },
];

for (const { name, variable, generator, what } of schemas) {
  const source = resolve(process.env[variable] ?? join(extensionDir, '..', 'core', 'scenario_core', 'schemas', name));
  const target = join(extensionDir, 'schemas', name);
  let text;
  try {
    text = readFileSync(source, 'utf8');
  } catch (error) {
    console.error(`copy-schema: cannot read the ${what} JSON Schema at ${source} (${error.code ?? error.message}).`);
    console.error('It is generated from the core; to make one for a local build:');
    console.error(`  python -c "import json; from scenario_core.checking.format import ${generator}; print(json.dumps(${generator}(), indent=2))" > /tmp/${name}`);
    console.error(`  ${variable}=/tmp/${name} npm run build`);
    process.exit(1);
  }
  const schema = JSON.parse(text);
  if (typeof schema !== 'object' || schema === null || schema.type !== 'object') {
    console.error(`copy-schema: ${source} is not the ${what} schema (expected a JSON object schema).`);
    process.exit(1);
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`copy-schema: ${source} -> ${target}`);
}
