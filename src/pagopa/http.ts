import { randomUUID } from 'node:crypto';
import { PagoPaRefusedError, PagoPaUnavailableError } from './gateway.ts';

export interface HttpOptions {
  timeoutMs: number;
  retries: number;
  fetch?: typeof fetch;
}

export interface CallSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  apiKey?: string;
  json?: unknown;
  /** The same key on every attempt of one logical call, so the far side can recognise a retry. */
  idempotencyKey?: string;
  /** Statuses that are an answer, not a failure (e.g. 409 "already exists" on an idempotent create). */
  accept?: number[];
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
}

const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * One HTTP call to pagoPA with a timeout per attempt and a few retries on timeouts, network errors and
 * 5xx. 4xx are answers: they go back to the caller (as PagoPaRefusedError unless listed in `accept`).
 */
export async function callPagoPa(spec: CallSpec, options: HttpOptions): Promise<CallResult> {
  const doFetch = options.fetch ?? fetch;
  const idempotencyKey = spec.idempotencyKey ?? randomUUID();
  const headers: Record<string, string> = {
    accept: 'application/json, application/xml;q=0.9, */*;q=0.5',
    'idempotency-key': idempotencyKey,
  };
  if (spec.apiKey) headers['ocp-apim-subscription-key'] = spec.apiKey;
  if (spec.json !== undefined) headers['content-type'] = 'application/json';
  let lastProblem = 'no attempt made';
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** (attempt - 1)));
    try {
      const response = await doFetch(spec.url, {
        method: spec.method,
        headers,
        body: spec.json === undefined ? undefined : JSON.stringify(spec.json),
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text();
      if (response.status < 400 || spec.accept?.includes(response.status))
        return { status: response.status, headers: response.headers, text };
      if (!RETRYABLE(response.status)) throw new PagoPaRefusedError(response.status, problemDetail(text));
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      if (error instanceof PagoPaRefusedError) throw error;
      lastProblem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
  throw new PagoPaUnavailableError(`${spec.method} ${spec.url} failed after ${options.retries + 1} attempts (${lastProblem})`);
}

/** pagoPA answers errors as RFC 7807 problem JSON ({ title, detail }); anything else is shown raw, shortened. */
function problemDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { detail?: string; title?: string };
    return body.detail ?? body.title ?? text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}
