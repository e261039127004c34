// Builds the test JupyterLab into ./build: one bundle (index.js) plus the settings schemas
// and themes that @jupyterlab/builder copies from each extension package.
const path = require('path');
const webpack = require('webpack');
const { Build } = require('@jupyterlab/builder');
const pkg = require('./package.json');

const assets = Build.ensureAssets({
  packageNames: pkg.jupyterlab.extensions,
  output: path.join(__dirname, 'build'),
});

module.exports = [
  {
    entry: ['whatwg-fetch', './index.js'],
    output: { path: path.join(__dirname, 'build'), filename: 'bundle.js' },
    // A test build: no minification and no source maps keep it fast on a shared machine.
    mode: 'development',
    devtool: false,
    bail: true,
    cache: false,
    module: {
      rules: [
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        { test: /\.html$/, use: 'file-loader' },
        { test: /\.md$/, use: 'raw-loader' },
        { test: /\.(jpg|png|gif)$/, use: 'file-loader' },
        { test: /\.js\.map$/, use: 'file-loader' },
        { test: /\.(woff2?|ttf)(\?v=\d+\.\d+\.\d+)?$/, use: { loader: 'url-loader', options: { limit: 10000 } } },
        { test: /\.eot(\?v=\d+\.\d+\.\d+)?$/, use: 'file-loader' },
        // SVG: data URIs inside CSS, raw strings when imported from JavaScript (LabIcon).
        { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.css$/, use: { loader: 'svg-url-loader', options: { encoding: 'none', limit: 10000 } } },
        { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.js$/, use: 'raw-loader' },
      ],
    },
    plugins: [
      new webpack.DefinePlugin({ 'process.env': '{}', process: { cwd: () => '/' } }),
    ],
  },
].concat(assets);
