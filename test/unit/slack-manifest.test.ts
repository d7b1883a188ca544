import { readFileSync } from 'node:fs';
import { App } from '@slack/bolt';
import { describe, expect, it, vi } from 'vitest';
import { createSlackConsole } from '../../bots/slack/slack.app.ts';
import type { CoreServices } from '../../core/services.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { testConfig } from '../support/app.ts';

describe('the Slack manifest', () => {
  it('lists exactly the slash commands the console registers, and the App Home it publishes', () => {
    const registered: string[] = [];
    const command = vi.spyOn(App.prototype, 'command').mockImplementation(function (this: App, name: unknown) {
      registered.push(String(name));
      return this;
    } as never);
    try {
      // Registering listeners calls nothing in core.
      createSlackConsole(testConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'manifest-test' }), {} as CoreServices, createLogger('silent'));
    } finally {
      command.mockRestore();
    }
    const manifest = readFileSync(new URL('../../slack/manifest.yml', import.meta.url), 'utf8');
    const listed = [...manifest.matchAll(/- command: (\/\w+)/g)].map((match) => match[1]);
    expect(listed.toSorted()).toEqual(registered.toSorted());
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(manifest).toMatch(/- app_home_opened/);
  });
});
