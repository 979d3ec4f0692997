// Secrets of the bench's own app process; they protect nothing but a throwaway database on loopback.
export const BENCH_SESSION_SECRET = 'bench-only-session-secret-0123456789abcdef';
export const BENCH_PUSH_TOKEN = 'bench-only-pagopa-push-token';
