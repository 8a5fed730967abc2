import { ConfigError, loadConfig } from './env.schema';

describe('loadConfig', () => {
  it('should apply the defaults that fit the development machine', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.APP_ROLE).toBe('all');
    expect(config.DB_NAME).toBe('hotline');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('should convert numbers and keep an explicitly empty password', () => {
    const config = loadConfig({ PORT: '8080', DB_PASSWORD: '' });
    expect(config.PORT).toBe(8080);
    expect(config.DB_PASSWORD).toBe('');
  });

  it('should name every bad key in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', APP_ROLE: 'web', REDIS_URL: 'localhost', JWT_SECRET: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const key of ['PORT', 'APP_ROLE', 'REDIS_URL', 'JWT_SECRET']) expect(message).toContain(key);
    expect(message).not.toContain('short');
  });

  it('should refuse the development secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET.*production/s);
  });
});
