// What bench/profile.ts asks the portal's process over IPC (only when started with BENCH_PROBE=1, never in a
// measured run): CPU profiles of a stretch of requests (node:inspector, so start-up is not in them) and the
// number of SQL statements sent since the last question (every round trip goes through pg.Client#query, Prisma's adapter included).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { captureStatements } from '../test/helpers/sql-capture.ts';

export interface ProbeMessage {
  probe: 'start-profile' | 'stop-profile' | 'statements';
  file?: string;
}

export function installProbe(send: (message: unknown) => void): void {
  const { sent } = captureStatements();
  const session = new Session();
  session.connect();
  process.on('message', (message: ProbeMessage) => {
    void (async () => {
      if (message.probe === 'start-profile') {
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 200 });
        await session.post('Profiler.start');
      } else if (message.probe === 'stop-profile') {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(message.file!, JSON.stringify(profile));
      } else if (message.probe !== 'statements') return;
      send({ probed: message.probe, statements: sent.length });
      sent.length = 0;
    })();
  });
}
