import express, { type Router } from 'express';
import type pg from 'pg';

const READY_TIMEOUT_MS = 2000;

/**
 * Liveness (`/health`, `/health/live`): the process answers. Readiness (`/health/ready`): it can also reach
 * PostgreSQL, so a load balancer or orchestrator sends it requests only then (503 otherwise).
 */
export function setUpHealth(pool: pg.Pool): Router {
  const router = express.Router();
  router.use('/health', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.get(['/health', '/health/live'], (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/health/ready', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('readiness check timed out')), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([pool.query('SELECT 1'), timeout]);
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    } finally {
      clearTimeout(timer);
    }
  });
  return router;
}
