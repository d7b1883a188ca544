/**
 * Run inside the bare machine's network namespace (test/e2e/bare-machine.test.ts): waits for the
 * demo's /readyz, orders the first product of the first category through the web chat API as
 * the page does, waits for the confirmation in the transcript, and prints the transcript (JSON).
 * Exits 1 with the reason when a step fails.
 */
import { WebVisitor } from './web-visitor.ts';
import { waitForOk } from './process.ts';

const baseUrl = process.argv[2]!;

async function visit(): Promise<string[]> {
  await waitForOk(`${baseUrl}/readyz`, 180_000);
  const visitor = await WebVisitor.arrive(baseUrl);
  await visitor.send('/catalog');
  await visitor.press(/^tea \(/i);
  await visitor.press(/Longjing/);
  await visitor.press(/Add to cart/);
  await visitor.press(/Check out/);
  await visitor.send('88 Huaihai Road, Shanghai');
  await visitor.send('13800138000');
  await visitor.press(/Cash on delivery/);
  await visitor.press(/Confirm/);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const texts = (await visitor.transcript()).map((message) => message.text);
    if (texts.some((text) => /Order SO-\d{8}-\d{6} is confirmed/.test(text))) return texts;
    if (Date.now() > deadline) throw new Error(`no confirmation; transcript: ${JSON.stringify(texts)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

visit().then(
  (texts) => process.stdout.write(`${JSON.stringify(texts)}\n`),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
