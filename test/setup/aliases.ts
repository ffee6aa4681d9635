import { join } from 'node:path';
import { loadConfig, register } from 'tsconfig-paths';

// Jest's global setup and teardown run outside its module registry, so its moduleNameMapper does not reach
// them: the `@gotong/…` aliases are taught to Node's own resolver here, from tsconfig.json's paths.
const config = loadConfig(join(__dirname, '../..'));
if (config.resultType === 'failed') throw new Error(`tsconfig.json: ${config.message}`);
register({ baseUrl: config.absoluteBaseUrl, paths: config.paths, addMatchAll: false });
