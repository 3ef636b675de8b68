export { createTestEnv, type TestEnv } from './test-env.ts';
export { discoverTestInfra, reachable } from './infra-urls.ts';
