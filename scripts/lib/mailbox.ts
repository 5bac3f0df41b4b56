/** The demos print what an e-mail subscriber of the topic would receive: each new SNS message, once. */
import type { Published } from '../../sandbox/server.ts';

/** A printer of the messages published since it last printed. */
export function mailbox(published: readonly Published[], out: (text: string) => void = (t) => process.stdout.write(t)): () => void {
  let shown = 0;
  return () => {
    for (const m of published.slice(shown)) {
      const attrs = Object.entries(m.attributes).map(([k, v]) => `${k}=${v.StringValue}`).join(' ');
      out(`\n┌─ E-mail from policy-drift ─────────────────────────────────────────────────\n`);
      out(`│ Subject: ${m.subject ?? '(none)'}\n│ Message attributes: ${attrs}\n└────────────────────────────────────────────────────────────────────────────\n`);
      out(m.message);
    }
    shown = published.length;
  };
}
