import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cyclesOf, importGraph, importsOf, root, tsFiles } from '../support/import-graph.ts';

const transportPackages = ['express', 'telegraf', '@slack/bolt', 'bullmq', 'ioredis'];
const ormPackages = ['@mikro-orm/core', '@mikro-orm/postgresql', '@mikro-orm/migrations', '@mikro-orm/sql', 'pg'];

/** The reason an import breaks the rule "core imports nothing outward", or null. */
function coreViolation(specifier: string, fileDir: string): string | null {
  if (transportPackages.some((name) => specifier === name || specifier.startsWith(`${name}/`))) return `transport package ${specifier}`;
  if (specifier.startsWith('.')) {
    const target = relative(root, join(fileDir, specifier)).split(/[\\/]/)[0];
    if (target === 'bots' || target === 'jobs') return `outer layer ${target}/`;
    if (target === 'main.ts' || target === 'cli.ts') return `composition root ${target}`;
  }
  return null;
}

/**
 * The reason an import breaks "front ends and jobs call core services": the ORM or the
 * database driver, which only core may touch (its services own every transaction).
 */
function frontEndViolation(specifier: string): string | null {
  return ormPackages.some((name) => specifier === name || specifier.startsWith(`${name}/`)) ? `the ORM or driver ${specifier}` : null;
}

function violationsIn(file: string, source: string, rule: (specifier: string, fileDir: string) => string | null): string[] {
  const dir = join(file, '..');
  return importsOf(source).flatMap((specifier) => {
    const reason = rule(specifier, dir);
    return reason ? [`${relative(root, file)} imports ${reason}`] : [];
  });
}

describe('import boundary of core/', () => {
  it('no file under core/ imports bots/, jobs/, express, telegraf, @slack/bolt, bullmq or ioredis', () => {
    const files = tsFiles(join(root, 'core'));
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((file) => violationsIn(file, readFileSync(file, 'utf8'), coreViolation));
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
    for (const sample of samples) expect(violationsIn(file, sample, coreViolation), sample).toHaveLength(1);
    expect(violationsIn(file, "import { AppError } from '../shared/errors.ts';\nimport { z } from 'zod';", coreViolation)).toEqual([]);
  });
});

describe('front ends and jobs reach the database only through core services', () => {
  it('no file under bots/ or jobs/ imports the ORM or the pg driver', () => {
    const files = [...tsFiles(join(root, 'bots')), ...tsFiles(join(root, 'jobs'))];
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((file) => violationsIn(file, readFileSync(file, 'utf8'), frontEndViolation));
    expect(found).toEqual([]);
  });

  it('the check catches the ORM, its types and the driver', () => {
    const file = join(root, 'bots', 'http', 'example.ts');
    const samples = [
      "import type { MikroORM } from '@mikro-orm/postgresql';",
      "import { LockMode } from '@mikro-orm/core';",
      "import { Client } from 'pg';",
      "const late = await import('@mikro-orm/sql');",
    ];
    for (const sample of samples) expect(violationsIn(file, sample, frontEndViolation), sample).toHaveLength(1);
    expect(violationsIn(file, "import type { CoreServices } from '../../core/services.ts';", frontEndViolation)).toEqual([]);
  });
});

describe('no import cycles', () => {
  it('the project files (core, bots, jobs, main.ts, cli.ts) import each other without a cycle', () => {
    const files = [...tsFiles(join(root, 'core')), ...tsFiles(join(root, 'bots')), ...tsFiles(join(root, 'jobs')), join(root, 'main.ts'), join(root, 'cli.ts')];
    expect(cyclesOf(importGraph(files))).toEqual([]);
  });

  it('the check finds a cycle of two files, and of three', () => {
    const [a, b, c] = ['a.ts', 'b.ts', 'c.ts'].map((name) => join(root, 'core', 'example', name)) as [string, string, string];
    const sources: Record<string, string> = {
      [a]: "import { b } from './b.ts';",
      [b]: "export type { A } from './a.ts';",
      [c]: "import { a } from './a.ts';",
    };
    expect(cyclesOf(importGraph([a, b, c], (file) => sources[file]!))).toEqual([['core/example/a.ts', 'core/example/b.ts']]);
    sources[b] = "import { c } from './c.ts';";
    expect(cyclesOf(importGraph([a, b, c], (file) => sources[file]!))).toEqual([['core/example/a.ts', 'core/example/b.ts', 'core/example/c.ts']]);
  });
});
