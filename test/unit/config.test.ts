import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, redactUrl } from '../../core/shared/config.ts';
import { createLogger, readableLogStream, redactSecrets } from '../../core/shared/logger.ts';

describe('configuration', () => {
  it('has local defaults for every variable', () => {
    const config = parseConfig({});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/orderchat');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PORT).toBe(3000);
    expect(config.ROLE).toBe('all');
    expect(config.DEFAULT_LOCALE).toBe('zh-CN');
    expect(config.PUBLIC_URL).toBe('http://localhost:3000');
    expect(config.TELEGRAM_MODE).toBe('webhook');
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it('treats empty values as unset', () => {
    const config = parseConfig({ PORT: '', TELEGRAM_BOT_TOKEN: '' });
    expect(config.PORT).toBe(3000);
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it.each([
    ['DATABASE_URL', 'nonsense'],
    ['REDIS_URL', 'localhost:6379'],
    ['PORT', 'eighty'],
    ['ROLE', 'both'],
    ['DEFAULT_LOCALE', 'fr'],
    ['REPORT_TIMEZONE', 'Mars/Olympus'],
    ['TELEGRAM_MODE', 'push'],
    ['APPROVAL_THRESHOLD_MINOR', '-5'],
    ['PUBLIC_URL', 'not a url'],
  ])('a wrong %s is named in a one-line error', (variable, value) => {
    let error: unknown;
    try {
      parseConfig({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(variable);
    expect(message).not.toContain('\n');
  });

  it('never echoes secrets in errors', () => {
    expect(() => parseConfig({ TELEGRAM_BOT_TOKEN: 'x', TELEGRAM_MODE: 'bad' })).toThrow(/TELEGRAM_MODE/);
    expect(redactUrl('postgres://app:s3cret@db:5432/orderchat')).toBe('postgres://app:***@db:5432/orderchat');
    // A URL variable with a password in it is named in the error, never shown.
    expect(() => parseConfig({ SMTP_URL: 'smtp://mailer:s3cret@mail.example:587', MAIL_FROM: 'x' })).toThrow(/MAIL_FROM/);
    expect(() => parseConfig({ REDIS_URL: 'ftp://user:s3cret@host' })).toThrow(/^(?![\s\S]*s3cret)[\s\S]*REDIS_URL/);
    // Inside any text bound for a log line, a password in a URL is replaced.
    expect(redactSecrets('SMTP connection to smtps://mailer:s3cret@mail.example:465 failed')).toBe('SMTP connection to smtps://mailer:[redacted]@mail.example:465 failed');
  });

  it('the demo logs readable lines (time, level, message, fields), secrets redacted as in JSON', async () => {
    const { PassThrough } = await import('node:stream');
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const logger = createLogger('info', readableLogStream(output));
    logger.info({ port: 3000, database: 'postgres://app:s3cret@db:5432/orderchat', token: 'abc' }, 'listening');
    await new Promise((resolve) => setImmediate(resolve));
    const [line] = chunks.join('').split('\n');
    expect(line).toMatch(/^\[\d{2}:\d{2}:\d{2}\] INFO: listening \{"port":3000,"database":"postgres:\/\/app:\[redacted\]@db:5432\/orderchat","token":"\[redacted\]"\}$/);
  });
});

describe('.env support', () => {
  it('loadConfig reads .env without overriding variables already set', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { loadConfig } = await import('../../core/shared/config.ts');
    const file = join(mkdtempSync(join(tmpdir(), 'orderchat-env-')), '.env');
    writeFileSync(file, 'REPORT_TIMEZONE=Europe/Berlin\nDEFAULT_LOCALE=en\n');
    const config = loadConfig(file, { DEFAULT_LOCALE: 'zh-CN' });
    expect(config.REPORT_TIMEZONE).toBe('Europe/Berlin');
    expect(config.DEFAULT_LOCALE).toBe('zh-CN');
  });
});
