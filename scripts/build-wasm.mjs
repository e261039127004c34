// Compiles the fused kernels (AssemblyScript, SIMD, shared memory) twice:
// dist/models/fused/gru.wasm, and gru-fma.wasm with relaxed SIMD (fused multiply-add), which
// wasm.ts prefers where the engine runs it. The memory limits come from
// src/models/fused/memory-pages.json, the file wasm.ts creates the memory from, so the
// modules and their memory cannot disagree.
import { readFileSync } from 'node:fs';
import asc from 'assemblyscript/asc';

const pages = JSON.parse(readFileSync(new URL('../src/models/fused/memory-pages.json', import.meta.url), 'utf8'));
const builds = [
  { output: 'dist/models/fused/gru.wasm', features: 'simd,threads' },
  { output: 'dist/models/fused/gru-fma.wasm', features: 'simd,threads,relaxed-simd' },
];
for (const { output, features } of builds) {
  const { error, stderr } = await asc.main([
    'src/models/fused/assembly/index.ts',
    '-o', output,
    '-O3', '--enable', features, '--runtime', 'stub', '--noAssert',
    '--importMemory', '--sharedMemory',
    '--initialMemory', String(pages.initial),
    '--maximumMemory', String(pages.maximum),
  ]);
  if (error) {
    console.error(stderr.toString());
    console.error(`build:wasm: ${output}: ${error.message}`);
    process.exit(1);
  }
}
