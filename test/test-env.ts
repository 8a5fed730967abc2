/**
 * The e2e environment: an own database (its name must contain "test": the global setup drops and
 * recreates it) and an own Redis key prefix, so tests never touch development data.
 */
export const TEST_ENV = {
  NODE_ENV: 'test',
  DB_NAME: process.env.TEST_DB_NAME ?? 'hotline_test',
  REDIS_PREFIX: process.env.TEST_REDIS_PREFIX ?? 'hotline-test',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  DEMO_PASSWORD: 'Demo@12345678',
  // generous for the suite, which logs in many times from one address; the throttle test lowers nothing
  LOGIN_RATE_PER_IP_PER_MINUTE: '10000',
  LOGIN_RATE_PER_USER_PER_MINUTE: '20',
  LOGIN_MAX_FAILURES: '5',
  // the manual workflow is tested without the pipeline racing it; the pipeline tests turn it on
  PIPELINE_ENABLED: 'false',
} as const;

export function applyTestEnv(): void {
  Object.assign(process.env, TEST_ENV);
  if (!/test/i.test(process.env.DB_NAME ?? '')) {
    throw new Error(
      `Refusing to run the tests against the database "${process.env.DB_NAME}": its name must contain "test"`,
    );
  }
}
