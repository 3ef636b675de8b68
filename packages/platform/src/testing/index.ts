export { createTestEnv, type TestEnv } from './test-env.ts';
export { discoverTestInfra, reachable, freePort } from './infra-urls.ts';
