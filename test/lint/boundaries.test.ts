// test/lint: the layering rules of eslint.config.js, run through ESLint's Node API on imports placed at
// virtual paths in each layer: every wrong import is reported by its boundary rule, an allowed one is not.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: repositoryRoot });

const PATHS_RULE = 'import-x/no-restricted-paths';
const PACKAGES_RULE = 'no-restricted-imports';
const NODE_MODULES_RULE = 'import-x/no-nodejs-modules';
const GLOBALS_RULE = 'no-restricted-globals';
const BOUNDARY_RULES = new Set([PATHS_RULE, PACKAGES_RULE, NODE_MODULES_RULE, GLOBALS_RULE]);

/** The boundary rules' reports for `code` linted as if it were the file at `path` (from the repository root). */
const boundaryReports = async (path: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath: join(repositoryRoot, path) });
  return (result?.messages ?? []).filter((message) => BOUNDARY_RULES.has(message.ruleId ?? ''));
};

describe('Config: eslint.config.js (layer boundaries)', () => {
  it.each([
    {
      crossing: 'the domain importing the DynamoDB client',
      path: 'shared/domain/registration/wrong.ts',
      code: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport { DynamoDBClient };\n",
      rule: PACKAGES_RULE,
    },
    {
      crossing: 'the domain importing Lambda types',
      path: 'shared/domain/wrong.ts',
      code: "import type { Context } from 'aws-lambda';\nexport type { Context };\n",
      rule: PACKAGES_RULE,
    },
    {
      crossing: 'the domain importing the HTTP layer',
      path: 'shared/domain/wrong.ts',
      code: "import { httpRoute } from '../http/route.js';\nexport { httpRoute };\n",
      rule: PATHS_RULE,
    },
    {
      crossing: 'the domain importing the HTTP layer through the #shared alias',
      path: 'shared/domain/session/wrong.ts',
      code: "import { httpRoute } from '#shared/http/route.js';\nexport { httpRoute };\n",
      rule: PATHS_RULE,
    },
    {
      crossing: 'the domain importing an adapter',
      path: 'shared/domain/session/wrong.ts',
      code: "import { nodeRandom } from '../../adapters/crypto/node-random.js';\nexport { nodeRandom };\n",
      rule: PATHS_RULE,
    },
    {
      crossing: 'the page importing the HTTP layer instead of the client',
      path: 'shared/page/src/views/wrong.ts',
      code: "import { ROUTES } from '../../../http/routes/index.js';\nexport { ROUTES };\n",
      rule: PATHS_RULE,
    },
    {
      crossing: 'an adapter importing the HTTP layer',
      path: 'shared/adapters/dynamodb/wrong.ts',
      code: "import { httpRoute } from '../../http/route.js';\nexport { httpRoute };\n",
      rule: PATHS_RULE,
    },
    {
      crossing: 'an adapter importing a handler',
      path: 'shared/adapters/wrong.ts',
      code: "import { handler } from '../../functions/register/handler.js';\nexport { handler };\n",
      rule: PATHS_RULE,
    },
    {
      crossing: 'a handler importing infra',
      path: 'functions/register/wrong.ts',
      code: "import { STAGE_CONFIGS } from '../../infra/stages.js';\nexport { STAGE_CONFIGS };\n",
      rule: PATHS_RULE,
    },
    {
      crossing: 'shared code importing infra',
      path: 'shared/http/wrong.ts',
      code: "import { STAGE_CONFIGS } from '../../infra/stages.js';\nexport { STAGE_CONFIGS };\n",
      rule: PATHS_RULE,
    },
    {
      crossing: 'the configuration importing an adapter',
      path: 'shared/config/wrong.ts',
      code: "import { nodeRandom } from '../adapters/crypto/node-random.js';\nexport { nodeRandom };\n",
      rule: PATHS_RULE,
    },
    {
      crossing: 'the app client importing a Node module',
      path: 'shared/client/wrong.ts',
      code: "import { randomUUID } from 'node:crypto';\nexport { randomUUID };\n",
      rule: NODE_MODULES_RULE,
    },
    {
      crossing: 'the app client importing a Node module without the node: prefix',
      path: 'shared/client/wrong.ts',
      code: "import { readFile } from 'fs/promises';\nexport { readFile };\n",
      rule: NODE_MODULES_RULE,
    },
    {
      crossing: 'the app client using a Node global',
      path: 'shared/client/wrong.ts',
      code: "export const bytes = Buffer.from('x');\n",
      rule: GLOBALS_RULE,
    },
    {
      crossing: 'the app client importing an AWS package',
      path: 'shared/client/wrong.ts',
      code: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport { DynamoDBClient };\n",
      rule: PACKAGES_RULE,
    },
    {
      crossing: 'the app client importing the domain',
      path: 'shared/client/wrong.ts',
      code: "import { SignetError } from '../domain/errors.js';\nexport { SignetError };\n",
      rule: PATHS_RULE,
    },
    {
      crossing: 'the app client importing an adapter through the #shared alias',
      path: 'shared/client/wrong.ts',
      code: "import { nodeRandom } from '#shared/adapters/crypto/node-random.js';\nexport { nodeRandom };\n",
      rule: PATHS_RULE,
    },
    {
      crossing: 'the app client importing the HTTP layer',
      path: 'shared/client/wrong.ts',
      code: "import { httpRoute } from '../http/route.js';\nexport { httpRoute };\n",
      rule: PATHS_RULE,
    },
  ])('reports $crossing', async ({ path, code, rule }) => {
    // Act
    const reports = await boundaryReports(path, code);

    // Assess
    expect(reports.map((report) => report.ruleId)).toEqual([rule]);
  });

  it('lets an adapter import the domain', async () => {
    // Act
    const [result] = await eslint.lintText(
      "import type { Clock } from '../../domain/ports.js';\nexport type { Clock };\n",
      { filePath: join(repositoryRoot, 'shared/adapters/dynamodb/allowed.ts') },
    );

    // Assess
    expect(result?.messages).toEqual([]);
  });

  it('lets the app client import its own files and generated types', async () => {
    // Act
    const [result] = await eslint.lintText(
      "import type { paths } from './openapi-types.js';\nimport { memoryStorage } from './storage.js';\n" +
        'export { memoryStorage };\nexport type { paths };\n',
      { filePath: join(repositoryRoot, 'shared/client/allowed.ts') },
    );

    // Assess
    expect(result?.messages).toEqual([]);
  });
});
