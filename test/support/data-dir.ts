import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A temporary directory for embedded PostgreSQL data. Run as root, the server runs as the
 * postgres user, who must be able to reach it.
 */
export function embeddedDataRoot(prefix: string): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(root, 0o755);
  return root;
}
