import type { Router } from 'express';
import type { AppDeps } from '../../deps.ts';

/** One area of the back office: its path under /:comune/admin and its router (STYLE.md, one admin area). */
export interface AdminArea {
  path: `/${string}`;
  routes: (deps: AppDeps) => Router;
}
