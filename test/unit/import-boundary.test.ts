import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const forbiddenPackages = ['express', 'telegraf', '@slack/bolt', 'bullmq', 'ioredis'];

/** Every import specifier of a TypeScript source (static, dynamic and re-exports). */
function importsOf(source: string): string[] {
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  return [...source.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? match[3]!);
}

/** The reason an import breaks the rule "core imports nothing outward", or null. */
function violation(specifier: string, fileDir: string): string | null {
  if (forbiddenPackages.some((name) => specifier === name || specifier.startsWith(`${name}/`))) return `transport package ${specifier}`;
  if (specifier.startsWith('.')) {
    const target = relative(root, join(fileDir, specifier)).split(/[\\/]/)[0];
    if (target === 'bots' || target === 'jobs') return `outer layer ${target}/`;
    if (target === 'main.ts' || target === 'cli.ts') return `composition root ${target}`;
  }
  return null;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? tsFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

function violationsIn(file: string, source: string): string[] {
  const dir = join(file, '..');
  return importsOf(source).flatMap((specifier) => {
    const reason = violation(specifier, dir);
    return reason ? [`${relative(root, file)} imports ${reason}`] : [];
  });
}

describe('import boundary of core/', () => {
  it('no file under core/ imports bots/, jobs/, express, telegraf, @slack/bolt, bullmq or ioredis', () => {
    const files = tsFiles(join(root, 'core'));
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((file) => violationsIn(file, readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the check catches each kind of forbidden import', () => {
    const file = join(root, 'core', 'orders', 'example.ts');
    const samples = [
      "import express from 'express';",
      "import { Telegraf } from 'telegraf';",
      "import { App } from '@slack/bolt';",
      "import { Queue } from 'bullmq';",
      "import type { Job } from 'bullmq/dist/esm/classes/job.js';",
      "import { apiRouter } from '../../bots/http/api/index.ts';",
      "export { startWorkers } from '../../jobs/worker.ts';",
      "const late = await import('../../jobs/queues.ts');",
    ];
    for (const sample of samples) expect(violationsIn(file, sample), sample).toHaveLength(1);
    expect(violationsIn(file, "import { AppError } from '../shared/errors.ts';\nimport { z } from 'zod';")).toEqual([]);
  });
});
