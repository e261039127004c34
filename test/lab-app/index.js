// Entry of the test JupyterLab 4: the plugins of package.json's "jupyterlab.extensions" plus
// the mime renderers below, minus those the page config disables (the same switch as
// `jupyter labextension disable NAME`: the tests run once with jupyterlab-plotly, once without).
// Started as JupyterLab 4's own page starts it: the services (kernels, sessions, contents...)
// come from @jupyterlab/services-extension's plugins, resolved before the application is made.
import { PageConfig } from '@jupyterlab/coreutils';
import { IConnectionStatus, IServiceManager } from '@jupyterlab/services';
import { PluginRegistry } from '@lumino/coreutils';

// Assets (CSS, fonts) load from the server's static URL.
// eslint-disable-next-line no-undef
__webpack_public_path__ = PageConfig.getOption('fullStaticUrl') + '/';

const styles = import('./build/style.js');

const pluginModules = [
  ['@jupyterlab/application-extension', import('@jupyterlab/application-extension')],
  ['@jupyterlab/apputils-extension', import('@jupyterlab/apputils-extension')],
  ['@jupyterlab/celltags-extension', import('@jupyterlab/celltags-extension')],
  ['@jupyterlab/codemirror-extension', import('@jupyterlab/codemirror-extension')],
  ['@jupyterlab/completer-extension', import('@jupyterlab/completer-extension')],
  ['@jupyterlab/console-extension', import('@jupyterlab/console-extension')],
  ['@jupyterlab/csvviewer-extension', import('@jupyterlab/csvviewer-extension')],
  ['@jupyterlab/docmanager-extension', import('@jupyterlab/docmanager-extension')],
  ['@jupyterlab/documentsearch-extension', import('@jupyterlab/documentsearch-extension')],
  ['@jupyterlab/filebrowser-extension', import('@jupyterlab/filebrowser-extension')],
  ['@jupyterlab/fileeditor-extension', import('@jupyterlab/fileeditor-extension')],
  ['@jupyterlab/help-extension', import('@jupyterlab/help-extension')],
  ['@jupyterlab/imageviewer-extension', import('@jupyterlab/imageviewer-extension')],
  ['@jupyterlab/inspector-extension', import('@jupyterlab/inspector-extension')],
  ['@jupyterlab/launcher-extension', import('@jupyterlab/launcher-extension')],
  ['@jupyterlab/lsp-extension', import('@jupyterlab/lsp-extension')],
  ['@jupyterlab/mainmenu-extension', import('@jupyterlab/mainmenu-extension')],
  ['@jupyterlab/markdownviewer-extension', import('@jupyterlab/markdownviewer-extension')],
  ['@jupyterlab/markedparser-extension', import('@jupyterlab/markedparser-extension')],
  ['@jupyterlab/mathjax-extension', import('@jupyterlab/mathjax-extension')],
  ['@jupyterlab/metadataform-extension', import('@jupyterlab/metadataform-extension')],
  ['@jupyterlab/notebook-extension', import('@jupyterlab/notebook-extension')],
  ['@jupyterlab/rendermime-extension', import('@jupyterlab/rendermime-extension')],
  ['@jupyterlab/running-extension', import('@jupyterlab/running-extension')],
  ['@jupyterlab/services-extension', import('@jupyterlab/services-extension')],
  ['@jupyterlab/settingeditor-extension', import('@jupyterlab/settingeditor-extension')],
  ['@jupyterlab/shortcuts-extension', import('@jupyterlab/shortcuts-extension')],
  ['@jupyterlab/statusbar-extension', import('@jupyterlab/statusbar-extension')],
  ['@jupyterlab/theme-light-extension', import('@jupyterlab/theme-light-extension')],
  ['@jupyterlab/toc-extension', import('@jupyterlab/toc-extension')],
  ['@jupyterlab/tooltip-extension', import('@jupyterlab/tooltip-extension')],
  ['@jupyterlab/translation-extension', import('@jupyterlab/translation-extension')],
  ['@jupyterlab/ui-components-extension', import('@jupyterlab/ui-components-extension')],
];

const mimeModules = [
  ['@jupyterlab/javascript-extension', import('@jupyterlab/javascript-extension')],
  ['@jupyterlab/json-extension', import('@jupyterlab/json-extension')],
  // Plotly's own JupyterLab renderer for application/vnd.plotly.v1+json, as `pip install plotly` brings it.
  ['jupyterlab-plotly', import('jupyterlab-plotly/lib/plotly-renderer')],
];

/** The plugins a module exports (ES default or CommonJS), without the disabled ones. */
function enabledPlugins(name, mod) {
  if (PageConfig.Extension.isDisabled(name)) return [];
  const exported = Object.prototype.hasOwnProperty.call(mod, '__esModule') ? mod.default : mod;
  const plugins = Array.isArray(exported) ? exported : [exported];
  return plugins.filter((p) => !PageConfig.Extension.isDisabled(p.id));
}

async function load(modules) {
  const loaded = await Promise.all(modules.map(([, promise]) => promise));
  return loaded.flatMap((mod, i) => enabledPlugins(modules[i][0], mod));
}

window.addEventListener('load', async () => {
  await styles;
  const { JupyterLab } = await import('@jupyterlab/application');
  const mimeExtensions = await load(mimeModules);
  const pluginRegistry = new PluginRegistry();
  pluginRegistry.registerPlugins(await load(pluginModules));
  const serviceManager = await pluginRegistry.resolveOptionalService(IServiceManager);
  const connectionStatus = await pluginRegistry.resolveOptionalService(IConnectionStatus);
  const lab = new JupyterLab({ pluginRegistry, serviceManager, connectionStatus, mimeExtensions });
  // Read by the tests: which renderers this page has.
  window.grulabLab = { app: lab, mimeExtensions: mimeExtensions.map((m) => m.id) };
  await lab.start();
  await lab.restored;
  document.body.dataset.grulabLab = 'restored';
});
