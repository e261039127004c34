// Builds the test JupyterLab into ./build: one bundle (bundle.js plus its lazy chunks) and the
// settings schemas and themes that @jupyterlab/builder copies from each extension package.
// The loaders and Node fallbacks are @jupyterlab/builder's own (the base of every Lab 4
// extension build), so this file only says what to build and where.
const path = require('path');
const { Build } = require('@jupyterlab/builder');
const base = require('@jupyterlab/builder/lib/webpack.config.base');
const pkg = require('./package.json');

const assets = Build.ensureAssets({
  packageNames: pkg.jupyterlab.extensions,
  output: path.join(__dirname, 'build'),
});

module.exports = [
  {
    ...base,
    entry: './index.js',
    output: { ...base.output, path: path.join(__dirname, 'build'), filename: 'bundle.js' },
    // A test build: no minification and no source maps keep it fast on a shared machine.
    mode: 'development',
    devtool: false,
    bail: true,
    cache: false,
  },
].concat(assets);
