import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('VIEW_CACHE', () => {
  it('compiles templates once by default, in development (npm start) too', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).viewCache).toBe(true);
    expect(loadConfig({}).viewCache).toBe(true);
  });

  it('recompiles them on every request only when asked, as npm run dev does', () => {
    expect(loadConfig({ NODE_ENV: 'development', VIEW_CACHE: 'false' }).viewCache).toBe(false);
  });
});
