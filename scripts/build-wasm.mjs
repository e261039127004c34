// Compiles the fused GRU kernel (AssemblyScript, SIMD, shared memory) to
// dist/models/fused/gru.wasm. The memory limits come from src/models/fused/memory-pages.json,
// the file wasm.ts creates the memory from, so the module and its memory cannot disagree.
import { readFileSync } from 'node:fs';
import asc from 'assemblyscript/asc';

const pages = JSON.parse(readFileSync(new URL('../src/models/fused/memory-pages.json', import.meta.url), 'utf8'));
const { error, stderr } = await asc.main([
  'src/models/fused/assembly/index.ts',
  '-o', 'dist/models/fused/gru.wasm',
  '-O3', '--enable', 'simd,threads', '--runtime', 'stub', '--noAssert',
  '--importMemory', '--sharedMemory',
  '--initialMemory', String(pages.initial),
  '--maximumMemory', String(pages.maximum),
]);
if (error) {
  console.error(stderr.toString());
  console.error(`build:wasm: ${error.message}`);
  process.exit(1);
}
