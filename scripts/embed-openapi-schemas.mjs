// An esbuild plugin for @seriousme/openapi-schema-validator, which reads the JSON Schemas of the
// OpenAPI versions from files next to its module at run time. A bundle has no such files, so the
// plugin imports the schemas statically and lets the module look them up by the same names.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const MODULE = /[\\/]@seriousme[\\/]openapi-schema-validator[\\/]index\.js$/;
const READER = /function importJSON\(file\) \{[^}]*\}/;

/** @type {import('esbuild').Plugin} */
export const embedOpenApiSchemas = {
  name: 'embed-openapi-schemas',
  setup(build) {
    build.onLoad({ filter: MODULE }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!READER.test(source)) {
        throw new Error(
          `${args.path} no longer has the importJSON function that the build replaces.`,
        );
      }
      const folder = path.join(path.dirname(args.path), 'schemas');
      const versions = readdirSync(folder)
        .filter((name) => /^v[0-9.]+$/.test(name))
        .sort();
      const imports = versions.map(
        (version, index) => `import schema${index} from './schemas/${version}/schema.json';`,
      );
      const entries = versions.map(
        (version, index) => `'./schemas/${version}/schema.json': schema${index}`,
      );
      const reader =
        `const EMBEDDED_SCHEMAS = { ${entries.join(', ')} };\n` +
        'function importJSON(file) { return structuredClone(EMBEDDED_SCHEMAS[file]); }';
      return {
        contents: `${imports.join('\n')}\n${source.replace(READER, reader)}`,
        loader: 'js',
        resolveDir: path.dirname(args.path),
      };
    });
  },
};
