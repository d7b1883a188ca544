import { describe, expect, it } from 'vitest';
import { freePort, runScript, waitForOk } from '../support/process.ts';
import { closeAfterAll, serviceEnv } from '../support/context.ts';
import { FakeTelegramApi } from '../fakes/telegram-api.ts';

const logLines = (text: string) => text.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string; pid: number });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('WEB_PROCESSES', () => {
  it('runs that many web processes on one port, each serving, and stops them all on SIGTERM', async () => {
    const port = await freePort();
    const telegram = new FakeTelegramApi();
    const apiRoot = await telegram.start();
    closeAfterAll(() => telegram.stop());
    const service = runScript('main.ts', [], {
      ...serviceEnv(),
      PORT: String(port), LOG_LEVEL: 'info', ROLE: 'web', WEB_PROCESSES: '2',
      TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_MODE: 'polling',
    });
    try {
      await waitForOk(`http://127.0.0.1:${port}/readyz`, 90_000);
      const listening = () => logLines(service.stdout()).filter((line) => line.msg.startsWith('listening on'));
      for (let waited = 0; listening().length < 2 && waited < 20_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      const pids = [...new Set(listening().map((line) => line.pid))];
      expect(pids).toHaveLength(2);
      expect(pids).not.toContain(service.child.pid);
      // The process that forks prepares the database; one process polls Telegram (two would be refused).
      expect(logLines(service.stdout()).filter((line) => line.msg === 'database ready').map((line) => line.pid)).toEqual([service.child.pid]);
      expect(logLines(service.stdout()).filter((line) => line.msg === 'Telegram bot polling for updates')).toHaveLength(1);
      // Requests are shared out: both answer on the one port.
      const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.status)));
      expect(answers).toEqual(Array(20).fill(200));

      service.child.kill('SIGTERM');
      const exit = await service.exited;
      expect(exit.code).toBe(0);
      expect(pids.filter(alive)).toEqual([]);
      expect(logLines(service.stdout()).filter((line) => line.level >= 50)).toEqual([]);
      expect(service.stderr().trim()).toBe('');
    } finally {
      service.child.kill('SIGKILL');
    }
  }, 120_000);
});
