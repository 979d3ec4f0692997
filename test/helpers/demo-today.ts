/** The day the demo template is seeded as "today"; tests that use demo data stand on it (a Wednesday). */
export const DEMO_TODAY = '2026-11-18';
