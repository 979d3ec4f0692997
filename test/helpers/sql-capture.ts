import pg from 'pg';

/**
 * Records the text of every SQL statement the process sends (every round trip goes through pg.Client#query,
 * Prisma's pg adapter and the session store included), whitespace collapsed, until `stop`.
 */
export function captureStatements(): { sent: string[]; stop(): void } {
  const sent: string[] = [];
  const originalQuery = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    if (text) sent.push(text.replace(/\s+/g, ' '));
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
  return {
    sent,
    stop: () => {
      pg.Client.prototype.query = originalQuery;
    },
  };
}
